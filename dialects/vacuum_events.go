package dialects

import (
	"sort"
	"time"

	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/models"
)

// occurredRow is an event or event resource as the event phases read it.
type occurredRow struct {
	ID       models.UUID
	Occurred models.Timestamp
}

func (r occurredRow) rowID() models.UUID { return r.ID }

// eventTypes runs the events phase once per EventTypesBefore entry, with
// the later of its cutoff and EventsBefore.
func (v *vacuum) eventTypes() error {
	names := make([]string, 0, len(v.opts.EventTypesBefore))
	for name := range v.opts.EventTypesBefore {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		cutoff := v.opts.EventTypesBefore[name]
		if cutoff.Before(v.opts.EventsBefore) {
			cutoff = v.opts.EventsBefore
		}
		if err := v.events(name, cutoff); err != nil {
			return err
		}
	}
	return nil
}

// events deletes the events (of the event name, when not "") that
// occurred before cutoff, with their resources: each batch reads the next
// events in occurred order through ix_events__occurred (or
// ix_events__event_occurred), deletes their resources through
// ix_event_resources__event_id, then the events.
func (v *vacuum) events(name string, before time.Time) error {
	cutoff := models.NewTimestamp(before)
	where, args := "occurred < ?", []any{cutoff}
	if name != "" {
		// The events phase, which ran first, took those before EventsBefore.
		where, args = "event = ? AND occurred >= ? AND occurred < ?", []any{name, models.NewTimestamp(v.opts.EventsBefore), cutoff}
	}
	return v.occurredWalk("events", where, args, func(tx *gorm.DB, ids []models.UUID, r *VacuumReport) error {
		n, err := execChunks(tx, "DELETE FROM event_resources WHERE event_id IN ?", ids)
		r.EventResources += n
		if err != nil {
			return err
		}
		n, err = execChunks(tx, "DELETE FROM events WHERE id IN ?", ids)
		r.Events += n
		return err
	})
}

// eventResources deletes the event resources that occurred before
// EventsBefore and are left, as Prefect deletes old resources by their own
// occurred: after the events phase, those whose event was already gone. A
// dry run, whose events phase deleted nothing, leaves out the resources of
// the old events it counted there.
func (v *vacuum) eventResources() error {
	cutoff := models.NewTimestamp(v.opts.EventsBefore)
	return v.occurredWalk("event_resources", "occurred < ?", []any{cutoff}, func(tx *gorm.DB, ids []models.UUID, r *VacuumReport) error {
		if v.opts.DryRun {
			var kept []models.UUID
			err := chunks(ids, func(c []models.UUID) error {
				var k []models.UUID
				err := tx.Raw("SELECT r.id FROM event_resources r WHERE r.id IN ? AND NOT EXISTS (SELECT 1 FROM events e WHERE e.id = r.event_id AND e.occurred < ?)", c, cutoff).Scan(&k).Error
				kept = append(kept, k...)
				return err
			})
			if err != nil {
				return err
			}
			ids = kept
		}
		n, err := execChunks(tx, "DELETE FROM event_resources WHERE id IN ?", ids)
		r.EventResources += n
		return err
	})
}

// occurredWalk calls del, one batch per transaction, with the ids of the
// rows of table matching where, in occurred order: BatchSize rows after
// the cursor plus the others at the last occurred read, so the cursor
// moves strictly past it (a dry run, which deletes nothing, still ends).
func (v *vacuum) occurredWalk(table, where string, args []any, del func(tx *gorm.DB, ids []models.UUID, r *VacuumReport) error) error {
	var cursor *models.Timestamp
	for {
		var page []occurredRow
		err := v.batch(func(tx *gorm.DB, r *VacuumReport) error {
			q := "SELECT id, occurred FROM " + table + " WHERE " + where
			a := append([]any{}, args...)
			if cursor != nil {
				q += " AND occurred > ?"
				a = append(a, *cursor)
			}
			if err := tx.Raw(q+" ORDER BY occurred LIMIT ?", append(a, v.size)...).Scan(&page).Error; err != nil {
				return err
			}
			if len(page) == 0 {
				return nil
			}
			if len(page) == v.size {
				var ties []occurredRow
				if err := tx.Raw("SELECT id, occurred FROM "+table+" WHERE "+where+" AND occurred = ?", append(append([]any{}, args...), page[len(page)-1].Occurred)...).Scan(&ties).Error; err != nil {
					return err
				}
				page = mergeTies(page, ties)
			}
			ids := make([]models.UUID, len(page))
			for i, row := range page {
				ids[i] = row.ID
			}
			return del(tx, ids, r)
		})
		if err != nil {
			return err
		}
		if len(page) == 0 {
			return nil
		}
		last := page[len(page)-1].Occurred
		cursor = &last
	}
}
