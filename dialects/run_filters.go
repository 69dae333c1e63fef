package dialects

import (
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/prefectorm/prefectorm/models"
)

// FlowRunFilter is the part of Prefect's FlowRunFilter (and of the flow and
// deployment filters that _apply_flow_run_filters turns into EXISTS
// clauses, here plain column tests on flow_run) that the dashboard's hot
// paths use. Zero fields filter nothing; set fields are ANDed.
type FlowRunFilter struct {
	// FlowIDs is flow_run.flow_id IN (…) (Prefect's flows.id.any_).
	FlowIDs []models.UUID
	// DeploymentIDs is flow_run.deployment_id IN (…) (deployments.id.any_).
	DeploymentIDs []models.UUID
	// StateTypes is flow_run.state_type IN (…) (flow_runs.state.type.any_).
	StateTypes []models.StateType
	// StartTimeAfter and StartTimeBefore are Prefect's start_time.after_
	// (start_time >= t) and before_ (start_time <= t).
	StartTimeAfter, StartTimeBefore time.Time
	// ExpectedStartTimeAfter and ExpectedStartTimeBefore are
	// expected_start_time.after_ (>=) and before_ (<=).
	ExpectedStartTimeAfter, ExpectedStartTimeBefore time.Time
}

// TaskRunFilter is the part of Prefect's TaskRunFilter the dashboard's task
// run counts use. Zero fields filter nothing; set fields are ANDed.
type TaskRunFilter struct {
	// FlowRunIDs is task_run.flow_run_id IN (…) (task_runs.flow_run_id.any_).
	FlowRunIDs []models.UUID
	// StateTypes is task_run.state_type IN (…) (task_runs.state.type.any_).
	StateTypes []models.StateType
	// StartTimeAfter and StartTimeBefore are start_time.after_ (>=) and
	// before_ (<=).
	StartTimeAfter, StartTimeBefore time.Time
}

// apply adds the filter's conditions on the flow_run table to q.
func (f FlowRunFilter) apply(q *gorm.DB) (*gorm.DB, error) {
	col := func(name string) clause.Column { return clause.Column{Table: "flow_run", Name: name} }
	if len(f.FlowIDs) > 0 {
		q = q.Where(clause.IN{Column: col("flow_id"), Values: uuidValues(f.FlowIDs)})
	}
	if len(f.DeploymentIDs) > 0 {
		q = q.Where(clause.IN{Column: col("deployment_id"), Values: uuidValues(f.DeploymentIDs)})
	}
	if len(f.StateTypes) > 0 {
		in, err := stateTypeIn("FlowRunFilter.StateTypes", col("state_type"), f.StateTypes)
		if err != nil {
			return nil, err
		}
		q = q.Where(in)
	}
	q = timeRange(q, col("start_time"), f.StartTimeAfter, f.StartTimeBefore)
	q = timeRange(q, col("expected_start_time"), f.ExpectedStartTimeAfter, f.ExpectedStartTimeBefore)
	return q, nil
}

// apply adds the filter's conditions on the task_run table to q.
func (f TaskRunFilter) apply(q *gorm.DB) (*gorm.DB, error) {
	col := func(name string) clause.Column { return clause.Column{Table: "task_run", Name: name} }
	if len(f.FlowRunIDs) > 0 {
		q = q.Where(clause.IN{Column: col("flow_run_id"), Values: uuidValues(f.FlowRunIDs)})
	}
	if len(f.StateTypes) > 0 {
		in, err := stateTypeIn("TaskRunFilter.StateTypes", col("state_type"), f.StateTypes)
		if err != nil {
			return nil, err
		}
		q = q.Where(in)
	}
	return timeRange(q, col("start_time"), f.StartTimeAfter, f.StartTimeBefore), nil
}

// timeRange adds col >= after and col <= before for the non-zero bounds.
func timeRange(q *gorm.DB, col clause.Column, after, before time.Time) *gorm.DB {
	if !after.IsZero() {
		q = q.Where(clause.Gte{Column: col, Value: models.NewTimestamp(after)})
	}
	if !before.IsZero() {
		q = q.Where(clause.Lte{Column: col, Value: models.NewTimestamp(before)})
	}
	return q
}

func uuidValues(ids []models.UUID) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}

// checkPage validates a limit and an offset.
func checkPage(fn string, limit, offset int) error {
	if limit < 1 {
		return fmt.Errorf("prefectorm: %s: limit %d: want at least 1", fn, limit)
	}
	if offset < 0 {
		return fmt.Errorf("prefectorm: %s: offset %d: want at least 0", fn, offset)
	}
	return nil
}
