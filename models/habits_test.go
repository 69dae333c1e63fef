package models_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/models"
)

func boolPtr(b bool) *bool { return &b }

func TestRunConstructors(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		flow := models.Flow{Name: "constructors"}
		mustCreate(t, db, &flow)
		tests := []struct {
			name    string
			runName string
		}{
			{"named", "my-run"},
			{"slug", ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				fr := models.NewFlowRun(flow.ID, tt.runName)
				mustCreate(t, db, &fr)
				var gotFlow models.FlowRun
				if err := db.First(&gotFlow, "id = ?", fr.ID).Error; err != nil {
					t.Fatal(err)
				}
				if gotFlow.FlowID != flow.ID || (tt.runName != "" && gotFlow.Name != tt.runName) || gotFlow.Name == "" {
					t.Errorf("flow run read back flow_id %s name %q", gotFlow.FlowID, gotFlow.Name)
				}
				tr := models.NewTaskRun(fr.ID, "task-"+tt.name, "0", tt.runName)
				mustCreate(t, db, &tr)
				var gotTask models.TaskRun
				if err := db.First(&gotTask, "id = ?", tr.ID).Error; err != nil {
					t.Fatal(err)
				}
				if gotTask.FlowRunID == nil || *gotTask.FlowRunID != fr.ID || gotTask.TaskKey != "task-"+tt.name ||
					gotTask.DynamicKey != "0" || gotTask.Name == "" || (tt.runName != "" && gotTask.Name != tt.runName) {
					t.Errorf("task run read back %+v", gotTask)
				}
			})
		}
	})
}

// sortFixture creates flow runs with distinct and tied start times, some
// NULL, and a state type each.
func sortFixture(t *testing.T, db dbtest.DB) {
	t.Helper()
	flow := models.Flow{Name: "sorted"}
	mustCreate(t, db, &flow)
	base := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	types := []models.StateType{models.StateScheduled, models.StateRunning, models.StateCompleted, models.StateFailed, models.StatePending}
	for i := 0; i < 10; i++ {
		run := models.NewFlowRun(flow.ID, fmt.Sprintf("run-%02d", (i*7)%10))
		// fixed ids, so that the id tie-breaker is the same on both dialects
		run.ID = models.MustParseUUID(fmt.Sprintf("00000000-0000-4000-8000-%012d", (i*3)%10))
		if i%3 != 0 {
			ts := models.NewTimestamp(base.Add(time.Duration(i%4) * time.Minute))
			run.StartTime = &ts
		}
		st := types[i%len(types)]
		run.StateType = &st
		mustCreate(t, db, &run)
	}
}

func names(runs []models.FlowRun) []string {
	out := make([]string, len(runs))
	for i, r := range runs {
		out[i] = r.Name
	}
	return out
}

func TestGenericsTakeSorts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		sortFixture(t, db)
		ctx := context.Background()
		for _, sort := range models.FlowRunSorts() {
			t.Run(string(sort), func(t *testing.T) {
				var want []models.FlowRun
				if err := db.Clauses(sort).Find(&want).Error; err != nil {
					t.Fatal(err)
				}
				got, err := gorm.G[models.FlowRun](db.DB, sort).Find(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if len(want) != 10 || !reflect.DeepEqual(names(got), names(want)) {
					t.Errorf("G order %v, Clauses order %v", names(got), names(want))
				}
				limited, err := gorm.G[models.FlowRun](db.DB, sort).Limit(3).Find(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(names(limited), names(want)[:3]) {
					t.Errorf("G with Limit %v, want %v", names(limited), names(want)[:3])
				}
			})
		}
	})
}

func TestStateTypeOrderDiffersButSortsDoNot(t *testing.T) {
	byDialect := map[string]map[string][]string{}
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		sortFixture(t, db)
		var types []string
		if err := db.Model(&models.FlowRun{}).Distinct("state_type").Order("state_type").Pluck("state_type", &types).Error; err != nil {
			t.Fatal(err)
		}
		want := map[string][]string{
			// SQLite stores the label: alphabetical.
			"sqlite": {"COMPLETED", "FAILED", "PENDING", "RUNNING", "SCHEDULED"},
			// PostgreSQL's state_type enum sorts in declaration order.
			"postgres": {"SCHEDULED", "PENDING", "RUNNING", "COMPLETED", "FAILED"},
		}[db.Dialect.Name()]
		if !reflect.DeepEqual(types, want) {
			t.Errorf("Order(state_type) on %s = %v, want %v", db.Dialect.Name(), types, want)
		}
		orders := map[string][]string{}
		for _, sort := range models.FlowRunSorts() {
			var runs []models.FlowRun
			if err := db.Clauses(sort).Find(&runs).Error; err != nil {
				t.Fatal(err)
			}
			orders[string(sort)] = names(runs)
		}
		byDialect[db.Dialect.Name()] = orders
	})
	if len(byDialect) == 2 && !reflect.DeepEqual(byDialect["sqlite"], byDialect["postgres"]) {
		t.Errorf("sorts differ between dialects:\nsqlite   %v\npostgres %v", byDialect["sqlite"], byDialect["postgres"])
	}
}

func TestFractionalRetryDelaySecondsIsAReadError(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		run := newFlowRun(t, db, "fractional", nil)
		task := models.NewTaskRun(run.ID, "t", "0", "")
		mustCreate(t, db, &task)
		tests := []struct {
			name, table, doc string
			id               models.UUID
			wantErr          bool
			read             func() (int, error)
		}{
			{"flow fractional", "flow_run", `{"retry_delay_seconds": 2.5}`, run.ID, true, nil},
			{"flow whole", "flow_run", `{"retry_delay_seconds": 2.0}`, run.ID, false, nil},
			{"task fractional", "task_run", `{"retry_delay_seconds": 0.25}`, task.ID, true, nil},
			{"task whole", "task_run", `{"retry_delay_seconds": 3}`, task.ID, false, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if err := db.Exec("UPDATE "+tt.table+" SET empirical_policy = ? WHERE id = ?", tt.doc, tt.id).Error; err != nil {
					t.Fatal(err)
				}
				var delay int
				var err error
				if tt.table == "flow_run" {
					var got models.FlowRun
					if err = db.First(&got, "id = ?", tt.id).Error; err == nil && got.EmpiricalPolicy.V.RetryDelay != nil {
						delay = *got.EmpiricalPolicy.V.RetryDelay
					}
				} else {
					var got models.TaskRun
					if err = db.First(&got, "id = ?", tt.id).Error; err == nil && got.EmpiricalPolicy.V.RetryDelay != nil {
						delay = got.EmpiricalPolicy.V.RetryDelay.Seconds
					}
				}
				if tt.wantErr {
					if err == nil || !strings.Contains(err.Error(), "retry_delay_seconds") || !strings.Contains(err.Error(), strings.Split(strings.Split(tt.doc, ": ")[1], "}")[0]) {
						t.Fatalf("read %s: err %v, want an error naming retry_delay_seconds and the value", tt.doc, err)
					}
					return
				}
				if err != nil || delay == 0 {
					t.Fatalf("read %s: delay %d, err %v", tt.doc, delay, err)
				}
			})
		}
	})
}
