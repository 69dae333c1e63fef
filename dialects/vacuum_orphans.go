package dialects

import (
	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/models"
)

// The orphan phases never run Prefect's per-batch anti-join (DELETE …
// WHERE id IN (SELECT id FROM log WHERE NOT EXISTS (SELECT … flow_run) LIMIT
// n)), which reads log from its start until it has found n orphans, again
// for every batch. Instead each walks an index with a cursor, so a pass
// reads each index entry it needs once:
//
//   - logs and artifacts: a skip scan of ix_log__flow_run_id
//     (ix_artifact__flow_run_id) yields the next BatchSize distinct flow
//     run ids, one index descent each (a recursive query reading the first id
//     above the previous one), whatever the number of rows per run; one primary-key
//     probe each tells the ids whose run is gone, and their rows are deleted
//     through the same index. A pass costs O(R log L) for R distinct run ids
//     among L rows.
//   - artifact collections and task-run cache entries: a walk of the table's
//     primary key, BatchSize rows a step, with a primary-key probe of the
//     row each references: O(rows of that table) a pass, and these tables
//     are small.

// distinctAfter returns up to n distinct non-NULL values of table.column
// above after (all of them when after is nil), in order, one index descent
// each.
func distinctAfter(tx *gorm.DB, table, column string, after *models.UUID, n int) ([]models.UUID, error) {
	next := func(bound string) string {
		// ORDER BY … LIMIT 1 rather than min(): PostgreSQL has no min(uuid).
		return "(SELECT " + column + " FROM " + table + " WHERE " + column + bound + " ORDER BY " + column + " LIMIT 1)"
	}
	first, args := next(" IS NOT NULL"), []any{}
	if after != nil {
		first, args = next(" > ?"), append(args, *after)
	}
	q := "WITH RECURSIVE walk(v, n) AS (SELECT " + first + ", 1 UNION ALL " +
		"SELECT " + next(" > walk.v") + ", walk.n + 1 FROM walk WHERE walk.v IS NOT NULL AND walk.n < ?) " +
		"SELECT v FROM walk WHERE v IS NOT NULL"
	var out []models.UUID
	err := tx.Raw(q, append(args, n)...).Scan(&out).Error
	return out, err
}

// orphanWalk calls del, a batch per transaction, with the distinct
// table.flow_run_id values whose flow run does not exist.
func (v *vacuum) orphanWalk(table string, del func(tx *gorm.DB, runs []models.UUID, r *VacuumReport) error) error {
	var cursor *models.UUID
	for {
		var ids []models.UUID
		err := v.batch(func(tx *gorm.DB, r *VacuumReport) error {
			var err error
			if ids, err = distinctAfter(tx, table, "flow_run_id", cursor, v.size); err != nil || len(ids) == 0 {
				return err
			}
			found, err := existing(tx, "flow_run", ids)
			if err != nil {
				return err
			}
			var gone []models.UUID
			for _, id := range ids {
				if !found[id] {
					gone = append(gone, id)
				}
			}
			if len(gone) == 0 {
				return nil
			}
			return del(tx, gone, r)
		})
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			return nil
		}
		last := ids[len(ids)-1]
		cursor = &last
	}
}

// orphanLogs deletes logs whose flow_run_id names no flow run (Prefect's
// vacuum_orphaned_logs).
func (v *vacuum) orphanLogs() error {
	return v.orphanWalk("log", func(tx *gorm.DB, runs []models.UUID, r *VacuumReport) error {
		n, err := execChunks(tx, "DELETE FROM log WHERE flow_run_id IN ?", runs)
		r.OrphanLogs += n
		return err
	})
}

// orphanArtifacts deletes artifacts whose flow_run_id names no flow run,
// reconciling their collections (Prefect's vacuum_orphaned_artifacts).
func (v *vacuum) orphanArtifacts() error {
	return v.orphanWalk("artifact", func(tx *gorm.DB, runs []models.UUID, r *VacuumReport) error {
		n, err := deleteArtifacts(tx, "flow_run_id", runs, r)
		r.OrphanArtifacts += n
		return err
	})
}

// idWalk calls step, a batch per transaction, with the next rows of table
// in id order (cols must start with id), until the table is read.
func idWalk[T any](v *vacuum, table, cols string, id func(T) models.UUID, step func(tx *gorm.DB, rows []T, r *VacuumReport) error) error {
	var cursor *models.UUID
	for {
		var rows []T
		err := v.batch(func(tx *gorm.DB, r *VacuumReport) error {
			q := tx.Raw("SELECT "+cols+" FROM "+table+" ORDER BY id LIMIT ?", v.size)
			if cursor != nil {
				q = tx.Raw("SELECT "+cols+" FROM "+table+" WHERE id > ? ORDER BY id LIMIT ?", *cursor, v.size)
			}
			if err := q.Scan(&rows).Error; err != nil || len(rows) == 0 {
				return err
			}
			return step(tx, rows, r)
		})
		if err != nil {
			return err
		}
		if len(rows) == 0 {
			return nil
		}
		last := id(rows[len(rows)-1])
		cursor = &last
	}
}

// staleCollections reconciles artifact collections whose latest artifact
// is gone (Prefect's vacuum_stale_artifact_collections).
func (v *vacuum) staleCollections() error {
	return idWalk(v, "artifact_collection", "*", func(c models.ArtifactCollection) models.UUID { return c.ID },
		func(tx *gorm.DB, rows []models.ArtifactCollection, r *VacuumReport) error {
			latest := make([]models.UUID, len(rows))
			for i, c := range rows {
				latest[i] = c.LatestID
			}
			found, err := existing(tx, "artifact", latest)
			if err != nil {
				return err
			}
			var stale []models.ArtifactCollection
			for _, c := range rows {
				if !found[c.LatestID] {
					stale = append(stale, c)
				}
			}
			return reconcileCollections(tx, stale, r)
		})
}

// cacheEntry is a task_run_state_cache row as staleCacheEntries reads it.
type cacheEntry struct {
	ID             models.UUID
	TaskRunStateID models.UUID
}

// staleCacheEntries deletes task_run_state_cache rows whose task run
// state is gone (Prefect keeps them; a lookup of their key finds no state
// and misses the cache, so deleting them changes no lookup's outcome but
// one: an older entry of the same key whose state still exists becomes
// the one found).
func (v *vacuum) staleCacheEntries() error {
	return idWalk(v, "task_run_state_cache", "id, task_run_state_id", func(c cacheEntry) models.UUID { return c.ID },
		func(tx *gorm.DB, rows []cacheEntry, r *VacuumReport) error {
			states := make([]models.UUID, len(rows))
			for i, c := range rows {
				states[i] = c.TaskRunStateID
			}
			found, err := existing(tx, "task_run_state", states)
			if err != nil {
				return err
			}
			var gone []models.UUID
			for _, c := range rows {
				if !found[c.TaskRunStateID] {
					gone = append(gone, c.ID)
				}
			}
			n, err := execChunks(tx, "DELETE FROM task_run_state_cache WHERE id IN ?", gone)
			r.TaskRunStateCaches += n
			return err
		})
}
