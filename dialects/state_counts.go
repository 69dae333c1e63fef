package dialects

import (
	"context"

	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/internal/coltype"
	"github.com/prefectorm/prefectorm/models"
)

// CountByState is Prefect's schemas.states.CountByState: the number of runs
// per state type. Every state type is a key (0 when no run has it).
type CountByState map[models.StateType]int64

// newCountByState returns a CountByState with every state type at 0.
func newCountByState() CountByState {
	c := CountByState{}
	for _, l := range coltype.StateType.Labels {
		c[models.StateType(l)] = 0
	}
	return c
}

// CountTaskRunsByState mirrors Prefect's models.task_runs.
// count_task_runs_by_state (the UI's /ui/task_runs/count): task runs with a
// state type, grouped by it, among those matching filter.
func CountTaskRunsByState(ctx context.Context, db *gorm.DB, filter TaskRunFilter) (CountByState, error) {
	q, err := filter.apply(db.WithContext(ctx).Table("task_run"))
	if err != nil {
		return nil, err
	}
	return scanCountByState(q.Where("task_run.state_type IS NOT NULL").
		Select("task_run.state_type AS state_type, COUNT(*) AS count").Group("task_run.state_type"))
}

// CountFlowRunsByState counts the flow runs matching filter per state
// type, as Prefect's count_task_runs_by_state does for task runs (the
// dashboard asks Prefect's /flow_runs/count once per state instead). Runs
// without a state are not counted.
func CountFlowRunsByState(ctx context.Context, db *gorm.DB, filter FlowRunFilter) (CountByState, error) {
	q, err := filter.apply(db.WithContext(ctx).Table("flow_run"))
	if err != nil {
		return nil, err
	}
	return scanCountByState(q.Where("flow_run.state_type IS NOT NULL").
		Select("flow_run.state_type AS state_type, COUNT(*) AS count").Group("flow_run.state_type"))
}

// CountFlowRuns mirrors Prefect's models.flow_runs.count_flow_runs (the
// /flow_runs/count endpoint): the number of flow runs matching filter, e.g.
// the dashboard's failed and crashed runs of the last seven days.
func CountFlowRuns(ctx context.Context, db *gorm.DB, filter FlowRunFilter) (int64, error) {
	q, err := filter.apply(db.WithContext(ctx).Table("flow_run"))
	if err != nil {
		return 0, err
	}
	var n int64
	err = q.Select("COUNT(*)").Scan(&n).Error
	return n, err
}

func scanCountByState(q *gorm.DB) (CountByState, error) {
	var rows []struct {
		StateType models.StateType
		Count     int64
	}
	if err := q.Scan(&rows).Error; err != nil {
		return nil, err
	}
	c := newCountByState()
	for _, r := range rows {
		c[r.StateType] = r.Count
	}
	return c, nil
}
