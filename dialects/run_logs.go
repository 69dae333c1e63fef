package dialects

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/prefectorm/prefectorm/models"
)

// LogFilter is Prefect's LogFilter: zero fields filter nothing, set ones
// are ANDed.
type LogFilter struct {
	// FlowRunIDs is log.flow_run_id IN (…) (flow_run_id.any_).
	FlowRunIDs []models.UUID
	// TaskRunIDs is log.task_run_id IN (…) (task_run_id.any_).
	TaskRunIDs []models.UUID
	// MinLevel, when set, is level >= *MinLevel (level.ge_).
	MinLevel *int
	// TimestampAfter and TimestampBefore are timestamp.after_ (>=) and
	// before_ (<=).
	TimestampAfter, TimestampBefore time.Time
}

// ReadLogs mirrors Prefect's models.logs.read_logs (/logs/filter, a run's
// log page): limit logs from offset matching filter in the order of sort
// (Prefect's default TIMESTAMP_ASC when empty; id breaks ties). A run's
// logs come off ix_log__flow_run_id_timestamp.
func ReadLogs(ctx context.Context, db *gorm.DB, filter LogFilter, sort models.LogSort, limit, offset int) ([]models.Log, error) {
	if sort == "" {
		sort = models.LogSortTimestampAsc
	}
	if _, err := models.ParseLogSort(string(sort)); err != nil {
		return nil, err
	}
	if err := checkPage("ReadLogs", limit, offset); err != nil {
		return nil, err
	}
	col := func(name string) clause.Column { return clause.Column{Table: "log", Name: name} }
	q := db.WithContext(ctx).Model(&models.Log{})
	if len(filter.FlowRunIDs) > 0 {
		q = q.Where(clause.IN{Column: col("flow_run_id"), Values: uuidValues(filter.FlowRunIDs)})
	}
	if len(filter.TaskRunIDs) > 0 {
		q = q.Where(clause.IN{Column: col("task_run_id"), Values: uuidValues(filter.TaskRunIDs)})
	}
	if filter.MinLevel != nil {
		q = q.Where(clause.Gte{Column: col("level"), Value: *filter.MinLevel})
	}
	q = timeRange(q, col("timestamp"), filter.TimestampAfter, filter.TimestampBefore)
	var logs []models.Log
	err := q.Clauses(sort).Offset(offset).Limit(limit).Find(&logs).Error
	return logs, err
}
