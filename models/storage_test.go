package models_test

import (
	"math"
	"testing"
	"time"

	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/models"
)

// raw reads one value as the text the database stores (for PostgreSQL, the
// value's text output in the UTC session).
func raw(t *testing.T, db dbtest.DB, table, column string, id models.UUID) string {
	t.Helper()
	var s *string
	if err := db.Raw("SELECT CAST("+column+" AS TEXT) FROM "+table+" WHERE id = ?", id).Scan(&s).Error; err != nil {
		t.Fatalf("read %s.%s: %v", table, column, err)
	}
	if s == nil {
		return "<NULL>"
	}
	return *s
}

// rawType reads SQLite's storage class of a value (typeof), "" on PostgreSQL.
func rawType(t *testing.T, db dbtest.DB, table, column string, id models.UUID) string {
	t.Helper()
	if db.Dialect.Name() != "sqlite" {
		return ""
	}
	var s string
	if err := db.Raw("SELECT typeof("+column+") FROM "+table+" WHERE id = ?", id).Scan(&s).Error; err != nil {
		t.Fatal(err)
	}
	return s
}

func newFlowRun(t *testing.T, db dbtest.DB, name string, edit func(*models.FlowRun)) models.FlowRun {
	t.Helper()
	flow := models.Flow{Name: "flow-of-" + name}
	if err := db.Create(&flow).Error; err != nil {
		t.Fatal(err)
	}
	run := models.FlowRun{FlowID: flow.ID}
	run.Name = name
	if edit != nil {
		edit(&run)
	}
	if err := db.Create(&run).Error; err != nil {
		t.Fatalf("create flow run: %v", err)
	}
	return run
}

