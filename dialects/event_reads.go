package dialects

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/prefectorm/prefectorm/models"
)

// EventPageSize is Prefect's INTERACTIVE_PAGE_SIZE, the default page of
// ReadEvents.
const EventPageSize = 50

// EventFilter is the part of Prefect's events EventFilter that pages of
// events by time and by resource use. Set fields are ANDed.
type EventFilter struct {
	// Since and Until bound occurred (occurred.since <= occurred <=
	// occurred.until); zero means Prefect's defaults, one day ago and now.
	Since, Until time.Time
	// ResourceIDs is the primary resource: events.resource_id IN (…)
	// (resource.id).
	ResourceIDs []string
	// AnyResourceIDs matches events any of whose resources, primary or
	// related, has one of the ids (any_resource.id): Prefect's
	// events.id IN (SELECT event_id FROM event_resources WHERE occurred in
	// the window AND resource_id IN (…)).
	AnyResourceIDs []string
	// EventNames is events.event IN (…) (event.name).
	EventNames []string
	// Ascending orders oldest first; the default is Prefect's DESC.
	Ascending bool
}

// ReadEvents mirrors Prefect's events/storage/database.py read_events (the
// event feed, /events/filter): limit events (EventPageSize when 0) from
// offset matching filter, ordered by occurred (descending unless
// filter.Ascending), with id as the tie-breaker in the same direction so
// that pages are stable and identical on both dialects.
func ReadEvents(ctx context.Context, db *gorm.DB, filter EventFilter, limit, offset int) ([]models.Event, error) {
	if limit == 0 {
		limit = EventPageSize
	}
	if err := checkPage("ReadEvents", limit, offset); err != nil {
		return nil, err
	}
	until := filter.Until
	if until.IsZero() {
		until = time.Now()
	}
	since := filter.Since
	if since.IsZero() {
		since = until.Add(-24 * time.Hour)
	}
	if until.Before(since) {
		return nil, fmt.Errorf("prefectorm: ReadEvents: Until %s is before Since %s", until.Format(time.RFC3339Nano), since.Format(time.RFC3339Nano))
	}
	col := func(name string) clause.Column { return clause.Column{Table: "events", Name: name} }
	q := db.WithContext(ctx).Model(&models.Event{}).
		Where(clause.Gte{Column: col("occurred"), Value: models.NewTimestamp(since)}).
		Where(clause.Lte{Column: col("occurred"), Value: models.NewTimestamp(until)})
	if len(filter.EventNames) > 0 {
		q = q.Where(clause.IN{Column: col("event"), Values: stringValues(filter.EventNames)})
	}
	if len(filter.ResourceIDs) > 0 {
		q = q.Where(clause.IN{Column: col("resource_id"), Values: stringValues(filter.ResourceIDs)})
	}
	if len(filter.AnyResourceIDs) > 0 {
		resources := db.Session(&gorm.Session{NewDB: true}).Table("event_resources").Select("event_resources.event_id").
			Where("event_resources.occurred >= ? AND event_resources.occurred <= ?", models.NewTimestamp(since), models.NewTimestamp(until)).
			Where(clause.IN{Column: clause.Column{Table: "event_resources", Name: "resource_id"}, Values: stringValues(filter.AnyResourceIDs)})
		q = q.Where("events.id IN (?)", resources)
	}
	dir := " DESC"
	if filter.Ascending {
		dir = ""
	}
	var events []models.Event
	err := q.Order("events.occurred" + dir + ", events.id" + dir).Offset(offset).Limit(limit).Find(&events).Error
	return events, err
}

func stringValues(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}
