package hooks_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/prefectorm/prefectorm/internal/coltype"
	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/models"
)

// BenchmarkFlowRunTransition moves one flow run back and forth between
// RUNNING and PENDING: through GORM (inserting the state; the hooks lock
// the run, check the timestamp and write the bookkeeping) and through the
// same work written by hand on database/sql: in one transaction, the run's
// 13 bookkeeping columns read and locked, the state inserted with every
// column GORM writes (its state_details as GORM encodes them), and the run
// updated in the columns the transition changed (and updated).
func BenchmarkFlowRunTransition(b *testing.B) {
	ctx := context.Background()
	for _, dialect := range dbtest.Dialects {
		b.Run(dialect, func(b *testing.B) {
			db := dbtest.New(b, dialect)
			sqlDB, err := db.DB.DB()
			if err != nil {
				b.Fatal(err)
			}
			flow := models.Flow{Name: "bench"}
			if err := db.Create(&flow).Error; err != nil {
				b.Fatal(err)
			}
			runs := [2]models.FlowRun{{FlowID: flow.ID}, {FlowID: flow.ID}}
			for i := range runs {
				if err := db.Create(&runs[i]).Error; err != nil {
					b.Fatal(err)
				}
			}
			lock := `SELECT id, state_id, state_type, state_name, state_timestamp, run_count, expected_start_time,
				next_scheduled_start_time, start_time, end_time, total_run_time, empirical_policy, parent_task_run_id
				FROM flow_run WHERE id = ?`
			if dialect == "postgres" {
				lock += " FOR UPDATE"
			}
			lock = dbtest.Rebind(dialect, lock)
			insert := dbtest.Rebind(dialect, `INSERT INTO flow_run_state (flow_run_id, type, name, message, data, result_artifact_id, id, created, updated, timestamp, state_details)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
			ts := timeArg(dialect)
			base := time.Now().UTC()
			typeOf := func(i int) models.StateType {
				if i%2 == 0 {
					return models.StateRunning
				}
				return models.StatePending
			}
			raw := func(i int) error {
				tx, err := sqlDB.BeginTx(ctx, nil)
				if err != nil {
					return err
				}
				defer func() { _ = tx.Rollback() }()
				var r models.FlowRun
				if err := tx.QueryRowContext(ctx, lock, runs[0].ID).Scan(&r.ID, &r.StateID, &r.StateType, &r.StateName, &r.StateTimestamp,
					&r.RunCount, &r.ExpectedStartTime, &r.NextScheduledStartTime, &r.StartTime, &r.EndTime, &r.TotalRunTime,
					&r.EmpiricalPolicy, &r.ParentTaskRunID); err != nil {
					return err
				}
				before := r
				now := models.Now()
				typ := typeOf(i)
				state := models.FlowRunState{Base: models.Base{ID: models.NewUUID(), Created: now, Updated: now}, FlowRunID: r.ID,
					Type: typ, Timestamp: models.NewTimestamp(base.Add(time.Duration(i) * time.Millisecond)),
					Name: strings.ToUpper(string(typ[:1])) + strings.ToLower(string(typ[1:]))}
				if before.StateTimestamp != nil && state.Timestamp.Equal(before.StateTimestamp.Time) {
					return fmt.Errorf("duplicate timestamp")
				}
				r.ApplyState(&state)
				details, err := state.StateDetails.Value()
				if err != nil {
					return err
				}
				data, err := state.InlineData.Value()
				if err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, insert, state.FlowRunID, state.Type, state.Name, state.Message, data, state.ResultArtifactID,
					state.ID, ts(state.Created), ts(state.Updated), ts(state.Timestamp), details); err != nil {
					return err
				}
				set, args := changedFlowRunColumns(dialect, before, r)
				set = append(set, "updated = ?")
				args = append(args, ts(now), r.ID)
				if _, err := tx.ExecContext(ctx, dbtest.Rebind(dialect, "UPDATE flow_run SET "+strings.Join(set, ", ")+" WHERE id = ?"), args...); err != nil {
					return err
				}
				return tx.Commit()
			}
			orm := func(i int) error {
				ts := models.NewTimestamp(base.Add(time.Duration(i) * time.Millisecond))
				return db.WithContext(ctx).Create(&models.FlowRunState{FlowRunID: runs[1].ID, Type: typeOf(i), Timestamp: ts}).Error
			}
			dbtest.CompareRaw(b, raw, orm)

			// Both runs went through the same transitions.
			var got [2]models.FlowRun
			for i := range runs {
				if err := db.Take(&got[i], "id = ?", runs[i].ID).Error; err != nil {
					b.Fatal(err)
				}
			}
			if got[0].RunCount != got[1].RunCount || *got[0].StateType != *got[1].StateType || *got[0].StateName != *got[1].StateName {
				b.Fatalf("raw run %d %s %s, gorm run %d %s %s", got[0].RunCount, *got[0].StateType, *got[0].StateName,
					got[1].RunCount, *got[1].StateType, *got[1].StateName)
			}
		})
	}
}

// timeArg returns how GORM binds a timestamp on the dialect: time.Time on
// PostgreSQL, Prefect's UTC text on SQLite.
func timeArg(dialect string) func(models.Timestamp) any {
	if dialect == "postgres" {
		return func(t models.Timestamp) any { return t.Time.UTC() }
	}
	return func(t models.Timestamp) any { return coltype.SQLiteTime(t.Time) }
}

// changedFlowRunColumns returns the SET terms and values of the flow run
// bookkeeping columns that differ between before and after.
func changedFlowRunColumns(dialect string, before, after models.FlowRun) ([]string, []any) {
	ts := timeArg(dialect)
	var set []string
	var args []any
	add := func(column string, v any) {
		set = append(set, column+" = ?")
		args = append(args, v)
	}
	tsPtr := func(column string, a, b *models.Timestamp) {
		switch {
		case b == nil && a != nil:
			add(column, nil)
		case b != nil && (a == nil || !a.Equal(b.Time)):
			add(column, ts(*b))
		}
	}
	if !equalPtr(before.StateID, after.StateID) {
		add("state_id", after.StateID)
	}
	if !equalPtr(before.StateType, after.StateType) {
		add("state_type", after.StateType)
	}
	if !equalPtr(before.StateName, after.StateName) {
		add("state_name", after.StateName)
	}
	tsPtr("state_timestamp", before.StateTimestamp, after.StateTimestamp)
	tsPtr("start_time", before.StartTime, after.StartTime)
	tsPtr("end_time", before.EndTime, after.EndTime)
	tsPtr("expected_start_time", before.ExpectedStartTime, after.ExpectedStartTime)
	tsPtr("next_scheduled_start_time", before.NextScheduledStartTime, after.NextScheduledStartTime)
	if before.RunCount != after.RunCount {
		add("run_count", after.RunCount)
	}
	if before.TotalRunTime != after.TotalRunTime {
		if dialect == "postgres" {
			add("total_run_time", fmt.Sprintf("%d microseconds", time.Duration(after.TotalRunTime).Microseconds()))
		} else {
			v, _ := after.TotalRunTime.Value()
			add("total_run_time", v)
		}
	}
	if before.EmpiricalPolicy.V.Resuming != after.EmpiricalPolicy.V.Resuming {
		add("empirical_policy", after.EmpiricalPolicy)
	}
	return set, args
}

func equalPtr[T comparable](a, b *T) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}
