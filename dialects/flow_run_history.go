package dialects

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/prefectorm/prefectorm/internal/coltype"
	"github.com/prefectorm/prefectorm/models"
)

// MaxHistoryIntervals is the most intervals FlowRunHistory returns, Prefect's
// limit of 500 bars.
const MaxHistoryIntervals = 500

// HistoryInterval is Prefect's HistoryResponse: one interval of the run
// history and the runs expected to start in it, per state.
type HistoryInterval struct {
	Start, End time.Time
	// States has one entry per state type and name seen in the interval,
	// ordered by state type (Prefect's declaration order), then name; it is
	// empty (not nil) for an interval without runs.
	States []HistoryState
}

// HistoryState is Prefect's HistoryResponseState.
type HistoryState struct {
	StateType models.StateType
	StateName string
	CountRuns int64
	// SumEstimatedRunTime is the sum of the runs' positive estimated run
	// times, SumEstimatedLateness of their positive estimated start time
	// deltas, each run's value rounded to the millisecond.
	SumEstimatedRunTime  time.Duration
	SumEstimatedLateness time.Duration
}

// HistoryOptions are FlowRunHistory's parameters.
type HistoryOptions struct {
	// Start and End bound the history; Interval is the width of one bar
	// (at least one second, as Prefect requires).
	Start, End time.Time
	Interval   time.Duration
	// Filter narrows the runs.
	Filter FlowRunFilter
	// Now is the reference time of the estimates (zero: time.Now()).
	Now time.Time
}

// FlowRunHistory mirrors Prefect's api/run_history.py run_history for flow
// runs (/flow_runs/history, the dashboard's bar chart): intervals of
// opts.Interval from opts.Start while before opts.End (at most 500, as
// Prefect's generate_series CTE), each with the runs whose
// expected_start_time is in [interval start, interval end), grouped by
// state type and name with their count and summed estimated run time and
// lateness (the hybrid properties at opts.Now). Runs without a state type,
// which Prefect's response model refuses, are left out.
//
// Instead of Prefect's intervals CTE outer-joined to the runs, one query
// scans the window's runs (by expected_start_time) and computes each run's
// interval number in SQL in whole microseconds, so the values are the same
// on both dialects; the empty intervals are filled in Go.
func FlowRunHistory(ctx context.Context, db *gorm.DB, opts HistoryOptions) ([]HistoryInterval, error) {
	if opts.Interval < time.Second {
		return nil, fmt.Errorf("prefectorm: FlowRunHistory: Interval %s: history interval must not be less than 1 second", opts.Interval)
	}
	if opts.Start.IsZero() || opts.End.IsZero() {
		return nil, fmt.Errorf("prefectorm: FlowRunHistory: Start and End are required")
	}
	start := opts.Start.UTC().Truncate(time.Microsecond)
	step := opts.Interval.Truncate(time.Microsecond)
	span := opts.End.UTC().Sub(start)
	if span <= 0 {
		return []HistoryInterval{}, nil
	}
	n := min(int64(MaxHistoryIntervals), int64((span+step-1)/step))
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	q, err := opts.Filter.apply(db.WithContext(ctx).Table("flow_run"))
	if err != nil {
		return nil, err
	}
	expected := clause.Column{Table: "flow_run", Name: "expected_start_time"}
	var rows []struct {
		Bucket    int64
		StateType models.StateType
		StateName string
		CountRuns int64
		RunMs     int64
		LateMs    int64
	}
	err = q.Select("? AS bucket, flow_run.state_type AS state_type, COALESCE(flow_run.state_name, '') AS state_name, COUNT(*) AS count_runs, SUM(?) AS run_ms, SUM(?) AS late_ms",
		bucketOf(expected, models.NewTimestamp(start), step.Microseconds()),
		intervalMillis{EstimatedRunTime("flow_run").At(now)},
		intervalMillis{EstimatedStartTimeDelta("flow_run").At(now)}).
		Where(clause.Gte{Column: expected, Value: models.NewTimestamp(start)}).
		Where(clause.Lt{Column: expected, Value: models.NewTimestamp(start.Add(time.Duration(n) * step))}).
		Where("flow_run.state_type IS NOT NULL").
		Clauses(groupByOrdinals(3)).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	out := make([]HistoryInterval, n)
	for i := range out {
		s := start.Add(time.Duration(i) * step)
		out[i] = HistoryInterval{Start: s, End: s.Add(step), States: []HistoryState{}}
	}
	for _, r := range rows {
		if r.Bucket < 0 || r.Bucket >= n {
			continue
		}
		out[r.Bucket].States = append(out[r.Bucket].States, HistoryState{
			StateType: r.StateType, StateName: r.StateName, CountRuns: r.CountRuns,
			SumEstimatedRunTime:  time.Duration(r.RunMs) * time.Millisecond,
			SumEstimatedLateness: time.Duration(r.LateMs) * time.Millisecond,
		})
	}
	order := map[models.StateType]int{}
	for i, l := range coltype.StateType.Labels {
		order[models.StateType(l)] = i
	}
	for i := range out {
		slices.SortFunc(out[i].States, func(a, b HistoryState) int {
			return cmp.Or(cmp.Compare(order[a.StateType], order[b.StateType]), cmp.Compare(a.StateName, b.StateName))
		})
	}
	return out, nil
}
