package dialects_test

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/prefectorm/prefectorm/dialects"
	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/models"
)

// uid is a deterministic id, the same on both databases.
func uid(kind string, i int) models.UUID {
	return models.UUID(uuid.NewSHA1(uuid.NameSpaceOID, fmt.Appendf(nil, "%s-%d", kind, i)))
}

// workload is the scripted data set of the cross-dialect test: every sorted
// table with NULL and non-NULL values, duplicate names, keys and times, and
// strings whose bytewise order differs from a locale's.
type workload struct {
	blockTypes     []models.BlockType
	blockSchemas   []models.BlockSchema
	blockDocuments []models.BlockDocument
	flows          []models.Flow
	deployments    []models.Deployment
	flowRuns       []models.FlowRun
	taskRuns       []models.TaskRun
	logs           []models.Log
	artifacts      []models.Artifact
	collections    []models.ArtifactCollection
	variables      []models.Variable
	automations    []models.Automation
}

// newWorkload builds the workload; every call returns the same values.
func newWorkload() *workload {
	rng := rand.New(rand.NewPCG(3, 2024))
	names := []string{"etl", "ETL", "_private", "zeta", "Alpha", "alpha", "émile", "a b", "a-b", "9lives"}
	// t returns one of a few whole-millisecond times around ms(0), or NULL
	// when nullable and the dice say so; times repeat, so ties are common.
	t := func(nullable bool) *models.Timestamp {
		if nullable && rng.IntN(4) == 0 {
			return nil
		}
		return ts(ms(time.Duration(rng.IntN(7)-4)*time.Minute + time.Duration(rng.IntN(3))*1500*time.Millisecond))
	}
	stamp := func() models.Timestamp { return *t(false) }
	base := func(kind string, i int) models.Base {
		return models.Base{ID: uid(kind, i), Created: stamp(), Updated: stamp()}
	}
	str := func(s string) *string { return &s }
	w := &workload{}
	for i, name := range []string{"Secret", "aws-credentials", "JSON"} {
		w.blockTypes = append(w.blockTypes, models.BlockType{Base: base("block_type", i), Name: name, Slug: strings.ToLower(name)})
		w.blockSchemas = append(w.blockSchemas, models.BlockSchema{Base: base("block_schema", i), Checksum: "sha256:" + name, BlockTypeID: uid("block_type", i)})
	}
	for i := range 12 {
		// Names repeat across block types, never within one.
		typ := (i/6 + i) % 3
		doc := models.BlockDocument{Base: base("block_document", i), Name: names[i%6],
			BlockTypeID: uid("block_type", typ), BlockSchemaID: uid("block_schema", typ)}
		if i%5 != 4 { // a few rows without the denormalised block type name
			doc.BlockTypeName = str(w.blockTypes[typ].Name)
		}
		w.blockDocuments = append(w.blockDocuments, doc)
	}
	for i, name := range names {
		w.flows = append(w.flows, models.Flow{Base: base("flow", i), Name: name})
	}
	for i := range 9 {
		w.deployments = append(w.deployments, models.Deployment{Base: base("deployment", i),
			Name: names[rng.IntN(4)], FlowID: uid("flow", i)})
	}
	states := []*models.StateType{nil, st(models.StateScheduled), st(models.StatePending), st(models.StateRunning),
		st(models.StateCompleted), st(models.StateFailed), st(models.StateCancelled), st(models.StateCrashed), st(models.StatePaused)}
	run := func() models.Run {
		r := models.Run{Name: names[rng.IntN(len(names))], StateType: states[rng.IntN(len(states))],
			StateTimestamp: t(true), ExpectedStartTime: t(true), NextScheduledStartTime: t(true),
			StartTime: t(true), EndTime: t(true),
			TotalRunTime: models.Interval(time.Duration(rng.IntN(5)) * 1250 * time.Millisecond)}
		if r.StartTime != nil && r.ExpectedStartTime == nil && rng.IntN(2) == 0 {
			r.ExpectedStartTime = t(false)
		}
		return r
	}
	for i := range 40 {
		w.flowRuns = append(w.flowRuns, models.FlowRun{Base: base("flow_run", i), FlowID: uid("flow", i%len(names)), Run: run()})
	}
	for i := range 30 {
		fr := uid("flow_run", i%7)
		w.taskRuns = append(w.taskRuns, models.TaskRun{Base: base("task_run", i), FlowRunID: &fr,
			TaskKey: "task", DynamicKey: fmt.Sprint(i), Run: run()})
	}
	for i := range 15 {
		fr := uid("flow_run", i%3)
		w.logs = append(w.logs, models.Log{Base: base("log", i), Name: "prefect", Level: 20, FlowRunID: &fr,
			Message: fmt.Sprint("line ", i), Timestamp: stamp()})
	}
	keys := []string{"report", "Report", "_raw", "émission", "report"}
	for i := range 12 {
		a := models.Artifact{Base: base("artifact", i)}
		if i%4 != 3 {
			a.Key = str(keys[rng.IntN(len(keys))])
		}
		w.artifacts = append(w.artifacts, a)
	}
	for i, key := range keys[:4] {
		w.collections = append(w.collections, models.ArtifactCollection{Base: base("artifact_collection", i), Key: key, LatestID: uid("artifact", i)})
	}
	for i, name := range []string{"b", "B", "_b", "a", "ä"} {
		w.variables = append(w.variables, models.Variable{Base: base("variable", i), Name: name})
	}
	for i := range 7 {
		w.automations = append(w.automations, models.Automation{Base: base("automation", i), Name: names[rng.IntN(5)],
			Trigger: models.NewJSON(models.NewServerTrigger(models.NewEventTrigger(models.PostureReactive))),
			Actions: models.NewJSON([]models.Action{})})
	}
	return w
}

