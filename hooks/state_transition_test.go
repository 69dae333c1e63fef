package hooks_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/internal/coltype"
	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/models"
)

// t0 is the fixed clock of the transition tests, millisecond-aligned.
var t0 = time.Date(2024, 8, 19, 15, 32, 58, 123000000, time.UTC)

func at(seconds float64) models.Timestamp {
	return models.NewTimestamp(t0.Add(time.Duration(seconds * float64(time.Second))))
}

func atPtr(seconds float64) *models.Timestamp { return at(seconds).Ptr() }

// step is one proposed state and the run's bookkeeping expected after it.
type step struct {
	typ       models.StateType
	name      string
	at        float64
	scheduled *float64
	want      runBookkeeping
}

// runBookkeeping is the part of a run the global policy maintains.
type runBookkeeping struct {
	StateType              models.StateType
	StateName              string
	StateTimestamp         *models.Timestamp
	StartTime              *models.Timestamp
	EndTime                *models.Timestamp
	ExpectedStartTime      *models.Timestamp
	NextScheduledStartTime *models.Timestamp
	RunCount               int
	TotalRunTime           time.Duration
}

func bookkeeping(r models.Run) runBookkeeping {
	b := runBookkeeping{
		StateTimestamp: r.StateTimestamp, StartTime: r.StartTime, EndTime: r.EndTime,
		ExpectedStartTime: r.ExpectedStartTime, NextScheduledStartTime: r.NextScheduledStartTime,
		RunCount: r.RunCount, TotalRunTime: r.TotalRunTime.Duration(),
	}
	if r.StateType != nil {
		b.StateType = *r.StateType
	}
	if r.StateName != nil {
		b.StateName = *r.StateName
	}
	return b
}

func sec(s float64) *float64 { return &s }

