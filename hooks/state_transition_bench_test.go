package hooks_test

import (
	"context"
	"testing"
	"time"

	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/models"
)

// BenchmarkFlowRunTransition moves one flow run back and forth between
// RUNNING and PENDING: through GORM (inserting the state; the hooks lock
// the run, check the timestamp and write the bookkeeping) and through the
// same statements written by hand on database/sql, with the bookkeeping
// reduced to the state copies and the pointer.
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
			lock := "SELECT id, run_count, state_type, state_timestamp FROM flow_run WHERE id = ?"
			if dialect == "postgres" {
				lock += " FOR UPDATE"
			}
			lock = dbtest.Rebind(dialect, lock)
			check := dbtest.Rebind(dialect, "SELECT count(*) FROM flow_run_state WHERE flow_run_id = ? AND timestamp = ?")
			insert := dbtest.Rebind(dialect, `INSERT INTO flow_run_state (id, created, updated, flow_run_id, type, timestamp, name, state_details, data)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'null')`)
			update := dbtest.Rebind(dialect, `UPDATE flow_run SET state_id = ?, state_type = ?, state_name = ?, state_timestamp = ?,
				run_count = ?, updated = ? WHERE id = ?`)
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
				run := runs[0]
				var stateType *string
				var stateTS *models.Timestamp
				if err := tx.QueryRowContext(ctx, lock, run.ID).Scan(&run.ID, &run.RunCount, &stateType, &stateTS); err != nil {
					return err
				}
				ts := models.NewTimestamp(base.Add(time.Duration(i) * time.Millisecond))
				var n int
				if err := tx.QueryRowContext(ctx, check, run.ID, ts).Scan(&n); err != nil {
					return err
				}
				typ := typeOf(i)
				if typ == models.StateRunning {
					run.RunCount++
				}
				now, id := models.Now(), models.NewUUID()
				if _, err := tx.ExecContext(ctx, insert, id, now, now, run.ID, typ, ts, "Running", `{"flow_run_id": "`+run.ID.String()+`"}`); err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, update, id, typ, "Running", ts, run.RunCount, now, run.ID); err != nil {
					return err
				}
				return tx.Commit()
			}
			orm := func(i int) error {
				ts := models.NewTimestamp(base.Add(time.Duration(i) * time.Millisecond))
				return db.WithContext(ctx).Create(&models.FlowRunState{FlowRunID: runs[1].ID, Type: typeOf(i), Timestamp: ts}).Error
			}
			dbtest.CompareRaw(b, raw, orm)
		})
	}
}
