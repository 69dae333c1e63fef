package dialects

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/models"
)

// DefaultLateRunsBatch is the batch size of Prefect's late-runs service
// (monitor_late_runs reads 400 runs per loop).
const DefaultLateRunsBatch = 400

// DefaultLateRunsAfter is Prefect's PREFECT_SERVER_SERVICES_LATE_RUNS_AFTER_SECONDS
// default: a run is late 15 seconds after its scheduled start.
const DefaultLateRunsAfter = 15 * time.Second

// LateRun is a run the late-runs service marks: its id and scheduled start.
type LateRun struct {
	ID                     models.UUID
	NextScheduledStartTime models.Timestamp
}

// LateRunsToMark returns up to limit (0: DefaultLateRunsBatch) runs that
// are still in a state named "Scheduled" (type SCHEDULED) although their
// next_scheduled_start_time is at or before scheduledBefore: Prefect's
// services/late_runs.py monitor_late_runs query, which Prefect calls with
// now minus the late-runs threshold (DefaultLateRunsAfter). Its partial
// index is prefectorm_ix_flow_run__late_candidates. Unlike Prefect's query
// (no ORDER BY) the oldest come first, by next_scheduled_start_time and
// id.
func LateRunsToMark(ctx context.Context, db *gorm.DB, scheduledBefore time.Time, limit int) ([]LateRun, error) {
	if limit < 0 {
		return nil, fieldError("limit", limit, "want 0 (the default) or more")
	}
	var out []LateRun
	err := lateRunsQuery(db.WithContext(ctx), scheduledBefore, limit).Scan(&out).Error
	return out, err
}

// lateRunsQuery is LateRunsToMark's statement.
func lateRunsQuery(db *gorm.DB, scheduledBefore time.Time, limit int) *gorm.DB {
	if limit == 0 {
		limit = DefaultLateRunsBatch
	}
	return db.Model(&models.FlowRun{}).
		Select("flow_run.id, flow_run.next_scheduled_start_time").
		Where(scheduledPredicate).
		Where("flow_run.state_name = 'Scheduled'").
		Where("flow_run.next_scheduled_start_time <= ?", ts(scheduledBefore)).
		Order("flow_run.next_scheduled_start_time, flow_run.id").
		Limit(limit)
}

// MarkLateRuns marks late runs as Prefect's late-runs service does:
// LateRunsToMark's runs each get a Late state (type SCHEDULED, name "Late",
// state_details.scheduled_time = the run's next_scheduled_start_time, as
// Prefect's states.Late), inserted through GORM so that prefectorm's
// state-transition hooks keep the runs' bookkeeping. It is one transaction:
// on PostgreSQL the runs are selected FOR UPDATE SKIP LOCKED, so a run a
// worker poll is claiming at that moment is left for the next loop and a
// run that left SCHEDULED meanwhile is not marked (Prefect's
// EnsureOnlyScheduledFlowsMarkedLate rule); on SQLite the transaction holds
// the write lock. Prefect's EnforceDeploymentConcurrencyOnLate rule (cancel
// instead of Late under a deployment's CANCEL_NEW strategy) is
// orchestration, not part of the database layer, and is not applied. It
// returns the runs it marked, in LateRunsToMark's order.
func MarkLateRuns(ctx context.Context, db *gorm.DB, scheduledBefore time.Time, limit int) ([]LateRun, error) {
	if limit < 0 {
		return nil, fieldError("limit", limit, "want 0 (the default) or more")
	}
	var out []LateRun
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := skipLocked(lateRunsQuery(tx, scheduledBefore, limit)).Scan(&out).Error; err != nil {
			return err
		}
		if len(out) == 0 {
			return nil
		}
		states := make([]models.FlowRunState, len(out))
		for i, r := range out {
			at := models.NewISOTime(r.NextScheduledStartTime.Time)
			states[i] = models.FlowRunState{
				FlowRunID:    r.ID,
				Type:         models.StateScheduled,
				Name:         "Late",
				StateDetails: models.NewJSON(models.StateDetails{ScheduledTime: &at}),
			}
		}
		return tx.Create(&states).Error
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