func TestStoredFormats(t *testing.T) {
	eastern := time.FixedZone("EST", -5*3600)
	started := models.NewTimestamp(time.Date(2024, 8, 19, 10, 32, 58, 123456789, eastern))
	scheduled := models.NewISOTime(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	runID := models.MustParseUUID("3F2504E0-4F89-41D3-9A0C-0305E82C3301")
	scheduledRunID := models.MustParseUUID("3f2504e0-4f89-41d3-9a0c-0305e82c3302")
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		run := newFlowRun(t, db, "formats", func(r *models.FlowRun) {
			r.ID = runID
			r.StartTime = &started
			r.TotalRunTime = models.Interval(3661500 * time.Millisecond)
			r.Tags = models.NewJSON([]string{"a", "é", "<b>"})
			r.Parameters = models.NewJSON(map[string]any{"x": 1, "nan": math.NaN(), "nested": map[string]any{"y": []any{true, nil, 1.5}}})
			r.StateType = models.StateRunning.Ptr()
			r.AutoScheduled = true
		})
		// Inserting a state is a transition of its run (see hooks): give the
		// state a run of its own, so run keeps the values written above.
		scheduledRun := newFlowRun(t, db, "scheduled", func(r *models.FlowRun) { r.ID = scheduledRunID })
		state := models.FlowRunState{FlowRunID: scheduledRun.ID, Type: models.StateScheduled, Name: "Scheduled",
			StateDetails: models.NewJSON(models.StateDetails{ScheduledTime: &scheduled})}
		if err := db.Create(&state).Error; err != nil {
			t.Fatal(err)
		}
		artifact := models.Artifact{}
		if err := db.Create(&artifact).Error; err != nil {
			t.Fatal(err)
		}
		long := newFlowRun(t, db, "long", func(r *models.FlowRun) { r.TotalRunTime = models.Interval(25 * time.Hour) })

		sqlite := db.Dialect.Name() == "sqlite"
		pick := func(s, p string) string {
			if sqlite {
				return s
			}
			return p
		}
		tests := []struct {
			name, table, column string
			id                  models.UUID
			want                string
			storageClass        string // SQLite typeof()
		}{
			{"uuid lower-case text", "flow_run", "id", run.ID, "3f2504e0-4f89-41d3-9a0c-0305e82c3301", "text"},
			{"timestamp in UTC, six digits", "flow_run", "start_time", run.ID, pick("2024-08-19 15:32:58.123456", "2024-08-19 15:32:58.123456+00"), "text"},
			{"interval", "flow_run", "total_run_time", run.ID, pick("1970-01-01 01:01:01.500000", "01:01:01.5"), "text"},
			{"interval over a day", "flow_run", "total_run_time", long.ID, pick("1970-01-02 01:00:00.000000", "25:00:00"), "text"},
			{"json list, python separators, ascii", "flow_run", "tags", run.ID, pick(`["a", "\u00e9", "<b>"]`, `["a", "é", "<b>"]`), "text"},
			{"json object, NaN as null", "flow_run", "parameters", run.ID, pick(`{"nan": null, "nested": {"y": [true, null, 1.5]}, "x": 1}`, `{"x": 1, "nan": null, "nested": {"y": [true, null, 1.5]}}`), "text"},
			{"json server default", "flow_run", "context", run.ID, "{}", "text"},
			{"typed json, every field", "flow_run_state", "state_details", state.ID,
				pick(`{"flow_run_id": "3f2504e0-4f89-41d3-9a0c-0305e82c3302", "task_run_id": null, "child_flow_run_id": null, "scheduled_time": "2024-01-01T00:00:00Z", "cache_key": null, "cache_expiration": null, "deferred": false, "untrackable_result": false, "pause_timeout": null, "pause_reschedule": false, "pause_key": null, "run_input_keyset": null, "refresh_cache": null, "retriable": null, "transition_id": null, "task_parameters_id": null}`,
					`{"deferred": false, "cache_key": null, "pause_key": null, "retriable": null, "flow_run_id": "3f2504e0-4f89-41d3-9a0c-0305e82c3302", "task_run_id": null, "pause_timeout": null, "refresh_cache": null, "transition_id": null, "scheduled_time": "2024-01-01T00:00:00Z", "cache_expiration": null, "pause_reschedule": false, "run_input_keyset": null, "child_flow_run_id": null, "task_parameters_id": null, "untrackable_result": false}`), "text"},
			{"plain json nil is null text", "artifact", "data", artifact.ID, "null", "text"},
			{"nullable json nil is NULL", "flow_run", "created_by", run.ID, "<NULL>", "null"},
			{"enum by name", "flow_run", "state_type", run.ID, "RUNNING", "text"},
			{"enum default", "flow_run_state", "type", state.ID, "SCHEDULED", "text"},
			{"boolean", "flow_run", "auto_scheduled", run.ID, pick("1", "true"), "integer"},
			{"boolean server default", "flow_run", "auto_scheduled", long.ID, pick("0", "false"), "integer"},
			{"integer default", "flow_run", "run_count", run.ID, "0", "integer"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if got := raw(t, db, tt.table, tt.column, tt.id); got != tt.want {
					t.Errorf("%s.%s stored as\n  %s\nwant\n  %s", tt.table, tt.column, got, tt.want)
				}
				if sqlite {
					if got := rawType(t, db, tt.table, tt.column, tt.id); got != tt.storageClass {
						t.Errorf("%s.%s storage class %s, want %s", tt.table, tt.column, got, tt.storageClass)
					}
				}
			})
		}

		t.Run("read back", func(t *testing.T) {
			var got models.FlowRun
			if err := db.First(&got, "id = ?", run.ID).Error; err != nil {
				t.Fatal(err)
			}
			if !got.StartTime.Equal(started.Time) || got.StartTime.Location() != time.UTC {
				t.Errorf("start_time = %v, want %v in UTC", got.StartTime, started)
			}
			if got.TotalRunTime.Duration() != 3661500*time.Millisecond {
				t.Errorf("total_run_time = %v", got.TotalRunTime.Duration())
			}
			if len(got.Tags.V) != 3 || got.Tags.V[1] != "é" {
				t.Errorf("tags = %v", got.Tags.V)
			}
			if got.StateType == nil || *got.StateType != models.StateRunning || !got.AutoScheduled {
				t.Errorf("state_type = %v auto_scheduled = %v", got.StateType, got.AutoScheduled)
			}
			if got.CreatedBy.V != nil {
				t.Errorf("created_by = %+v, want nil", got.CreatedBy.V)
			}
			var st models.FlowRunState
			if err := db.First(&st, "id = ?", state.ID).Error; err != nil {
				t.Fatal(err)
			}
			if st.StateDetails.V.ScheduledTime == nil || !st.StateDetails.V.ScheduledTime.Equal(scheduled.Time) {
				t.Errorf("scheduled_time = %v", st.StateDetails.V.ScheduledTime)
			}
		})
	})
}

