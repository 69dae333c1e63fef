package dialects_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"github.com/prefectorm/prefectorm/internal/coltype"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/dialects"
	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/models"
)

// benchBatchSizes are the batch sizes of the bulk-insert benchmarks.
var benchBatchSizes = []int{1000, 10000}

// benchLogs returns n logs as a log handler sends them: every column set
// but the Base.
func benchLogs(n int) []models.Log {
	run, task := models.NewUUID(), models.NewUUID()
	ts := models.Now()
	logs := make([]models.Log, n)
	for i := range logs {
		logs[i] = models.Log{Name: "prefect.task_runs", Level: 20, FlowRunID: &run, TaskRunID: &task,
			Message: fmt.Sprintf("Finished in state Completed() after %d steps", i), Timestamp: ts}
	}
	return logs
}

// benchEvents returns n flow-run state events with three related
// resources each (four event_resources rows per event).
func benchEvents(n int) []models.Event {
	ts := models.Now()
	events := make([]models.Event, n)
	for i := range events {
		events[i] = models.Event{
			Occurred: ts,
			Event:    "prefect.flow-run.Completed",
			Resource: models.NewJSON(map[string]string{models.ResourceIDLabel: fmt.Sprintf("prefect.flow-run.%d", i), "prefect.resource.name": "crimson-fox", "prefect.state-type": "COMPLETED"}),
			Related: models.NewJSON([]map[string]string{
				{models.ResourceIDLabel: "prefect.flow.1", models.ResourceRoleLabel: "flow", "prefect.resource.name": "etl"},
				{models.ResourceIDLabel: "prefect.deployment.1", models.ResourceRoleLabel: "deployment", "prefect.resource.name": "etl/prod"},
				{models.ResourceIDLabel: "prefect.tag.nightly", models.ResourceRoleLabel: "tag"},
			}),
			Payload: models.NewJSON(map[string]any{"intended": map[string]any{"from": "RUNNING", "to": "COMPLETED"},
				"initial_state":   map[string]any{"type": "RUNNING", "name": "Running"},
				"validated_state": map[string]any{"type": "COMPLETED", "name": "Completed"}}),
		}
	}
	return events
}

// rawBulk is the raw side of the bulk benchmarks: one transaction per
// batch, COPY through pgx on PostgreSQL, a prepared single-row INSERT on
// SQLite.
type rawBulk struct {
	ctx     context.Context
	dialect string
	sqlDB   *sql.DB
}

// rawTable is n rows of a table, row i encoded by fill into a reused
// slice, in the raw side's encoding.
type rawTable struct {
	name    string
	columns []string
	n       int
	fill    func(i int, dst []any)
}

