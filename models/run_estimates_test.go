package models_test

import (
	"testing"
	"time"

	"github.com/prefectorm/prefectorm/models"
)

// TestRunEstimatesInGo checks the Go forms of the hybrid properties on
// every branch, including the microsecond truncation of the clock.
func TestRunEstimatesInGo(t *testing.T) {
	now := time.Date(2024, 8, 19, 12, 0, 0, 0, time.UTC)
	at := func(d time.Duration) *models.Timestamp { v := models.NewTimestamp(now.Add(d)); return &v }
	state := func(s models.StateType) *models.StateType { return &s }
	cases := []struct {
		name          string
		run           models.Run
		now           time.Time
		runTime, late time.Duration
	}{
		{"running", models.Run{StateType: state(models.StateRunning), StateTimestamp: at(-time.Minute), TotalRunTime: models.Interval(time.Second)}, now, time.Minute + time.Second, 0},
		{"running, clock in nanoseconds", models.Run{StateType: state(models.StateRunning), StateTimestamp: at(0)}, now.Add(1999 * time.Nanosecond), time.Microsecond, 0},
		{"running, no state timestamp", models.Run{StateType: state(models.StateRunning), TotalRunTime: models.Interval(time.Second)}, now, time.Second, 0},
		{"completed", models.Run{StateType: state(models.StateCompleted), StateTimestamp: at(-time.Hour), TotalRunTime: models.Interval(2 * time.Second)}, now, 2 * time.Second, 0},
		{"late, not started", models.Run{StateType: state(models.StateScheduled), ExpectedStartTime: at(-time.Minute)}, now, 0, time.Minute},
		{"late, in the other time zone", models.Run{StateType: state(models.StateScheduled), ExpectedStartTime: at(-time.Minute)}, now.In(time.FixedZone("x", 3600)), 0, time.Minute},
		{"due later", models.Run{StateType: state(models.StateScheduled), ExpectedStartTime: at(time.Minute)}, now, 0, 0},
		{"terminal", models.Run{StateType: state(models.StateCancelled), ExpectedStartTime: at(-time.Minute)}, now, 0, 0},
		{"null state", models.Run{ExpectedStartTime: at(-time.Minute)}, now, 0, 0},
		{"started late", models.Run{StartTime: at(-time.Second), ExpectedStartTime: at(-3 * time.Second)}, now, 0, 2 * time.Second},
		{"started early", models.Run{StartTime: at(-3 * time.Second), ExpectedStartTime: at(-time.Second)}, now, 0, 0},
		{"started, no expected time", models.Run{StateType: state(models.StateRunning), StartTime: at(-time.Second)}, now, 0, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.run.EstimatedRunTime(tc.now); got != tc.runTime {
				t.Errorf("EstimatedRunTime = %v, want %v", got, tc.runTime)
			}
			if got := tc.run.EstimatedStartTimeDelta(tc.now); got != tc.late {
				t.Errorf("EstimatedStartTimeDelta = %v, want %v", got, tc.late)
			}
			// Promoted to both run models.
			if got := (models.FlowRun{Run: tc.run}).EstimatedRunTime(tc.now); got != tc.runTime {
				t.Errorf("FlowRun.EstimatedRunTime = %v", got)
			}
			if got := (models.TaskRun{Run: tc.run}).EstimatedStartTimeDelta(tc.now); got != tc.late {
				t.Errorf("TaskRun.EstimatedStartTimeDelta = %v", got)
			}
		})
	}
}
