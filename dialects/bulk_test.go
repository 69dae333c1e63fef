package dialects_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/dialects"
	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/models"
)

// bulkClock is the fixed application clock of the bulk tests, with
// nanoseconds that both paths must truncate alike.
var bulkClock = time.Date(2024, 8, 19, 15, 32, 58, 123456789, time.UTC)

// fixedClock returns db with the application clock fixed at bulkClock.
func fixedClock(db *gorm.DB) *gorm.DB {
	return db.Session(&gorm.Session{NowFunc: func() time.Time { return bulkClock }})
}

// storedText returns every column of the row of table with the given id
// as the database stores it: the storage class and text on SQLite, the
// text form on PostgreSQL; NULL as "NULL".
func storedText(t *testing.T, db dbtest.DB, table string, columns []string, id models.UUID) map[string]string {
	t.Helper()
	exprs := make([]string, len(columns))
	for i, c := range columns {
		if db.Dialect.Name() == "postgres" {
			exprs[i] = fmt.Sprintf("COALESCE(%s::text, 'NULL')", c)
		} else {
			exprs[i] = fmt.Sprintf("typeof(%s) || ':' || COALESCE(CAST(%s AS TEXT), 'NULL')", c, c)
		}
	}
	rows, err := db.Raw("SELECT "+strings.Join(exprs, ", ")+" FROM "+table+" WHERE id = ?", id).Rows()
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	if !rows.Next() {
		t.Fatalf("%s row %s not found (%v)", table, id, rows.Err())
	}
	vals := make([]string, len(columns))
	ptrs := make([]any, len(columns))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for i, c := range columns {
		out[c] = vals[i]
	}
	return out
}

// sameStored checks that two rows are stored alike in every column but
// the listed ones.
func sameStored(t *testing.T, db dbtest.DB, table string, columns []string, bulk, orm models.UUID, except ...string) {
	t.Helper()
	got, want := storedText(t, db, table, columns, bulk), storedText(t, db, table, columns, orm)
	for _, c := range columns {
		if slicesContains(except, c) {
			continue
		}
		if got[c] != want[c] {
			t.Errorf("%s.%s: bulk stored %s, db.Create %s", table, c, got[c], want[c])
		}
	}
}

func slicesContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

var (
	logColumns      = []string{"id", "created", "updated", "name", "level", "flow_run_id", "task_run_id", "message", "timestamp"}
	eventColumns    = []string{"id", "created", "updated", "occurred", "event", "resource_id", "resource", "related_resource_ids", "related", "payload", "received", "recorded", "follows"}
	resourceColumns = []string{"id", "created", "updated", "occurred", "resource_id", "resource_role", "resource", "event_id"}
)

// sampleLogs returns logs covering NULL and set run ids, a zero
// timestamp, non-ASCII text and a sub-microsecond timestamp.
func sampleLogs() []models.Log {
	run, task := models.MustParseUUID("0b6e9d53-8d6b-4c0e-9a51-6a4c1d1a0001"), models.MustParseUUID("0b6e9d53-8d6b-4c0e-9a51-6a4c1d1a0002")
	ts := models.Timestamp{Time: time.Date(2024, 1, 2, 3, 4, 5, 987654321, time.FixedZone("CEST", 7200))}
	return []models.Log{
		{Name: "prefect.flow_runs", Level: 20, FlowRunID: &run, Message: "Finished in state Completed()", Timestamp: ts},
		{Name: "prefect.task_runs", Level: 40, FlowRunID: &run, TaskRunID: &task, Message: "ünïcode ✓ \"quoted\" \\ back\nslash", Timestamp: ts},
		{Name: "root", Level: -5, Message: ""},
	}
}

