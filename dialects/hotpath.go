package dialects

import (
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/prefectorm/prefectorm/models"
)

// The state predicates of the hot-path queries. They are SQL literals, not
// bound parameters, and spelled exactly as the WHERE clauses of the partial
// indexes that serve them (version 0022_prefectorm_worker_indexes): neither
// SQLite nor a PostgreSQL generic plan can prove a partial index's predicate
// from a parameter.
const (
	// scheduledPredicate selects SCHEDULED runs.
	scheduledPredicate = "flow_run.state_type = 'SCHEDULED'"
	// workerActivePredicate selects the runs that take a slot of a work
	// pool or work queue in the worker poll (Prefect's
	// get-runs-from-worker-queues.sql: RUNNING and PENDING).
	workerActivePredicate = "flow_run.state_type IN ('RUNNING', 'PENDING')"
	// queueActivePredicate selects the runs that take a slot of a work
	// queue in Prefect's get_scheduled_flow_runs_from_work_queues
	// (RUNNING, PENDING and CANCELLING).
	queueActivePredicate = "flow_run.state_type IN ('RUNNING', 'PENDING', 'CANCELLING')"
	// activeSubflowPredicate selects the subflow runs cancellation_cleanup's
	// monitor_subflow_runs visits.
	activeSubflowPredicate = "flow_run.parent_task_run_id IS NOT NULL AND flow_run.state_type IN ('PENDING', 'SCHEDULED', 'RUNNING', 'PAUSED', 'CANCELLING')"
)

// isPostgres reports whether db is a PostgreSQL handle.
func isPostgres(db *gorm.DB) bool { return db.Dialector.Name() == "postgres" }

// skipLocked is PostgreSQL's FOR UPDATE SKIP LOCKED; SQLite has no row
// locks (its transactions take the database's write lock at BEGIN
// IMMEDIATE, which prefectorm's SQLite backend uses), so there it adds
// nothing.
func skipLocked(db *gorm.DB) *gorm.DB {
	if isPostgres(db) {
		return db.Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate, Options: clause.LockingOptionsSkipLocked})
	}
	return db
}

// forUpdate is PostgreSQL's FOR UPDATE (nothing on SQLite, see skipLocked).
func forUpdate(db *gorm.DB) *gorm.DB {
	if isPostgres(db) {
		return db.Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate})
	}
	return db
}

// forUpdateOf is PostgreSQL's FOR UPDATE OF table, for a statement that
// outer-joins other tables (nothing on SQLite, see skipLocked).
func forUpdateOf(db *gorm.DB, table string) *gorm.DB {
	if isPostgres(db) {
		return db.Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate, Table: clause.Table{Name: table}})
	}
	return db
}

// notInProcessRetry is Prefect's filter of the worker poll that leaves
// out runs retried inside their process (empirical_policy.retry_type =
// 'in_process').
func notInProcessRetry(db *gorm.DB) string {
	if isPostgres(db) {
		return "(flow_run.empirical_policy->>'retry_type' IS NULL OR flow_run.empirical_policy->>'retry_type' != 'in_process')"
	}
	return "(json_extract(flow_run.empirical_policy, '$.retry_type') IS NULL OR json_extract(flow_run.empirical_policy, '$.retry_type') != 'in_process')"
}

// nowOf returns t, or the handle's application clock when t is zero.
func nowOf(db *gorm.DB, t time.Time) time.Time {
	if !t.IsZero() {
		return t
	}
	if db.Config != nil && db.Config.NowFunc != nil {
		return db.Config.NowFunc()
	}
	return time.Now()
}

// ts is t as a bound parameter in the column format of the dialect.
func ts(t time.Time) models.Timestamp { return models.NewTimestamp(t) }

// idsOf returns the ids of rows.
func idsOf[T any](rows []T, id func(T) models.UUID) []models.UUID {
	out := make([]models.UUID, len(rows))
	for i, r := range rows {
		out[i] = id(r)
	}
	return out
}

// fieldError is a bad argument of a hot-path function: it names the
// field and the value.
func fieldError(field string, value any, why string) error {
	return fmt.Errorf("prefectorm: %s = %v: %s", field, value, why)
}