// insert writes the workload through GORM, parents first.
func (w *workload) insert(t testing.TB, db *gorm.DB) {
	t.Helper()
	for _, rows := range []any{&w.blockTypes, &w.blockSchemas, &w.blockDocuments, &w.flows, &w.deployments,
		&w.flowRuns, &w.taskRuns, &w.logs, &w.artifacts, &w.collections, &w.variables, &w.automations} {
		if err := db.Create(rows).Error; err != nil {
			t.Fatalf("insert %T: %v", rows, err)
		}
	}
}

// sortCase is one value of one sort enum.
type sortCase struct {
	name  string
	model any
	rows  int
	sort  clause.Expression
}

func sortCases[T interface {
	~string
	clause.Expression
}](model any, rows int, values []T) []sortCase {
	var out []sortCase
	for _, v := range values {
		out = append(out, sortCase{name: fmt.Sprintf("%T.%s", v, string(v)), model: model, rows: rows, sort: v})
	}
	return out
}

func (w *workload) sortCases() []sortCase {
	return slices.Concat(
		sortCases(&models.FlowRun{}, len(w.flowRuns), models.FlowRunSorts()),
		sortCases(&models.TaskRun{}, len(w.taskRuns), models.TaskRunSorts()),
		sortCases(&models.Log{}, len(w.logs), models.LogSorts()),
		sortCases(&models.Flow{}, len(w.flows), models.FlowSorts()),
		sortCases(&models.Deployment{}, len(w.deployments), models.DeploymentSorts()),
		sortCases(&models.Artifact{}, len(w.artifacts), models.ArtifactSorts()),
		sortCases(&models.ArtifactCollection{}, len(w.collections), models.ArtifactCollectionSorts()),
		sortCases(&models.Variable{}, len(w.variables), models.VariableSorts()),
		sortCases(&models.BlockDocument{}, len(w.blockDocuments), models.BlockDocumentSorts()),
		sortCases(&models.Automation{}, len(w.automations), models.AutomationSorts()),
	)
}

// hybridRow is one run's hybrid values read back.
type hybridRow struct {
	ID                      models.UUID
	EstimatedRunTime        models.Interval
	EstimatedStartTimeDelta models.Interval
}

// hybridQueries are the hybrid-property queries of the test, at the fixed
// clock ms(0): all rows ordered each way, and two filters.
func hybridQueries(table string) map[string]func(db *gorm.DB) *gorm.DB {
	now := ms(0)
	rt := dialects.EstimatedRunTime(table).At(now)
	late := dialects.EstimatedStartTimeDelta(table).At(now)
	sel := func(db *gorm.DB) *gorm.DB {
		return db.Table(table).Select("id, ? AS estimated_run_time, ? AS estimated_start_time_delta", rt, late)
	}
	return map[string]func(db *gorm.DB) *gorm.DB{
		"run time desc": func(db *gorm.DB) *gorm.DB { return sel(db).Order(rt.Desc()) },
		"run time asc":  func(db *gorm.DB) *gorm.DB { return sel(db).Order(rt.Asc()) },
		"lateness desc": func(db *gorm.DB) *gorm.DB { return sel(db).Order(late.Desc()) },
		"late over 1 min": func(db *gorm.DB) *gorm.DB {
			return sel(db).Where("? > ?", late, models.Interval(time.Minute)).Order(late.Asc())
		},
		"running over 3 s": func(db *gorm.DB) *gorm.DB {
			return sel(db).Where("state_type = ? AND ? > ?", models.StateRunning, rt, models.Interval(3*time.Second)).Order(rt.Asc())
		},
	}
}