func TestFlowRunStateTransitions(t *testing.T) {
	tests := []struct {
		name     string
		resuming bool
		steps    []step
	}{
		{name: "scheduled, pending, running, completed", steps: []step{
			{typ: models.StateScheduled, at: 0, scheduled: sec(60), want: runBookkeeping{
				StateType: models.StateScheduled, StateName: "Scheduled", StateTimestamp: atPtr(0),
				ExpectedStartTime: atPtr(60), NextScheduledStartTime: atPtr(60)}},
			{typ: models.StatePending, at: 60, want: runBookkeeping{
				StateType: models.StatePending, StateName: "Pending", StateTimestamp: atPtr(60),
				ExpectedStartTime: atPtr(60)}},
			{typ: models.StateRunning, at: 61, want: runBookkeeping{
				StateType: models.StateRunning, StateName: "Running", StateTimestamp: atPtr(61),
				StartTime: atPtr(61), ExpectedStartTime: atPtr(60), RunCount: 1}},
			{typ: models.StateCompleted, at: 71.5, want: runBookkeeping{
				StateType: models.StateCompleted, StateName: "Completed", StateTimestamp: atPtr(71.5),
				StartTime: atPtr(61), EndTime: atPtr(71.5), ExpectedStartTime: atPtr(60), RunCount: 1,
				TotalRunTime: 10500 * time.Millisecond}},
		}},
		{name: "retry accumulates run time and count", steps: []step{
			{typ: models.StateRunning, at: 0, want: runBookkeeping{
				StateType: models.StateRunning, StateName: "Running", StateTimestamp: atPtr(0),
				StartTime: atPtr(0), ExpectedStartTime: atPtr(0), RunCount: 1}},
			{typ: models.StateScheduled, name: "AwaitingRetry", at: 2, scheduled: sec(5), want: runBookkeeping{
				StateType: models.StateScheduled, StateName: "AwaitingRetry", StateTimestamp: atPtr(2),
				StartTime: atPtr(0), ExpectedStartTime: atPtr(0), NextScheduledStartTime: atPtr(5),
				RunCount: 1, TotalRunTime: 2 * time.Second}},
			{typ: models.StateRunning, name: "Retrying", at: 5, want: runBookkeeping{
				StateType: models.StateRunning, StateName: "Retrying", StateTimestamp: atPtr(5),
				StartTime: atPtr(0), ExpectedStartTime: atPtr(0), RunCount: 2, TotalRunTime: 2 * time.Second}},
			{typ: models.StateFailed, at: 8.25, want: runBookkeeping{
				StateType: models.StateFailed, StateName: "Failed", StateTimestamp: atPtr(8.25),
				StartTime: atPtr(0), EndTime: atPtr(8.25), ExpectedStartTime: atPtr(0), RunCount: 2,
				TotalRunTime: 5250 * time.Millisecond}},
			{typ: models.StateScheduled, at: 9, scheduled: sec(9), want: runBookkeeping{
				StateType: models.StateScheduled, StateName: "Scheduled", StateTimestamp: atPtr(9),
				StartTime: atPtr(0), ExpectedStartTime: atPtr(0), NextScheduledStartTime: atPtr(9), RunCount: 2,
				TotalRunTime: 5250 * time.Millisecond}},
		}},
		{name: "terminal without start keeps end_time empty", steps: []step{
			{typ: models.StatePending, at: 0, want: runBookkeeping{
				StateType: models.StatePending, StateName: "Pending", StateTimestamp: atPtr(0), ExpectedStartTime: atPtr(0)}},
			{typ: models.StateCancelled, at: 1, want: runBookkeeping{
				StateType: models.StateCancelled, StateName: "Cancelled", StateTimestamp: atPtr(1), ExpectedStartTime: atPtr(0)}},
		}},
		{name: "resuming from pause does not count a run", resuming: true, steps: []step{
			{typ: models.StateRunning, at: 0, want: runBookkeeping{
				StateType: models.StateRunning, StateName: "Running", StateTimestamp: atPtr(0),
				StartTime: atPtr(0), ExpectedStartTime: atPtr(0)}},
		}},
	}
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		flow := models.Flow{Name: "transitions"}
		if err := db.Create(&flow).Error; err != nil {
			t.Fatal(err)
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				run := models.FlowRun{FlowID: flow.ID}
				run.EmpiricalPolicy.V.Resuming = tt.resuming
				if err := db.Create(&run).Error; err != nil {
					t.Fatal(err)
				}
				for i, s := range tt.steps {
					state := models.FlowRunState{FlowRunID: run.ID, Type: s.typ, Name: s.name, Timestamp: at(s.at)}
					if s.scheduled != nil {
						scheduled := models.NewISOTime(at(*s.scheduled).Time)
						state.StateDetails.V.ScheduledTime = &scheduled
					}
					if err := db.Create(&state).Error; err != nil {
						t.Fatalf("step %d (%s): %v", i, s.typ, err)
					}
					var stored models.FlowRun
					if err := db.Take(&stored, "id = ?", run.ID).Error; err != nil {
						t.Fatal(err)
					}
					if got := bookkeeping(stored.Run); !reflect.DeepEqual(got, s.want) {
						t.Errorf("step %d (%s):\n got %+v\nwant %+v", i, s.typ, got, s.want)
					}
					if stored.StateID == nil || *stored.StateID != state.ID {
						t.Errorf("step %d: state_id = %v, want %s", i, stored.StateID, state.ID)
					}
					var storedState models.FlowRunState
					if err := db.Take(&storedState, "id = ?", state.ID).Error; err != nil {
						t.Fatal(err)
					}
					if id := storedState.StateDetails.V.FlowRunID; id == nil || *id != run.ID {
						t.Errorf("step %d: state_details.flow_run_id = %v, want %s", i, id, run.ID)
					}
				}
				if tt.resuming {
					var stored models.FlowRun
					if err := db.Take(&stored, "id = ?", run.ID).Error; err != nil {
						t.Fatal(err)
					}
					if stored.EmpiricalPolicy.V.Resuming {
						t.Error("empirical_policy.resuming still true after entering RUNNING")
					}
				}
			})
		}
	})
}

