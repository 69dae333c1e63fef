package dialects

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/models"
)

// WorkQueueRunsQuery bounds WorkQueueRuns.
type WorkQueueRunsQuery struct {
	// Limit caps the runs returned (0: no cap beyond the queue's
	// concurrency limit). As in Prefect it applies to this request only.
	Limit int
	// ScheduledBefore keeps runs whose next_scheduled_start_time is at or
	// before it (nil: unbounded).
	ScheduledBefore *time.Time
}

// WorkQueueRuns returns a work queue and its runs to submit: Prefect's
// models/work_queues.py get_runs_in_work_queue with query_components'
// get_scheduled_flow_runs_from_work_queues. The runs are the SCHEDULED
// runs whose work_queue_name is the queue's name (Prefect matches the
// name, not work_queue_id), in next_scheduled_start_time (then id) order,
// at most Limit and, for a queue with a concurrency limit, at most the
// limit minus the queue's RUNNING, PENDING and CANCELLING runs. A paused
// queue has none. On PostgreSQL the runs are read FOR UPDATE SKIP LOCKED,
// as Prefect does, so runs a worker poll is claiming are left out; nothing
// is claimed.
//
// An unknown queue is an error naming the id; so is a legacy tag-based
// queue (a non-NULL filter), whose runs Prefect reads through its flow-run
// filters, which prefectorm does not have.
func WorkQueueRuns(ctx context.Context, db *gorm.DB, workQueueID models.UUID, q WorkQueueRunsQuery) (models.WorkQueue, []models.FlowRun, error) {
	if q.Limit < 0 {
		return models.WorkQueue{}, nil, fieldError("WorkQueueRunsQuery.Limit", q.Limit, "want 0 (no cap) or more")
	}
	db = db.WithContext(ctx)
	var queue models.WorkQueue
	var runs []models.FlowRun
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("id = ?", workQueueID).Take(&queue).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return fieldError("work_queue.id", workQueueID, "no such work queue")
			}
			return err
		}
		if queue.Filter.V != nil {
			return fieldError("work_queue.filter", "(set)", "queue "+queue.Name+" is a legacy tag-based queue, which WorkQueueRuns does not read")
		}
		if queue.IsPaused {
			return nil
		}
		n := q.Limit
		if queue.ConcurrencyLimit != nil {
			var active int64
			if err := tx.Model(&models.FlowRun{}).Where("flow_run.work_queue_name = ?", queue.Name).
				Where(queueActivePredicate).Count(&active).Error; err != nil {
				return err
			}
			slots := max(0, *queue.ConcurrencyLimit-int(active))
			if slots == 0 {
				return nil
			}
			if n == 0 || slots < n {
				n = slots
			}
		}
		sel := tx.Model(&models.FlowRun{}).Where("flow_run.work_queue_name = ?", queue.Name).Where(scheduledPredicate)
		if q.ScheduledBefore != nil {
			sel = sel.Where("flow_run.next_scheduled_start_time <= ?", ts(*q.ScheduledBefore))
		}
		sel = sel.Order("flow_run.next_scheduled_start_time, flow_run.id")
		if n > 0 {
			sel = sel.Limit(n)
		}
		return skipLocked(sel).Find(&runs).Error
	})
	if err != nil {
		return models.WorkQueue{}, nil, err
	}
	return queue, runs, nil
}
