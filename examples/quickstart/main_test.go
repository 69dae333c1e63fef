package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/models"
)

// TestRunTwice runs the quickstart twice on a fresh database of each dialect
// (PostgreSQL is skipped when no server is reachable): the second run reuses
// the flow, deployment and work pool and adds a second flow run.
func TestRunTwice(t *testing.T) {
	for _, dialect := range dbtest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			url := dbtest.URL(t, dialect)
			for i := 1; i <= 2; i++ {
				var out bytes.Buffer
				if err := run(context.Background(), url, &out); err != nil {
					t.Fatalf("run %d: %v", i, err)
				}
				want := fmt.Sprintf("flows: 1  deployments: 1  flow runs: %d  task runs: %d", i, 2*i)
				if !strings.Contains(out.String(), want) {
					t.Fatalf("run %d: output lacks %q:\n%s", i, want, out.String())
				}
			}

			db := dbtest.Open(t, url)
			var schedules, pools int64
			db.Model(&models.DeploymentSchedule{}).Count(&schedules)
			db.Model(&models.WorkPool{}).Where("default_queue_id IS NOT NULL").Count(&pools)
			if schedules != 1 || pools != 1 {
				t.Errorf("got %d deployment schedules and %d work pools with a default queue, want 1 and 1", schedules, pools)
			}
			var runs []models.FlowRun
			if err := db.Preload("State").Order("created").Find(&runs).Error; err != nil {
				t.Fatal(err)
			}
			for _, r := range runs {
				if r.State == nil || r.State.Type != models.StateCompleted || r.State.ResultArtifactID == nil ||
					*r.StateType != models.StateCompleted || r.RunCount != 1 || r.TotalRunTime <= 0 ||
					r.EndTime == nil || !r.EndTime.Equal(r.State.Timestamp.Time) || r.NextScheduledStartTime != nil {
					t.Errorf("flow run %s: unexpected bookkeeping %+v", r.Name, r.Run)
				}
			}
		})
	}
}

// TestRunBadURL checks that an unsupported URL is reported as an error.
func TestRunBadURL(t *testing.T) {
	if err := run(context.Background(), "mysql://localhost/prefect", io.Discard); err == nil {
		t.Fatal("run with a mysql:// URL: want an error")
	}
}