func TestTaskRunStateTransitions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		flow := models.Flow{Name: "tasks"}
		if err := db.Create(&flow).Error; err != nil {
			t.Fatal(err)
		}
		flowRun := models.FlowRun{FlowID: flow.ID}
		if err := db.Create(&flowRun).Error; err != nil {
			t.Fatal(err)
		}
		// Two flow-run attempts: the task run records the second.
		for i, typ := range []models.StateType{models.StateRunning, models.StateScheduled, models.StateRunning} {
			if err := db.Create(&models.FlowRunState{FlowRunID: flowRun.ID, Type: typ, Timestamp: at(float64(i))}).Error; err != nil {
				t.Fatal(err)
			}
		}
		tests := []struct {
			name      string
			flowRunID *models.UUID
			want      int
		}{
			{name: "in a flow run", flowRunID: flowRun.ID.Ptr(), want: 2},
			{name: "without a flow run", want: 0},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				task := models.TaskRun{FlowRunID: tt.flowRunID, TaskKey: "say_hello", DynamicKey: tt.name}
				if err := db.Create(&task).Error; err != nil {
					t.Fatal(err)
				}
				states := []models.TaskRunState{
					{TaskRunID: task.ID, Type: models.StatePending, Timestamp: at(10)},
					{TaskRunID: task.ID, Type: models.StateRunning, Timestamp: at(11)},
					{TaskRunID: task.ID, Type: models.StateCompleted, Timestamp: at(13.5)},
				}
				// One batch insert: each state is applied in order.
				if err := db.Create(&states).Error; err != nil {
					t.Fatal(err)
				}
				var stored models.TaskRun
				if err := db.Take(&stored, "id = ?", task.ID).Error; err != nil {
					t.Fatal(err)
				}
				want := runBookkeeping{StateType: models.StateCompleted, StateName: "Completed", StateTimestamp: atPtr(13.5),
					StartTime: atPtr(11), EndTime: atPtr(13.5), ExpectedStartTime: atPtr(10), RunCount: 1,
					TotalRunTime: 2500 * time.Millisecond}
				if got := bookkeeping(stored.Run); !reflect.DeepEqual(got, want) {
					t.Errorf("\n got %+v\nwant %+v", got, want)
				}
				if stored.FlowRunRunCount != tt.want {
					t.Errorf("flow_run_run_count = %d, want %d", stored.FlowRunRunCount, tt.want)
				}
				if stored.StateID == nil || *stored.StateID != states[2].ID {
					t.Errorf("state_id = %v, want %s", stored.StateID, states[2].ID)
				}
				var details models.TaskRunState
				if err := db.Take(&details, "id = ?", states[1].ID).Error; err != nil {
					t.Fatal(err)
				}
				d := details.StateDetails.V
				if d.TaskRunID == nil || *d.TaskRunID != task.ID || !reflect.DeepEqual(d.FlowRunID, tt.flowRunID) {
					t.Errorf("state_details task_run_id %v flow_run_id %v", d.TaskRunID, d.FlowRunID)
				}
			})
		}
	})
}

func TestStateTransitionRefusals(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		flow := models.Flow{Name: "refusals"}
		if err := db.Create(&flow).Error; err != nil {
			t.Fatal(err)
		}
		run := models.FlowRun{FlowID: flow.ID}
		if err := db.Create(&run).Error; err != nil {
			t.Fatal(err)
		}
		first := models.FlowRunState{FlowRunID: run.ID, Type: models.StateRunning, Timestamp: at(0)}
		if err := db.Create(&first).Error; err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name  string
			state models.FlowRunState
			want  []string
		}{
			{name: "same timestamp", state: models.FlowRunState{FlowRunID: run.ID, Type: models.StateCompleted, Timestamp: at(0)},
				want: []string{"flow_run_state.timestamp", run.ID.String(), "2024-08-19 15:32:58.123000"}},
			{name: "older than the current state", state: models.FlowRunState{FlowRunID: run.ID, Type: models.StateCompleted, Timestamp: at(-1)},
				want: []string{"flow_run_state.timestamp", run.ID.String(), "COMPLETED", "RUNNING", "2024-08-19 15:32:57.123000", "2024-08-19 15:32:58.123000", "time order"}},
			{name: "unknown run", state: models.FlowRunState{FlowRunID: models.MustParseUUID("00000000-0000-4000-8000-000000000001"), Type: models.StateCompleted, Timestamp: at(1)},
				want: []string{"flow_run_state.flow_run_id", "00000000-0000-4000-8000-000000000001"}},
			{name: "bad state type", state: models.FlowRunState{FlowRunID: run.ID, Type: "DONE", Timestamp: at(2)},
				want: []string{"flow_run_state.type", "DONE"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				state := tt.state
				err := db.Create(&state).Error
				if err == nil {
					t.Fatal("created, want an error")
				}
				for _, w := range tt.want {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q does not name %q", err, w)
					}
				}
				var n int64
				db.Model(&models.FlowRunState{}).Where("flow_run_id = ?", run.ID).Count(&n)
				if n != 1 {
					t.Errorf("%d states stored, want the first only", n)
				}
				var stored models.FlowRun
				if err := db.Take(&stored, "id = ?", run.ID).Error; err != nil {
					t.Fatal(err)
				}
				if *stored.StateID != first.ID || *stored.StateType != models.StateRunning || !stored.StateTimestamp.Equal(at(0).Time) {
					t.Errorf("run changed: state_id %s type %s at %v", *stored.StateID, *stored.StateType, stored.StateTimestamp)
				}
			})
		}
	})
}