// TestReadsPrefectRows inserts rows with raw SQL in the formats Prefect
// writes (and with the server defaults) and reads them through the models.
func TestReadsPrefectRows(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		flowID := models.MustParseUUID("9a2b6f43-0b5d-4f8e-9d61-1f0c6f3b7e01")
		runID := models.MustParseUUID("1c9f1e39-6b7e-4b51-8d0e-6b0fd2f1f0aa")
		if err := db.Exec("INSERT INTO flow (id, name) VALUES (?, ?)", flowID.String(), "raw-flow").Error; err != nil {
			t.Fatal(err)
		}
		insert := map[string]string{
			"sqlite": `INSERT INTO flow_run (id, created, updated, name, flow_id, start_time, total_run_time, state_type, empirical_policy, parameters, tags, auto_scheduled)
				VALUES ('1c9f1e39-6b7e-4b51-8d0e-6b0fd2f1f0aa', '2024-08-19 15:32:58.123000', '2024-08-19 15:32:58.123000', 'raw-run', '9a2b6f43-0b5d-4f8e-9d61-1f0c6f3b7e01',
				'2024-08-19 15:33:00.000001', '1970-01-01 00:00:10.250000', 'COMPLETED',
				'{"max_retries": 0, "retry_delay_seconds": 0.0, "retries": 3, "retry_delay": 10, "pause_keys": [], "resuming": false}',
				'{"b": 2, "a": "\u00e9"}', '["x", "y"]', 1)`,
			"postgres": `INSERT INTO flow_run (id, created, updated, name, flow_id, start_time, total_run_time, state_type, empirical_policy, parameters, tags, auto_scheduled)
				VALUES ('1c9f1e39-6b7e-4b51-8d0e-6b0fd2f1f0aa', '2024-08-19 15:32:58.123+00', '2024-08-19 15:32:58.123+00', 'raw-run', '9a2b6f43-0b5d-4f8e-9d61-1f0c6f3b7e01',
				'2024-08-19 17:33:00.000001+02', '10.25 seconds', 'COMPLETED',
				'{"max_retries": 0, "retry_delay_seconds": 0.0, "retries": 3, "retry_delay": 10, "pause_keys": [], "resuming": false}',
				'{"b": 2, "a": "é"}', '["x", "y"]', true)`,
		}[db.Dialect.Name()]
		if err := db.Exec(insert).Error; err != nil {
			t.Fatal(err)
		}
		var defaults models.FlowRun
		if err := db.Exec("INSERT INTO flow_run (name, flow_id) VALUES ('defaults', ?)", flowID.String()).Error; err != nil {
			t.Fatal(err)
		}
		if err := db.First(&defaults, "name = ?", "defaults").Error; err != nil {
			t.Fatalf("read a row made of server defaults: %v", err)
		}
		if defaults.ID.IsZero() || defaults.Created.IsZero() || defaults.TotalRunTime != 0 || len(defaults.Tags.V) != 0 {
			t.Errorf("server defaults read back as %+v", defaults.Base)
		}
		if d := time.Since(defaults.Created.Time); d < -time.Minute || d > time.Minute {
			t.Errorf("server default created = %v, want about now in UTC", defaults.Created)
		}

		var got models.FlowRun
		if err := db.First(&got, "id = ?", runID).Error; err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name string
			ok   bool
			got  any
		}{
			{"created", got.Created.Equal(time.Date(2024, 8, 19, 15, 32, 58, 123000000, time.UTC)), got.Created},
			{"start_time", got.StartTime != nil && got.StartTime.Equal(time.Date(2024, 8, 19, 15, 33, 0, 1000, time.UTC)), got.StartTime},
			{"total_run_time", got.TotalRunTime.Duration() == 10250*time.Millisecond, got.TotalRunTime.Duration()},
			{"state_type", got.StateType != nil && *got.StateType == models.StateCompleted, got.StateType},
			{"empirical_policy", got.EmpiricalPolicy.V.Retries != nil && *got.EmpiricalPolicy.V.Retries == 3, got.EmpiricalPolicy.V},
			{"parameters", got.Parameters.V["a"] == "é", got.Parameters.V},
			{"tags", len(got.Tags.V) == 2 && got.Tags.V[1] == "y", got.Tags.V},
			{"auto_scheduled", got.AutoScheduled, got.AutoScheduled},
			{"flow_id", got.FlowID == flowID, got.FlowID},
		}
		for _, tt := range tests {
			if !tt.ok {
				t.Errorf("%s read back as %v", tt.name, tt.got)
			}
		}
	})
}