// sampleEvent returns an event with a primary resource, two related ones,
// a nested payload and the given follows.
func sampleEvent(i int, follows *models.UUID) models.Event {
	flowRun := fmt.Sprintf("prefect.flow-run.%d", i)
	return models.Event{
		Occurred: models.Timestamp{Time: bulkClock.Add(-time.Duration(i) * time.Second)},
		Event:    "prefect.flow-run.Completed",
		Resource: models.NewJSON(map[string]string{models.ResourceIDLabel: flowRun, "prefect.resource.name": "crimson-fox-é"}),
		Related: models.NewJSON([]map[string]string{
			{models.ResourceIDLabel: "prefect.flow.1", models.ResourceRoleLabel: "flow", "prefect.resource.name": "etl"},
			{models.ResourceIDLabel: "prefect.tag.nightly", models.ResourceRoleLabel: "tag"},
		}),
		Payload: models.NewJSON(map[string]any{"intended": map[string]any{"from": "RUNNING", "to": "COMPLETED"},
			"validated_state": map[string]any{"type": "COMPLETED", "message": "<ok> & ✓"}, "n": 1.5, "list": []any{1, "two", nil}}),
		Follows: follows,
	}
}

// gormEvent returns e with the columns InsertEvents derives filled, as a
// db.Create user writes them.
func gormEvent(e models.Event) models.Event {
	e.ResourceID = e.Resource.V[models.ResourceIDLabel]
	e.RelatedResourceIDs = models.NewJSON(models.RelatedResourceIDsOf(e.Related.V))
	e.Received = models.NewTimestamp(bulkClock)
	e.Recorded = models.NewTimestamp(bulkClock)
	return e
}