func TestStateData(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		flow := models.Flow{Name: "data"}
		if err := db.Create(&flow).Error; err != nil {
			t.Fatal(err)
		}
		run := models.FlowRun{FlowID: flow.ID}
		if err := db.Create(&run).Error; err != nil {
			t.Fatal(err)
		}
		artifact := models.Artifact{Data: models.NewPlainJSON[any](map[string]any{"storage_key": "s3://results/1"})}
		if err := db.Create(&artifact).Error; err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name     string
			inline   any
			artifact bool
			want     any
		}{
			{name: "inline", inline: map[string]any{"value": 42}, artifact: true, want: map[string]any{"value": json.Number("42")}},
			{name: "empty inline falls through", inline: map[string]any{}, artifact: true, want: artifact.Data.V},
			{name: "false inline falls through", inline: false, artifact: true, want: artifact.Data.V},
			{name: "artifact only", artifact: true, want: artifact.Data.V},
			{name: "neither", want: nil},
			{name: "zero without artifact", inline: float64(0), want: nil},
		}
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				state := models.FlowRunState{FlowRunID: run.ID, Type: models.StateCompleted, Timestamp: at(float64(i)),
					InlineData: models.NewPlainJSON(tt.inline)}
				if tt.artifact {
					state.ResultArtifactID = artifact.ID.Ptr()
				}
				if err := db.Create(&state).Error; err != nil {
					t.Fatal(err)
				}
				for _, preload := range []bool{false, true} {
					var stored models.FlowRunState
					q := db.DB
					if preload {
						q = q.Preload("ResultArtifact")
					}
					if err := q.Take(&stored, "id = ?", state.ID).Error; err != nil {
						t.Fatal(err)
					}
					got, err := stored.Data(db.DB)
					if err != nil {
						t.Fatal(err)
					}
					if !reflect.DeepEqual(got, tt.want) {
						t.Errorf("preload=%v: Data() = %#v, want %#v", preload, got, tt.want)
					}
				}
			})
		}
	})
}

func TestStateTransitionNeedsATransaction(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		flow := models.Flow{Name: "tx"}
		if err := db.Create(&flow).Error; err != nil {
			t.Fatal(err)
		}
		run := models.FlowRun{FlowID: flow.ID}
		if err := db.Create(&run).Error; err != nil {
			t.Fatal(err)
		}
		noTx := db.Session(&gorm.Session{SkipDefaultTransaction: true})
		tests := []struct {
			name    string
			create  func(state *models.FlowRunState) error
			wantErr bool
		}{
			{"SkipDefaultTransaction alone", func(s *models.FlowRunState) error { return noTx.Create(s).Error }, true},
			{"inside an explicit transaction", func(s *models.FlowRunState) error {
				return noTx.Transaction(func(tx *gorm.DB) error { return tx.Create(s).Error })
			}, false},
		}
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				state := models.FlowRunState{FlowRunID: run.ID, Type: models.StatePending, Timestamp: at(float64(i))}
				err := tt.create(&state)
				if tt.wantErr != (err != nil) {
					t.Fatalf("err = %v, want error: %v", err, tt.wantErr)
				}
				if err != nil && !strings.Contains(err.Error(), "transaction") {
					t.Errorf("error %q does not say a transaction is needed", err)
				}
				var n int64
				db.Model(&models.FlowRunState{}).Where("id = ?", state.ID).Count(&n)
				if want := map[bool]int64{true: 0, false: 1}[tt.wantErr]; n != want {
					t.Errorf("%d rows stored, want %d", n, want)
				}
			})
		}
	})
}