// TestCrossDialectResults runs the same workload on a SQLite and a
// PostgreSQL database and requires identical results from every value of
// every sort enum (the ids, in order) and from the hybrid-property queries
// (ids and values); a few orders are also checked against an ordering
// computed in Go, and the hybrid values against the Go methods. The
// PostgreSQL string columns get a locale collation first (when the server
// has ICU), so bytewise string order is really tested.
func TestCrossDialectResults(t *testing.T) {
	dbs := map[string]dbtest.DB{}
	for _, name := range dbtest.Dialects {
		db := dbtest.New(t, name)
		if name == "postgres" {
			useLocaleCollation(t, db)
		}
		newWorkload().insert(t, db.DB)
		dbs[name] = db
	}
	sqlite, pg := dbs["sqlite"], dbs["postgres"]
	w := newWorkload()

	results := map[string][]models.UUID{}
	for _, tc := range w.sortCases() {
		t.Run(tc.name, func(t *testing.T) {
			var got [2][]models.UUID
			for i, db := range []dbtest.DB{sqlite, pg} {
				if err := db.Model(tc.model).Clauses(tc.sort).Pluck("id", &got[i]).Error; err != nil {
					t.Fatalf("%s: %v", db.Dialect.Name(), err)
				}
				if len(got[i]) != tc.rows {
					t.Fatalf("%s: %d rows, want %d", db.Dialect.Name(), len(got[i]), tc.rows)
				}
			}
			if !slices.Equal(got[0], got[1]) {
				t.Errorf("SQLite and PostgreSQL differ:\nsqlite   %v\npostgres %v", got[0], got[1])
			}
			results[tc.name] = got[1]
		})
	}

	t.Run("orders computed in Go", func(t *testing.T) {
		checkOrder(t, results["models.FlowSort.NAME_ASC"], w.flows,
			func(f models.Flow) models.UUID { return f.ID },
			func(a, b models.Flow) int { return strings.Compare(a.Name, b.Name) })
		checkOrder(t, results["models.FlowRunSort.START_TIME_ASC"], w.flowRuns,
			func(r models.FlowRun) models.UUID { return r.ID },
			func(a, b models.FlowRun) int {
				return nullsLast(cmp.Or(a.StartTime, a.ExpectedStartTime), cmp.Or(b.StartTime, b.ExpectedStartTime), compareTime)
			})
		checkOrder(t, results["models.TaskRunSort.END_TIME_DESC"], w.taskRuns,
			func(r models.TaskRun) models.UUID { return r.ID },
			func(a, b models.TaskRun) int { return nullsLast(a.EndTime, b.EndTime, compareTime) }, true)
		checkOrder(t, results["models.ArtifactSort.KEY_DESC"], w.artifacts,
			func(a models.Artifact) models.UUID { return a.ID },
			func(a, b models.Artifact) int { return nullsLast(a.Key, b.Key, strings.Compare) }, true)
		checkOrder(t, results["models.BlockDocumentSort.BLOCK_TYPE_AND_NAME_ASC"], w.blockDocuments,
			func(d models.BlockDocument) models.UUID { return d.ID },
			func(a, b models.BlockDocument) int {
				return cmp.Or(nullsLast(a.BlockTypeName, b.BlockTypeName, strings.Compare), strings.Compare(a.Name, b.Name))
			})
		checkOrder(t, results["models.LogSort.TIMESTAMP_DESC"], w.logs,
			func(l models.Log) models.UUID { return l.ID },
			func(a, b models.Log) int { return a.Timestamp.Compare(b.Timestamp.Time) }, true)
		// And one order spelled out: the variables by name, bytewise.
		want := []models.UUID{uid("variable", 1), uid("variable", 2), uid("variable", 3), uid("variable", 0), uid("variable", 4)}
		if got := results["models.VariableSort.NAME_ASC"]; !slices.Equal(got, want) {
			t.Errorf("variables by name: %v, want B, _b, a, b, ä %v", got, want)
		}
	})

	for _, table := range []string{"flow_run", "task_run"} {
		goValues := map[models.UUID]models.Run{}
		for _, r := range w.flowRuns {
			if table == "flow_run" {
				goValues[r.ID] = r.Run
			}
		}
		for _, r := range w.taskRuns {
			if table == "task_run" {
				goValues[r.ID] = r.Run
			}
		}
		for name, query := range hybridQueries(table) {
			t.Run(table+"/"+name, func(t *testing.T) {
				var got [2][]hybridRow
				for i, db := range []dbtest.DB{sqlite, pg} {
					if err := query(db.DB).Scan(&got[i]).Error; err != nil {
						t.Fatalf("%s: %v", db.Dialect.Name(), err)
					}
				}
				if len(got[0]) == 0 {
					t.Fatal("no rows: the workload does not exercise the query")
				}
				if !slices.Equal(got[0], got[1]) {
					t.Errorf("SQLite and PostgreSQL differ:\nsqlite   %v\npostgres %v", got[0], got[1])
				}
				for _, row := range got[1] {
					r := goValues[row.ID]
					if row.EstimatedRunTime.Duration() != r.EstimatedRunTime(ms(0)) ||
						row.EstimatedStartTimeDelta.Duration() != r.EstimatedStartTimeDelta(ms(0)) {
						t.Errorf("%s: SQL %v/%v, Go %v/%v", row.ID, row.EstimatedRunTime.Duration(), row.EstimatedStartTimeDelta.Duration(),
							r.EstimatedRunTime(ms(0)), r.EstimatedStartTimeDelta(ms(0)))
					}
				}
			})
		}
	}

	// What the sorts fix: a plain ORDER BY places NULLs differently on the
	// two databases (Prefect's own sorts do this).
	t.Run("plain ORDER BY differs", func(t *testing.T) {
		var got [2][]models.UUID
		for i, db := range []dbtest.DB{sqlite, pg} {
			if err := db.Model(&models.FlowRun{}).Order("expected_start_time, id").Pluck("id", &got[i]).Error; err != nil {
				t.Fatal(err)
			}
		}
		if slices.Equal(got[0], got[1]) {
			t.Error("plain ORDER BY expected_start_time gave the same order on both: the workload has no NULL expected_start_time")
		}
	})
}

