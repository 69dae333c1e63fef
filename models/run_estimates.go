package models

import "time"

// EstimatedRunTime is Prefect's estimated_run_time hybrid property computed
// in Go: for a RUNNING run, TotalRunTime plus the time since StateTimestamp
// at now; otherwise TotalRunTime. now is truncated to microseconds, as
// stored timestamps are.
//
// A RUNNING run without a StateTimestamp gives TotalRunTime (Prefect's
// Python form raises and its SQL form gives NULL); the SQL form in package
// dialects does the same, so both agree on every row.
func (r Run) EstimatedRunTime(now time.Time) time.Duration {
	total := r.TotalRunTime.Duration()
	if r.StateType != nil && *r.StateType == StateRunning && r.StateTimestamp != nil {
		return total + NewTimestamp(now).Sub(r.StateTimestamp.Time)
	}
	return total
}

// EstimatedStartTimeDelta is Prefect's estimated_start_time_delta hybrid
// property ("lateness") computed in Go, at now (truncated to microseconds):
// StartTime - ExpectedStartTime when the run started late; now -
// ExpectedStartTime when it has not started, is not in a terminal state and
// is overdue; otherwise 0.
//
// It follows Prefect's SQL form where that differs from its Python form: a
// NULL StateType gives 0 (SQL NULL NOT IN (...) is not true), and a
// StartTime without an ExpectedStartTime gives 0 instead of an error.
func (r Run) EstimatedStartTimeDelta(now time.Time) time.Duration {
	at := NewTimestamp(now).Time
	switch {
	case r.StartTime != nil && r.ExpectedStartTime != nil && r.StartTime.After(r.ExpectedStartTime.Time):
		return r.StartTime.Sub(r.ExpectedStartTime.Time)
	case r.StartTime == nil && r.ExpectedStartTime != nil && r.StateType != nil &&
		!r.StateType.IsTerminal() && r.ExpectedStartTime.Before(at):
		return at.Sub(r.ExpectedStartTime.Time)
	}
	return 0
}