// TestConcurrentTransitions has 16 goroutines insert states of one flow run
// at once: the run lock serialises them, so every RUNNING state is counted
// and the run's state copies match the state it ends pointing at, which is
// its latest.
func TestConcurrentTransitions(t *testing.T) {
	const callers = 16
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		flow := models.Flow{Name: "concurrent"}
		if err := db.Create(&flow).Error; err != nil {
			t.Fatal(err)
		}
		run := models.FlowRun{FlowID: flow.ID}
		if err := db.Create(&run).Error; err != nil {
			t.Fatal(err)
		}
		errs := make(chan error, callers)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range callers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				typ := models.StateRunning
				if i%2 == 1 {
					typ = models.StatePending
				}
				// No timestamp: each is stamped after it holds the run lock.
				errs <- db.Create(&models.FlowRunState{FlowRunID: run.ID, Type: typ}).Error
			}()
		}
		close(start)
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		var stored models.FlowRun
		if err := db.Take(&stored, "id = ?", run.ID).Error; err != nil {
			t.Fatal(err)
		}
		var last models.FlowRunState
		if err := db.Where("id = ?", stored.StateID).Take(&last).Error; err != nil {
			t.Fatal(err)
		}
		if stored.RunCount != callers/2 {
			t.Errorf("run_count = %d, want %d", stored.RunCount, callers/2)
		}
		var latest models.FlowRunState
		if err := db.Where("flow_run_id = ?", run.ID).Order("timestamp DESC").Take(&latest).Error; err != nil {
			t.Fatal(err)
		}
		if latest.ID != last.ID {
			t.Errorf("run points at state %s at %v, its latest is %s at %v", last.ID, last.Timestamp, latest.ID, latest.Timestamp)
		}
		if !stored.StateTimestamp.Equal(last.Timestamp.Time) || *stored.StateType != last.Type {
			t.Errorf("run copies %s at %v, its state is %s at %v", *stored.StateType, stored.StateTimestamp, last.Type, last.Timestamp)
		}
	})
}

// TestStatesMustBeInTimeOrder checks, for flow and task runs, single
// inserts and batches, that a state older than its run's current state is
// refused (naming the run, both timestamps and the state types) and that
// nothing of the statement is stored.
func TestStatesMustBeInTimeOrder(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		flow := models.Flow{Name: "order"}
		if err := db.Create(&flow).Error; err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name   string
			insert func(runID models.UUID) error // after a RUNNING state at(10)
			task   bool
		}{
			{"flow run, older state", func(id models.UUID) error {
				return db.Create(&models.FlowRunState{FlowRunID: id, Type: models.StateCompleted, Timestamp: at(5)}).Error
			}, false},
			{"flow run, batch out of order", func(id models.UUID) error {
				return db.Create(&[]models.FlowRunState{
					{FlowRunID: id, Type: models.StatePending, Timestamp: at(12)},
					{FlowRunID: id, Type: models.StateCompleted, Timestamp: at(11)},
				}).Error
			}, false},
			{"task run, older state", func(id models.UUID) error {
				return db.Create(&models.TaskRunState{TaskRunID: id, Type: models.StateCompleted, Timestamp: at(5)}).Error
			}, true},
			{"task run, batch out of order", func(id models.UUID) error {
				return db.Create(&[]models.TaskRunState{
					{TaskRunID: id, Type: models.StatePending, Timestamp: at(12)},
					{TaskRunID: id, Type: models.StateCompleted, Timestamp: at(11)},
				}).Error
			}, true},
		}
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				var runID models.UUID
				table, kind := "flow_run_state", "flow run"
				if tt.task {
					table, kind = "task_run_state", "task run"
					task := models.TaskRun{TaskKey: "order", DynamicKey: tt.name}
					if err := db.Create(&task).Error; err != nil {
						t.Fatal(err)
					}
					runID = task.ID
					if err := db.Create(&models.TaskRunState{TaskRunID: runID, Type: models.StateRunning, Timestamp: at(10)}).Error; err != nil {
						t.Fatal(err)
					}
				} else {
					run := models.FlowRun{FlowID: flow.ID}
					run.Name = "order-" + string(rune('a'+i))
					if err := db.Create(&run).Error; err != nil {
						t.Fatal(err)
					}
					runID = run.ID
					if err := db.Create(&models.FlowRunState{FlowRunID: runID, Type: models.StateRunning, Timestamp: at(10)}).Error; err != nil {
						t.Fatal(err)
					}
				}
				err := tt.insert(runID)
				if err == nil {
					t.Fatal("inserted, want the older state refused")
				}
				for _, want := range []string{table + ".timestamp", kind + " " + runID.String(), "COMPLETED", "time order"} {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("error %q does not name %q", err, want)
					}
				}
				var n int64
				if err := db.Table(table).Where(strings.TrimSuffix(table, "_state")+"_id = ?", runID).Count(&n).Error; err != nil {
					t.Fatal(err)
				}
				if n != 1 {
					t.Errorf("%d states stored, want the first only", n)
				}
				var run models.Run
				if err := db.Table(strings.TrimSuffix(table, "_state")).Where("id = ?", runID).Take(&run).Error; err != nil {
					t.Fatal(err)
				}
				if run.TotalRunTime != 0 || run.EndTime != nil || !run.StateTimestamp.Equal(at(10).Time) {
					t.Errorf("run changed: total_run_time %v end_time %v state_timestamp %v", run.TotalRunTime, run.EndTime, run.StateTimestamp)
				}
			})
		}
	})
}