// useLocaleCollation gives every sorted string column of a PostgreSQL
// database a locale collation (ICU's root locale, where "a" < "B" < "b"),
// as a database created with a locale would have: then only the sorts'
// COLLATE "C" gives SQLite's bytewise order. Without ICU collations the
// database collation is left as it is.
func useLocaleCollation(t *testing.T, db dbtest.DB) {
	t.Helper()
	var n int64
	if err := db.Raw(`SELECT count(*) FROM pg_collation WHERE collname = 'und-x-icu'`).Scan(&n).Error; err != nil || n == 0 {
		t.Logf("no und-x-icu collation (%v): string sorts run under the database collation", err)
		return
	}
	for _, c := range []string{"flow.name", "flow_run.name", "task_run.name", "deployment.name", "artifact.key",
		"artifact_collection.key", "variable.name", "block_document.name", "block_document.block_type_name", "automation.name"} {
		table, column, _ := strings.Cut(c, ".")
		if err := db.Exec(fmt.Sprintf(`ALTER TABLE %s ALTER COLUMN %s TYPE VARCHAR COLLATE "und-x-icu"`, table, column)).Error; err != nil {
			t.Fatal(err)
		}
	}
}

// nullsLast compares two nullable values with NULL after every value.
func nullsLast[T any](a, b *T, compare func(T, T) int) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	return compare(*a, *b)
}

func compareTime(a, b models.Timestamp) int { return a.Compare(b.Time) }

// checkOrder requires got to be rows ordered by key then id, ascending, or
// all reversed when desc.
func checkOrder[T any](t *testing.T, got []models.UUID, rows []T, id func(T) models.UUID, key func(a, b T) int, desc ...bool) {
	t.Helper()
	sorted := slices.Clone(rows)
	slices.SortFunc(sorted, func(a, b T) int { return cmp.Or(key(a, b), strings.Compare(id(a).String(), id(b).String())) })
	want := make([]models.UUID, len(sorted))
	for i, r := range sorted {
		want[i] = id(r)
	}
	if len(desc) > 0 && desc[0] {
		slices.Reverse(want)
	}
	if !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
}
