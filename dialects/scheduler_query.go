package dialects

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/models"
)

// SchedulerQuery is the scheduler service's selection of deployments: its
// batch size, the minimum runs and horizon that a schedule must have
// scheduled, the page cursor and the time.
type SchedulerQuery struct {
	// BatchSize caps the deployments returned (0: Prefect's default
	// deployment_batch_size, 100).
	BatchSize int
	// MinRuns is the number of future auto-scheduled runs a schedule should
	// have (0: Prefect's default min_runs, 3).
	MinRuns int
	// MinScheduledTime is how far ahead a schedule should have runs (0:
	// Prefect's default min_scheduled_time, 1 hour).
	MinScheduledTime time.Duration
	// AfterID continues a page: only deployments with a greater id.
	AfterID *models.UUID
	// Now is the reference time (zero: the handle's application clock).
	Now time.Time
}

// Prefect's scheduler settings defaults.
const (
	defaultSchedulerBatch   = 100
	defaultSchedulerMinRuns = 3
	defaultSchedulerMinTime = time.Hour
)

// DeploymentsToSchedule returns the ids of the deployments the scheduler
// must fill, in id order: Prefect's services/scheduler.py
// _get_select_deployments_to_schedule_query. A deployment qualifies when it
// is not paused and any of its active schedules has fewer than MinRuns
// future (next_scheduled_start_time >= Now) SCHEDULED auto-scheduled runs
// created by that schedule (created_by.id), or its latest such run starts
// before Now + MinScheduledTime. (A schedule with no such run at all has a
// NULL latest time, so it qualifies through the count alone, as in
// Prefect.) The per-schedule sub-queries use Prefect's partial expression
// index ix_flow_run__schedule_id_scheduler, written exactly as its
// predicate and expression for each dialect.
func DeploymentsToSchedule(ctx context.Context, db *gorm.DB, q SchedulerQuery) ([]models.UUID, error) {
	if q.BatchSize < 0 || q.MinRuns < 0 || q.MinScheduledTime < 0 {
		return nil, fieldError("SchedulerQuery", q, "BatchSize, MinRuns and MinScheduledTime must not be negative")
	}
	sql, args := schedulerSQL(db, q)
	var ids []models.UUID
	err := db.WithContext(ctx).Raw(sql, args...).Scan(&ids).Error
	return ids, err
}

// schedulerSQL is DeploymentsToSchedule's statement and arguments.
func schedulerSQL(db *gorm.DB, q SchedulerQuery) (string, []any) {
	now := nowOf(db, q.Now)
	batch := q.BatchSize
	if batch == 0 {
		batch = defaultSchedulerBatch
	}
	minRuns := q.MinRuns
	if minRuns == 0 {
		minRuns = defaultSchedulerMinRuns
	}
	minTime := q.MinScheduledTime
	if minTime == 0 {
		minTime = defaultSchedulerMinTime
	}
	scheduleID, autoScheduled, paused := "json_extract(flow_run.created_by, '$.id')", "flow_run.auto_scheduled = 1", "deployment.paused IS NOT 1"
	if isPostgres(db) {
		scheduleID, autoScheduled, paused = "(flow_run.created_by ->> 'id')", "flow_run.auto_scheduled = true", "deployment.paused IS NOT true"
	}
	runsOf := `FROM flow_run WHERE flow_run.deployment_id = deployment_schedule.deployment_id
		AND ` + scheduledPredicate + `
		AND flow_run.next_scheduled_start_time >= @now
		AND ` + autoScheduled + `
		AND ` + scheduleID + ` = CAST(deployment_schedule.id AS VARCHAR)`
	sql := `SELECT deployment.id FROM deployment
WHERE ` + paused + `
	AND EXISTS (SELECT 1 FROM deployment_schedule
		WHERE deployment_schedule.deployment_id = deployment.id
		AND deployment_schedule.active = @active
		AND ((SELECT count(*) ` + runsOf + `) < @min_runs
			OR (SELECT max(flow_run.next_scheduled_start_time) ` + runsOf + `) < @horizon))`
	args := map[string]any{
		"now": ts(now), "active": true, "min_runs": minRuns,
		"horizon": ts(now.Add(minTime)), "batch": batch,
	}
	if q.AfterID != nil {
		sql += "\n\tAND deployment.id > @after"
		args["after"] = *q.AfterID
	}
	sql += "\nORDER BY deployment.id\nLIMIT @batch"
	return sql, []any{args}
}

// RecentDeploymentsToSchedule returns the ids of the deployments updated
// within window before now (Prefect: the recent-deployments loop's
// seconds plus one) that are not paused and have an active schedule, in
// id order, at most batchSize (0: 100), after afterID when it is set
// (served by Prefect's ix_deployment__updated):
// Prefect's services/scheduler.py
// _get_select_recent_deployments_to_schedule_query.
func RecentDeploymentsToSchedule(ctx context.Context, db *gorm.DB, window time.Duration, batchSize int, afterID *models.UUID, now time.Time) ([]models.UUID, error) {
	if window < 0 || batchSize < 0 {
		return nil, fieldError("window/batchSize", []any{window, batchSize}, "must not be negative")
	}
	if batchSize == 0 {
		batchSize = defaultSchedulerBatch
	}
	now = nowOf(db, now)
	paused := "deployment.paused IS NOT 1"
	if isPostgres(db) {
		paused = "deployment.paused IS NOT true"
	}
	q := db.WithContext(ctx).Model(&models.Deployment{}).Select("deployment.id").
		Where(paused).
		Where("deployment.updated >= ?", ts(now.Add(-window))).
		Where("EXISTS (SELECT 1 FROM deployment_schedule WHERE deployment_schedule.deployment_id = deployment.id AND deployment_schedule.active = ?)", true)
	if afterID != nil {
		q = q.Where("deployment.id > ?", *afterID)
	}
	// On SQLite the unary + keeps the planner from walking the primary key
	// for the ORDER BY (it cannot tell that few deployments were updated
	// recently) and makes it search Prefect's ix_deployment__updated (at a
	// million runs 4.4 ms → 0.04 ms).
	order := "deployment.id"
	if !isPostgres(db) {
		order = "+deployment.id"
	}
	var ids []models.UUID
	err := q.Order(order).Limit(batchSize).Scan(&ids).Error
	return ids, err
}