// TestDuplicateTimestampFromTheUniqueIndex checks that a state at the
// timestamp of a stored state the run no longer points at, which only the
// unique index on (run id, timestamp) refuses, fails with the same message
// as the in-memory check, names the run and the timestamp, still matches
// gorm.ErrDuplicatedKey, and stores nothing.
func TestDuplicateTimestampFromTheUniqueIndex(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		flow := models.Flow{Name: "duplicates"}
		if err := db.Create(&flow).Error; err != nil {
			t.Fatal(err)
		}
		run := models.FlowRun{FlowID: flow.ID}
		if err := db.Create(&run).Error; err != nil {
			t.Fatal(err)
		}
		task := models.TaskRun{TaskKey: "duplicates"}
		if err := db.Create(&task).Error; err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name   string
			table  string
			runID  models.UUID
			insert func(ts models.Timestamp) error
		}{
			{"flow run", "flow_run", run.ID, func(ts models.Timestamp) error {
				return db.Create(&models.FlowRunState{FlowRunID: run.ID, Type: models.StateRunning, Timestamp: ts}).Error
			}},
			{"task run", "task_run", task.ID, func(ts models.Timestamp) error {
				return db.Create(&models.TaskRunState{TaskRunID: task.ID, Type: models.StateRunning, Timestamp: ts}).Error
			}},
			{"flow run batch", "flow_run", run.ID, func(ts models.Timestamp) error {
				return db.Create(&[]models.FlowRunState{{FlowRunID: run.ID, Type: models.StateRunning, Timestamp: ts}}).Error
			}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				ts := at(100)
				if tt.name != "flow run batch" {
					if err := tt.insert(ts); err != nil {
						t.Fatal(err)
					}
				}
				// Detach the run from its states: only the index knows.
				if err := db.Table(tt.table).Where("id = ?", tt.runID).
					UpdateColumns(map[string]any{"state_id": nil, "state_timestamp": nil, "state_type": nil}).Error; err != nil {
					t.Fatal(err)
				}
				err := tt.insert(ts)
				if err == nil {
					t.Fatal("inserted a second state at the same timestamp")
				}
				for _, want := range []string{tt.table + "_state.timestamp", tt.runID.String(), coltype.SQLiteTime(ts.Time), "must differ"} {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("error %q does not name %q", err, want)
					}
				}
				if !errors.Is(err, gorm.ErrDuplicatedKey) {
					t.Errorf("error %q is not gorm.ErrDuplicatedKey", err)
				}
				var n int64
				if err := db.Table(tt.table+"_state").Where(tt.table+"_id = ?", tt.runID).Count(&n).Error; err != nil {
					t.Fatal(err)
				}
				if n != 1 {
					t.Errorf("%d states stored, want 1", n)
				}
				var stored struct{ StateID *models.UUID }
				if err := db.Table(tt.table).Select("state_id").Where("id = ?", tt.runID).Take(&stored).Error; err != nil {
					t.Fatal(err)
				}
				if stored.StateID != nil {
					t.Errorf("run points at state %s, want it left alone (NULL)", stored.StateID)
				}
			})
		}
	})
}
