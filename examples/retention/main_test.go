package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/models"
)

// TestCommand runs command lines on a database of each dialect holding an
// old completed flow run and a young one, each with a log, and reads back
// what is left after each.
func TestCommand(t *testing.T) {
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	for _, dialect := range dbtest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			db := dbtest.New(t, dialect)
			flow := models.Flow{Name: "etl"}
			if err := db.Create(&flow).Error; err != nil {
				t.Fatal(err)
			}
			for _, at := range []time.Time{now.AddDate(0, 0, -100), now.AddDate(0, 0, -10)} {
				run := models.NewFlowRun(flow.ID, "")
				if err := db.Create(&run).Error; err != nil {
					t.Fatal(err)
				}
				for i, typ := range []models.StateType{models.StateRunning, models.StateCompleted} {
					s := models.FlowRunState{FlowRunID: run.ID, Type: typ, Timestamp: models.NewTimestamp(at.Add(time.Duration(i) * time.Minute))}
					if err := db.Create(&s).Error; err != nil {
						t.Fatal(err)
					}
				}
				if err := db.Create(&models.Log{Name: "prefect", Level: 20, FlowRunID: &run.ID, Message: "hi"}).Error; err != nil {
					t.Fatal(err)
				}
			}
			count := func(table string) (n int64) {
				if err := db.Table(table).Count(&n).Error; err != nil {
					t.Fatal(err)
				}
				return n
			}
			for i, s := range []struct {
				args           []string
				code           int
				stdout, stderr string
				runs, logs     int64
			}{
				{args: []string{"-batch", "0"}, code: 2, stderr: "-batch 0: want at least 1", runs: 2, logs: 2},
				{args: []string{"-batch-duration", "0"}, code: 2, stderr: "-batch-duration 0: want a duration", runs: 2, logs: 2},
				{args: []string{"-older-than", "3x"}, code: 2, stderr: `invalid value "3x" for flag -older-than`, runs: 2, logs: 2},
				{args: []string{"extra"}, code: 2, stderr: `unexpected argument "extra"`, runs: 2, logs: 2},
				{args: []string{"-dry-run"}, code: 0, stdout: "would delete 4 rows in", stderr: "dry_run=true", runs: 2, logs: 2},
				{args: []string{"-older-than", "200d"}, code: 0, stdout: "deleted 0 rows", runs: 2, logs: 2},
				{args: []string{"-v", "-batch", "1", "-batch-duration", "-1s"}, code: 0, stdout: "  flow_run               1\n", stderr: "prefectorm: vacuum batch", runs: 1, logs: 1},
				{args: []string{"-older-than", "1d"}, code: 0, stdout: "deleted 4 rows", runs: 0, logs: 0},
			} {
				var stdout, stderr bytes.Buffer
				code := run(context.Background(), append([]string{"-url", db.URL}, s.args...), now, &stdout, &stderr)
				if code != s.code || !strings.Contains(stdout.String(), s.stdout) || !strings.Contains(stderr.String(), s.stderr) {
					t.Fatalf("step %d %q: exit %d, want %d; stdout (want %q):\n%s\nstderr (want %q):\n%s",
						i, s.args, code, s.code, s.stdout, stdout.String(), s.stderr, stderr.String())
				}
				if runs, logs := count("flow_run"), count("log"); runs != s.runs || logs != s.logs {
					t.Fatalf("step %d %q: %d flow runs and %d logs left, want %d and %d", i, s.args, runs, logs, s.runs, s.logs)
				}
			}
		})
	}
}