// TestBulkInsert runs the bulk-insert suite on both dialects.
func TestBulkInsert(t *testing.T) {
	ctx := context.Background()
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		for _, tc := range []struct {
			name string
			run  func(t *testing.T, db dbtest.DB)
		}{
			{"logs are stored as db.Create stores them", func(t *testing.T, db dbtest.DB) {
				bulk, orm := sampleLogs(), sampleLogs()
				if err := dialects.InsertLogs(ctx, fixedClock(db.DB), bulk); err != nil {
					t.Fatal(err)
				}
				if err := fixedClock(db.DB).Create(&orm).Error; err != nil {
					t.Fatal(err)
				}
				for i := range bulk {
					if bulk[i].ID.IsZero() || bulk[i].Created.Time != models.NewTimestamp(bulkClock).Time || bulk[i].Updated != bulk[i].Created {
						t.Errorf("log %d: base not filled: %+v", i, bulk[i].Base)
					}
					sameStored(t, db, "log", logColumns, bulk[i].ID, orm[i].ID, "id")
					var back models.Log
					if err := db.First(&back, "id = ?", bulk[i].ID).Error; err != nil {
						t.Fatal(err)
					}
					if fmt.Sprintf("%+v", back) != fmt.Sprintf("%+v", bulk[i]) {
						t.Errorf("log %d read back %+v, want %+v", i, back, bulk[i])
					}
				}
				if bulk[2].Timestamp != bulk[2].Created {
					t.Errorf("zero timestamp filled with %v, want the clock %v", bulk[2].Timestamp, bulk[2].Created)
				}
			}},
			{"events and their resources are stored as db.Create stores them", func(t *testing.T, db dbtest.DB) {
				prior := models.NewUUID()
				bulk := []models.Event{sampleEvent(1, &prior), sampleEvent(2, nil)}
				n, err := dialects.InsertEvents(ctx, fixedClock(db.DB), bulk)
				if err != nil || n != 2 {
					t.Fatalf("InsertEvents = %d, %v; want 2", n, err)
				}
				for i, e := range bulk {
					orm := gormEvent(sampleEvent(i+1, e.Follows))
					if err := fixedClock(db.DB).Create(&orm).Error; err != nil {
						t.Fatal(err)
					}
					ormResources := orm.ResourceRows()
					if err := fixedClock(db.DB).Create(&ormResources).Error; err != nil {
						t.Fatal(err)
					}
					sameStored(t, db, "events", eventColumns, e.ID, orm.ID, "id")
					var bulkResources []models.EventResource
					if err := db.Where("event_id = ?", e.ID).Order("resource_role, resource_id").Find(&bulkResources).Error; err != nil {
						t.Fatal(err)
					}
					if len(bulkResources) != 3 {
						t.Fatalf("event %d has %d resource rows, want 3", i, len(bulkResources))
					}
					for _, br := range bulkResources {
						var or *models.EventResource
						for k := range ormResources {
							if ormResources[k].ResourceRole == br.ResourceRole {
								or = &ormResources[k]
							}
						}
						sameStored(t, db, "event_resources", resourceColumns, br.ID, or.ID, "id", "event_id")
					}
					var back models.Event
					if err := db.First(&back, "id = ?", e.ID).Error; err != nil {
						t.Fatal(err)
					}
					if back.ResourceID != e.ResourceID || back.Recorded != e.Recorded || fmt.Sprint(back.Related.V) != fmt.Sprint(e.Related.V) {
						t.Errorf("event %d read back %+v, want %+v", i, back, e)
					}
				}
			}},
			{"a bad row is refused by index, column and value, and nothing is written", func(t *testing.T, db dbtest.DB) {
				for _, bad := range []struct {
					name   string
					logs   func([]models.Log)
					events func([]models.Event)
					want   string
				}{
					{name: "log level", logs: func(l []models.Log) { l[2].Level = 40000 }, want: "row 2: log.level: invalid smallint 40000"},
					{name: "log timestamp", logs: func(l []models.Log) {
						l[1].Timestamp = models.Timestamp{Time: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}
					},
						want: "row 1: log.timestamp: invalid timestamp 10000-01-01T00:00:00Z"},
					{name: "event without resource id", events: func(e []models.Event) { delete(e[1].Resource.V, models.ResourceIDLabel) },
						want: "row 1: events.resource: document"},
					{name: "related without role", events: func(e []models.Event) { delete(e[2].Related.V[1], models.ResourceRoleLabel) },
						want: "row 2: events.related: [1]"},
					{name: "event without occurred", events: func(e []models.Event) { e[0].Occurred = models.Timestamp{} },
						want: "row 0: events.occurred: invalid timestamp zero"},
					{name: "resource id disagrees", events: func(e []models.Event) { e[1].ResourceID = "prefect.other" },
						want: `row 1: events.resource_id: invalid text "prefect.other"`},
					{name: "payload does not encode", events: func(e []models.Event) { e[2].Payload.V["f"] = func() {} },
						want: "row 2: events.payload:"},
					{name: "a later copy of an id is checked too", events: func(e []models.Event) {
						e[2].ID = models.NewUUID()
						e[1].ID = e[2].ID
						delete(e[2].Resource.V, models.ResourceIDLabel)
					}, want: "row 2: events.resource: document"},
				} {
					t.Run(bad.name, func(t *testing.T) {
						var err error
						if bad.logs != nil {
							logs := append(sampleLogs(), sampleLogs()...)
							bad.logs(logs)
							err = dialects.InsertLogs(ctx, db.DB, logs)
						} else {
							events := []models.Event{sampleEvent(1, nil), sampleEvent(2, nil), sampleEvent(3, nil)}
							bad.events(events)
							_, err = dialects.InsertEvents(ctx, db.DB, events)
						}
						var rowErr *dialects.RowError
						if !errors.As(err, &rowErr) || !strings.Contains(err.Error(), bad.want) {
							t.Fatalf("error = %v, want a RowError containing %q", err, bad.want)
						}
						for _, table := range []string{"log", "events", "event_resources"} {
							if n := countRows(t, db.DB, table); n != 0 {
								t.Errorf("%s has %d rows after a refused insert", table, n)
							}
						}
					})
				}
			}},
			{"inside a caller's transaction", func(t *testing.T, db dbtest.DB) {
				errRollback := errors.New("roll back")
				err := db.Transaction(func(tx *gorm.DB) error {
					if err := dialects.InsertLogs(ctx, tx, sampleLogs()); err != nil {
						return err
					}
					if _, err := dialects.InsertEvents(ctx, tx, []models.Event{sampleEvent(1, nil)}); err != nil {
						return err
					}
					if n := countRows(t, tx, "log"); n != 3 {
						t.Errorf("the transaction sees %d logs, want 3", n)
					}
					if n := countRows(t, tx, "event_resources"); n != 3 {
						t.Errorf("the transaction sees %d event resources, want 3", n)
					}
					return errRollback
				})
				if !errors.Is(err, errRollback) {
					t.Fatal(err)
				}
				for _, table := range []string{"log", "events", "event_resources"} {
					if n := countRows(t, db.DB, table); n != 0 {
						t.Errorf("%s has %d rows after the caller rolled back", table, n)
					}
				}
				err = db.Transaction(func(tx *gorm.DB) error {
					if err := dialects.InsertLogs(ctx, tx, sampleLogs()); err != nil {
						return err
					}
					_, err := dialects.InsertEvents(ctx, tx, []models.Event{sampleEvent(1, nil), sampleEvent(2, nil)})
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
				if n := countRows(t, db.DB, "log"); n != 3 {
					t.Errorf("%d logs after the caller committed, want 3", n)
				}
				if n := countRows(t, db.DB, "event_resources"); n != 6 {
					t.Errorf("%d event resources after the caller committed, want 6", n)
				}
			}},
			{"a failed insert inside a caller's transaction leaves the transaction usable", func(t *testing.T, db dbtest.DB) {
				err := db.Transaction(func(tx *gorm.DB) error {
					logs := sampleLogs()
					if err := dialects.InsertLogs(ctx, tx, logs); err != nil {
						return err
					}
					again := sampleLogs()
					again[1].ID = logs[0].ID
					if err := dialects.InsertLogs(ctx, tx, again); !errors.Is(err, gorm.ErrDuplicatedKey) {
						t.Errorf("duplicate log id: error %v, want gorm.ErrDuplicatedKey", err)
					}
					// An event refused after others were sent: they go with
					// the call's savepoint.
					events := []models.Event{sampleEvent(1, nil), sampleEvent(2, nil), sampleEvent(3, nil)}
					delete(events[2].Related.V[0], models.ResourceRoleLabel)
					var rowErr *dialects.RowError
					if _, err := dialects.InsertEvents(ctx, tx, events); !errors.As(err, &rowErr) || rowErr.Index != 2 {
						t.Errorf("refused event: error %v, want a RowError of row 2", err)
					}
					if _, err := dialects.InsertEvents(ctx, tx, []models.Event{sampleEvent(4, nil)}); err != nil {
						return err
					}
					return dialects.InsertLogs(ctx, tx, sampleLogs())
				})
				if err != nil {
					t.Fatal(err)
				}
				if n := countRows(t, db.DB, "log"); n != 6 {
					t.Errorf("%d logs, want 6 (the failed call writes none)", n)
				}
				if n := countRows(t, db.DB, "events"); n != 1 {
					t.Errorf("%d events, want 1 (the refused call writes none)", n)
				}
			}},
			{"through a PrepareStmt session and multi-row statements", func(t *testing.T, db dbtest.DB) {
				prepared := db.Session(&gorm.Session{PrepareStmt: true})
				err := prepared.Transaction(func(tx *gorm.DB) error {
					if err := dialects.InsertLogs(ctx, tx, sampleLogs()); err != nil {
						return err
					}
					_, err := dialects.InsertEvents(ctx, tx, []models.Event{sampleEvent(1, nil)})
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
				defer func(old int) { *dialects.InsertRowsPerStatement = old }(*dialects.InsertRowsPerStatement)
				*dialects.InsertRowsPerStatement = 7
				logs := make([]models.Log, 50)
				for i := range logs {
					logs[i] = models.Log{Name: "multi", Level: i, Message: fmt.Sprint(i)}
				}
				if err := dialects.InsertLogs(ctx, db.DB, logs); err != nil {
					t.Fatal(err)
				}
				var levels int64
				if err := db.Raw("SELECT SUM(level) FROM log WHERE name = 'multi'").Scan(&levels).Error; err != nil || levels != 49*50/2 {
					t.Errorf("sum of levels = %d, %v; want %d", levels, err, 49*50/2)
				}
				if n := countRows(t, db.DB, "log"); n != 53 {
					t.Errorf("%d logs, want 53", n)
				}
			}},
			{"duplicate event ids are skipped with their resources", func(t *testing.T, db dbtest.DB) {
				for _, direct := range []bool{false, true} {
					t.Run(fmt.Sprintf("direct=%v", direct), func(t *testing.T) {
						defer func(old bool) { *dialects.EventsDirectCopy = old }(*dialects.EventsDirectCopy)
						*dialects.EventsDirectCopy = direct
						if err := db.Exec("DELETE FROM event_resources").Error; err != nil {
							t.Fatal(err)
						}
						if err := db.Exec("DELETE FROM events").Error; err != nil {
							t.Fatal(err)
						}
						first := []models.Event{sampleEvent(1, nil), sampleEvent(2, nil)}
						if n, err := dialects.InsertEvents(ctx, db.DB, first); err != nil || n != 2 {
							t.Fatalf("first InsertEvents = %d, %v", n, err)
						}
						stored, c, d := sampleEvent(3, nil), sampleEvent(4, nil), sampleEvent(5, nil)
						stored.ID, stored.Event = first[0].ID, "prefect.changed"
						c.ID = models.NewUUID()
						cAgain := sampleEvent(6, nil)
						cAgain.ID = c.ID
						n, err := dialects.InsertEvents(ctx, db.DB, []models.Event{stored, c, cAgain, d})
						if err != nil || n != 2 {
							t.Fatalf("InsertEvents with duplicates = %d, %v; want 2", n, err)
						}
						if n := countRows(t, db.DB, "events"); n != 4 {
							t.Errorf("%d events, want 4", n)
						}
						if n := countRows(t, db.DB, "event_resources"); n != 12 {
							t.Errorf("%d event resources, want 12 (3 per stored event)", n)
						}
						var kept models.Event
						if err := db.First(&kept, "id = ?", first[0].ID).Error; err != nil || kept.Event != first[0].Event {
							t.Errorf("stored event = %q, %v; want it untouched (%q)", kept.Event, err, first[0].Event)
						}
						var cStored models.Event
						if err := db.First(&cStored, "id = ?", c.ID).Error; err != nil || cStored.ResourceID != "prefect.flow-run.4" {
							t.Errorf("in-batch duplicate: stored %q, %v; want the first copy's resource", cStored.ResourceID, err)
						}
						var resourceIDs []string
						if err := db.Model(&models.EventResource{}).Where("event_id = ? AND resource_role = ''", c.ID).Pluck("resource_id", &resourceIDs).Error; err != nil || len(resourceIDs) != 1 || resourceIDs[0] != "prefect.flow-run.4" {
							t.Errorf("in-batch duplicate's primary resources = %v, %v; want only the first copy's", resourceIDs, err)
						}
					})
				}
			}},
			{"large batches", func(t *testing.T, db dbtest.DB) {
				const nLogs, nEvents = 50_000, 10_000
				logs := make([]models.Log, nLogs)
				for i := range logs {
					logs[i] = models.Log{Name: "bulk", Level: 20, Message: fmt.Sprintf("line %d", i)}
				}
				if err := dialects.InsertLogs(ctx, db.DB, logs); err != nil {
					t.Fatal(err)
				}
				events := make([]models.Event, nEvents)
				for i := range events {
					events[i] = sampleEvent(i, nil)
				}
				if n, err := dialects.InsertEvents(ctx, db.DB, events); err != nil || n != nEvents {
					t.Fatalf("InsertEvents = %d, %v", n, err)
				}
				for table, want := range map[string]int64{"log": nLogs, "events": nEvents, "event_resources": 3 * nEvents} {
					if n := countRows(t, db.DB, table); n != want {
						t.Errorf("%s: %d rows, want %d", table, n, want)
					}
				}
				var distinct int64
				if err := db.Raw("SELECT COUNT(DISTINCT message) FROM log").Scan(&distinct).Error; err != nil || distinct != nLogs {
					t.Errorf("%d distinct messages, %v; want %d", distinct, err, nLogs)
				}
			}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				for _, table := range []string{"log", "events", "event_resources"} {
					if err := db.Exec("DELETE FROM " + table).Error; err != nil {
						t.Fatal(err)
					}
				}
				tc.run(t, db)
			})
		}
	})
}