// write writes the tables in one transaction: pgx CopyFrom on
// PostgreSQL, a prepared INSERT executed per row on SQLite.
func (r rawBulk) write(tables ...rawTable) error {
	if r.dialect == "postgres" {
		conn, err := r.sqlDB.Conn(r.ctx)
		if err != nil {
			return err
		}
		defer conn.Close()
		return conn.Raw(func(dc any) error {
			pc := dc.(*stdlib.Conn).Conn()
			tx, err := pc.Begin(r.ctx)
			if err != nil {
				return err
			}
			defer func() { _ = tx.Rollback(r.ctx) }()
			for _, t := range tables {
				buf, i := make([]any, len(t.columns)), 0
				src := pgx.CopyFromFunc(func() ([]any, error) {
					if i == t.n {
						return nil, nil
					}
					t.fill(i, buf)
					i++
					return buf, nil
				})
				if _, err := tx.CopyFrom(r.ctx, pgx.Identifier{t.name}, t.columns, src); err != nil {
					return err
				}
			}
			return tx.Commit(r.ctx)
		})
	}
	tx, err := r.sqlDB.BeginTx(r.ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	for _, t := range tables {
		q := "INSERT INTO " + t.name + " (" + joinCols(t.columns) + ") VALUES (" + placeholders(len(t.columns)) + ")"
		stmt, err := tx.PrepareContext(r.ctx, q)
		if err != nil {
			return err
		}
		buf := make([]any, len(t.columns))
		for i := 0; i < t.n && err == nil; i++ {
			t.fill(i, buf)
			_, err = stmt.ExecContext(r.ctx, buf...)
		}
		_ = stmt.Close()
		if err != nil {
			return err
		}
	}
	return tx.Commit()
}

func joinCols(cols []string) string {
	s := ""
	for i, c := range cols {
		if i > 0 {
			s += ", "
		}
		s += c
	}
	return s
}

func placeholders(n int) string {
	s := ""
	for i := 0; i < n; i++ {
		if i > 0 {
			s += ", "
		}
		s += "?"
	}
	return s
}

// rawUUID, rawTime and rawUUIDPtr encode as the raw side would: native pgx
// values on PostgreSQL, Prefect's text on SQLite.
func rawUUID(pg bool, u models.UUID) any {
	if pg {
		return [16]byte(u)
	}
	return u.String()
}

func rawUUIDPtr(pg bool, u *models.UUID) any {
	if u == nil {
		return nil
	}
	return rawUUID(pg, *u)
}

func rawTime(pg bool, t models.Timestamp) any {
	if pg {
		return t.Time
	}
	return coltype.SQLiteTime(t.Time)
}

// BenchmarkInsertLogs inserts batches of logs with dialects.InsertLogs
// and with GORM's CreateInBatches(1000), each beside the fastest raw
// method writing the same rows and columns in one transaction (pgx
// CopyFrom; a prepared INSERT per row on SQLite).
func BenchmarkInsertLogs(b *testing.B) {
	ctx := context.Background()
	for _, dialect := range dbtest.Dialects {
		b.Run(dialect, func(b *testing.B) {
			db := dbtest.New(b, dialect)
			sqlDB, err := db.DB.DB()
			if err != nil {
				b.Fatal(err)
			}
			pg := dialect == "postgres"
			raw := rawBulk{ctx: ctx, dialect: dialect, sqlDB: sqlDB}
			for _, n := range benchBatchSizes {
				template := benchLogs(n)
				batch := make([]models.Log, n)
				rawSide := func(int) error {
					now := models.Now()
					return raw.write(rawTable{name: "log", columns: logColumns, n: n, fill: func(i int, dst []any) {
						l := &template[i]
						dst[0], dst[1], dst[2] = rawUUID(pg, models.NewUUID()), rawTime(pg, now), rawTime(pg, now)
						dst[3] = l.Name
						if pg {
							dst[4] = int16(l.Level)
						} else {
							dst[4] = int64(l.Level)
						}
						dst[5], dst[6], dst[7], dst[8] = rawUUIDPtr(pg, l.FlowRunID), rawUUIDPtr(pg, l.TaskRunID), l.Message, rawTime(pg, l.Timestamp)
					}})
				}
				for _, m := range []struct {
					name string
					run  func(int) error
				}{
					{"InsertLogs", func(int) error {
						copy(batch, template)
						return dialects.InsertLogs(ctx, db.DB, batch)
					}},
					{"CreateInBatches", func(int) error {
						copy(batch, template)
						return db.DB.Session(&gorm.Session{}).CreateInBatches(&batch, 1000).Error
					}},
				} {
					b.Run(fmt.Sprintf("%d/%s", n, m.name), func(b *testing.B) {
						dbtest.CompareRaw(b, rawSide, m.run)
					})
				}
			}
		})
	}
}

// BenchmarkInsertEvents inserts batches of events (four event_resources
// rows each) with dialects.InsertEvents (events without ids, and events
// carrying their own, which may be stored already) and with GORM's
// CreateInBatches(1000) of the events and their resource rows, each
// beside the fastest raw method writing the same rows and columns in one
// transaction, its JSON encoded with encoding/json.
func BenchmarkInsertEvents(b *testing.B) {
	ctx := context.Background()
	for _, dialect := range dbtest.Dialects {
		b.Run(dialect, func(b *testing.B) {
			db := dbtest.New(b, dialect)
			sqlDB, err := db.DB.DB()
			if err != nil {
				b.Fatal(err)
			}
			pg := dialect == "postgres"
			raw := rawBulk{ctx: ctx, dialect: dialect, sqlDB: sqlDB}
			for _, n := range benchBatchSizes {
				template := benchEvents(n)
				batch := make([]models.Event, n)
				rawSide := func(int) error {
					now := models.Now()
					ids := make([]models.UUID, n)
					events := rawTable{name: "events", columns: eventColumns, n: n, fill: func(i int, dst []any) {
						e := &template[i]
						ids[i] = models.NewUUID()
						resource, _ := json.Marshal(e.Resource.V)
						relatedIDs := make([]string, len(e.Related.V))
						for k, r := range e.Related.V {
							relatedIDs[k] = r[models.ResourceIDLabel]
						}
						relatedIDsText, _ := json.Marshal(relatedIDs)
						related, _ := json.Marshal(e.Related.V)
						payload, _ := json.Marshal(e.Payload.V)
						dst[0], dst[1], dst[2], dst[3] = rawUUID(pg, ids[i]), rawTime(pg, now), rawTime(pg, now), rawTime(pg, e.Occurred)
						dst[4], dst[5], dst[6], dst[7] = e.Event, e.Resource.V[models.ResourceIDLabel], string(resource), string(relatedIDsText)
						dst[8], dst[9], dst[10], dst[11], dst[12] = string(related), string(payload), rawTime(pg, now), rawTime(pg, now), rawUUIDPtr(pg, e.Follows)
					}}
					// Every bench event has four resources: the primary and three related.
					resources := rawTable{name: "event_resources", columns: resourceColumns, n: 4 * n, fill: func(j int, dst []any) {
						e, k := &template[j/4], j%4
						labels, role := e.Resource.V, ""
						if k > 0 {
							labels = e.Related.V[k-1]
							role = labels[models.ResourceRoleLabel]
						}
						text, _ := json.Marshal(models.ResourceLabelsWithoutIDAndRole(labels))
						dst[0], dst[1], dst[2], dst[3] = rawUUID(pg, models.NewUUID()), rawTime(pg, now), rawTime(pg, now), rawTime(pg, e.Occurred)
						dst[4], dst[5], dst[6], dst[7] = labels[models.ResourceIDLabel], role, string(text), rawUUID(pg, ids[j/4])
					}}
					return raw.write(events, resources)
				}
				for _, m := range []struct {
					name string
					run  func(int) error
				}{
					{"InsertEvents", func(int) error {
						copy(batch, template)
						written, err := dialects.InsertEvents(ctx, db.DB, batch)
						if err == nil && written != n {
							err = fmt.Errorf("wrote %d events, want %d", written, n)
						}
						return err
					}},
					{"InsertEventsWithIDs", func(int) error {
						// Events carrying their own ids, as Prefect's clients
						// send them: any may be stored already.
						copy(batch, template)
						for i := range batch {
							batch[i].ID = models.NewUUID()
						}
						_, err := dialects.InsertEvents(ctx, db.DB, batch)
						return err
					}},
					{"CreateInBatches", func(int) error {
						copy(batch, template)
						return db.DB.Transaction(func(tx *gorm.DB) error {
							resources := make([]models.EventResource, 0, 4*n)
							for i := range batch {
								e := &batch[i]
								e.ID = models.NewUUID()
								e.ResourceID = e.Resource.V[models.ResourceIDLabel]
								e.RelatedResourceIDs = models.NewJSON(models.RelatedResourceIDsOf(e.Related.V))
								e.Received, e.Recorded = models.Now(), models.Now()
								resources = append(resources, e.ResourceRows()...)
							}
							if err := tx.CreateInBatches(&batch, 1000).Error; err != nil {
								return err
							}
							return tx.CreateInBatches(&resources, 1000).Error
						})
					}},
				} {
					b.Run(fmt.Sprintf("%d/%s", n, m.name), func(b *testing.B) {
						dbtest.CompareRaw(b, rawSide, m.run)
					})
				}
			}
		})
	}
}
