package dialects

import (
	"context"

	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/models"
)

// DefaultSubflowCancelBatch is the batch size of Prefect's
// monitor_subflow_runs (200).
const DefaultSubflowCancelBatch = 200

// SubflowRunsToCancel returns the ids of up to limit (0:
// DefaultSubflowCancelBatch) subflow runs (parent_task_run_id set) in a
// PENDING, SCHEDULED, RUNNING, PAUSED or CANCELLING state, in id order, after
// afterID when it is set: Prefect's services/cancellation_cleanup.py
// monitor_subflow_runs query, whose cancel_subflow_run then checks each
// run's containing flow run. Prefect reads the first batch on every loop;
// afterID lets a caller page through all of them. The query is served by
// the partial index prefectorm_ix_flow_run__active_subflows (on PostgreSQL
// Prefect's own plan walks the primary key and filters: at a million runs
// with few active subflows, a scan of most of the table).
func SubflowRunsToCancel(ctx context.Context, db *gorm.DB, limit int, afterID *models.UUID) ([]models.UUID, error) {
	if limit < 0 {
		return nil, fieldError("limit", limit, "want 0 (the default) or more")
	}
	if limit == 0 {
		limit = DefaultSubflowCancelBatch
	}
	q := db.WithContext(ctx).Model(&models.FlowRun{}).Select("flow_run.id").Where(activeSubflowPredicate)
	if afterID != nil {
		q = q.Where("flow_run.id > ?", *afterID)
	}
	var ids []models.UUID
	err := q.Order("flow_run.id").Limit(limit).Scan(&ids).Error
	return ids, err
}
