package models_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/prefectorm/prefectorm/internal/bigdb"
	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/internal/plancheck"
	"github.com/prefectorm/prefectorm/models"
)

// sortCase is one value of one sort enum with the model of its table.
type sortCase struct {
	name  string
	table string
	model func() any // a pointer to a slice of the model, for Find
	sort  clause.Expression
}

// sortCases lists every value of every sort enum.
func sortCases() []sortCase {
	var out []sortCase
	add := func(table string, model func() any, names []string, sorts []clause.Expression) {
		for i, s := range sorts {
			out = append(out, sortCase{name: table + "/" + names[i], table: table, model: model, sort: s})
		}
	}
	addEnum(&add, "flow_run", func() any { return &[]models.FlowRun{} }, models.FlowRunSorts())
	addEnum(&add, "task_run", func() any { return &[]models.TaskRun{} }, models.TaskRunSorts())
	addEnum(&add, "log", func() any { return &[]models.Log{} }, models.LogSorts())
	addEnum(&add, "flow", func() any { return &[]models.Flow{} }, models.FlowSorts())
	addEnum(&add, "deployment", func() any { return &[]models.Deployment{} }, models.DeploymentSorts())
	addEnum(&add, "artifact", func() any { return &[]models.Artifact{} }, models.ArtifactSorts())
	addEnum(&add, "artifact_collection", func() any { return &[]models.ArtifactCollection{} }, models.ArtifactCollectionSorts())
	addEnum(&add, "variable", func() any { return &[]models.Variable{} }, models.VariableSorts())
	addEnum(&add, "block_document", func() any { return &[]models.BlockDocument{} }, models.BlockDocumentSorts())
	addEnum(&add, "automation", func() any { return &[]models.Automation{} }, models.AutomationSorts())
	return out
}

// addEnum adds the values of one sort enum.
func addEnum[T interface {
	~string
	clause.Expression
}](add *func(string, func() any, []string, []clause.Expression), table string, model func() any, values []T) {
	names := make([]string, len(values))
	sorts := make([]clause.Expression, len(values))
	for i, v := range values {
		names[i], sorts[i] = string(v), v
	}
	(*add)(table, model, names, sorts)
}

// smallTables may be scanned: Prefect keeps few rows in them (variables
// and automations are configuration, in the hundreds at most).
var smallTables = []string{"variable", "automation"}

// maxPageSortRows is the most rows the plan of a 10-row page may sort
// (plancheck.SortedRowProblems).
const maxPageSortRows = 1000

// planFlowRuns is the size of the plan test's database.
func planFlowRuns(t testing.TB) int {
	if s := os.Getenv("PREFECTORM_PLAN_FLOW_RUNS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1000 {
			t.Fatalf("PREFECTORM_PLAN_FLOW_RUNS=%q: want a number of at least 1000", s)
		}
		return n
	}
	return 200_000
}

// TestSortPlans: on a generated, ANALYZEd database (200,000 flow runs with
// internal/bigdb, plus enough flows, deployments, artifacts, artifact
// collections and block documents that an index pays off), the LIMIT page
// of every value of every sort enum reads an index on both dialects: no
// sequential scan of a large table, no sort of a whole table.
func TestSortPlans(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a database of 200,000 flow runs")
	}
	for _, dialect := range dbtest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
			defer cancel()
			db := dbtest.New(t, dialect)
			fillSortTables(ctx, t, db, planFlowRuns(t))
			for _, c := range sortCases() {
				query := db.DB.ToSQL(func(tx *gorm.DB) *gorm.DB {
					return tx.Clauses(c.sort).Limit(10).Find(c.model())
				})
				plan, err := plancheck.Explain(ctx, db.DB, query)
				if err != nil {
					t.Fatalf("%s: %v", c.name, err)
				}
				if p := plan.Problems(smallTables...); len(p) > 0 {
					t.Errorf("%s: %s\n%s\n%s", c.name, strings.Join(p, "; "), query, plan)
				}
				if slices.Contains(smallTables, c.table) {
					continue
				}
				// The page's plan may sort group by group after an index
				// giving a prefix of the order, but never a large group.
				p, err := plancheck.SortedRowProblems(ctx, db.DB, maxPageSortRows, query)
				if err != nil {
					t.Fatalf("%s: %v", c.name, err)
				}
				if len(p) > 0 {
					t.Errorf("%s: %s\n%s\n%s", c.name, strings.Join(p, "; "), query, plan)
				}
			}
		})
	}
}

// fillSortTables fills db with bigdb.Fill's n flow runs (and their task
// runs, logs, flows and deployments), adds rows to the sorted tables
// bigdb leaves small or empty, and analyses the database.
func fillSortTables(ctx context.Context, t testing.TB, db dbtest.DB, n int) {
	t.Helper()
	sqlDB, err := db.DB.DB()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bigdb.Fill(ctx, sqlDB, db.Dialect.Name(), bigdb.Sizes{FlowRuns: n}); err != nil {
		t.Fatal(err)
	}
	extra := max(n/10, 1000)
	queries := extraRows(db.Dialect.Name() == "postgres", extra)
	queries = append(queries, distinctStamps(db.Dialect.Name() == "postgres")...)
	for _, q := range queries {
		if err := db.DB.WithContext(ctx).Exec(q).Error; err != nil {
			t.Fatalf("%v\n%s", err, q)
		}
	}
	if err := db.DB.WithContext(ctx).Exec("ANALYZE").Error; err != nil {
		t.Fatal(err)
	}
}

// distinctStamps gives bigdb's flows and deployments, which its INSERTs
// stamp with one server-side time, distinct created and updated times,
// as Prefect (which stamps each row in Python) gives them.
func distinctStamps(postgres bool) []string {
	var out []string
	for _, t := range []struct{ table, prefix string }{{"flow", "flow-"}, {"deployment", "deployment-"}} {
		ts := "strftime('%Y-%m-%d %H:%M:%f000', '2024-07-01', '+' || (rowid % 86400) || ' seconds')"
		if postgres {
			ts = "(timestamptz '2024-07-01 00:00:00+00' + (('x' || substr(md5(id::text), 1, 8))::bit(32)::bigint % 86400000) * interval '1 millisecond')"
		}
		out = append(out, "UPDATE "+t.table+" SET created = "+ts+", updated = "+ts+" WHERE name LIKE '"+t.prefix+"%'")
	}
	return out
}

// extraRows returns set-based INSERTs of n flows, deployments, artifacts,
// artifact collections and block documents (with NULL keys and block type
// names among them).
func extraRows(postgres bool, n int) []string {
	series := fmt.Sprintf("WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g WHERE x < %d) ", n)
	from, x := " FROM g", "x"
	id := func(tag int) string { return fmt.Sprintf("printf('%08x-0000-4000-8000-%%012x', x)", tag) }
	ts := "strftime('%Y-%m-%d %H:%M:%f000', '2024-08-01', '+' || (x % 86400) || ' seconds')"
	jsonb := func(s string) string { return s }
	if postgres {
		series, from, x = "", fmt.Sprintf(" FROM generate_series(1, %d) AS g(x)", n), "x::text"
		id = func(tag int) string {
			return fmt.Sprintf("('%08x-0000-4000-8000-' || lpad(to_hex(x), 12, '0'))::uuid", tag)
		}
		ts = "(timestamptz '2024-08-01 00:00:00+00' + (x % 86400) * interval '1 second')"
		jsonb = func(s string) string { return "(" + s + ")::jsonb" }
	}
	status := "'READY'"
	if postgres {
		status = "'READY'::deployment_status"
	}
	return []string{
		series + "INSERT INTO flow (id, created, updated, name, tags) SELECT " + id(101) + ", " + ts + ", " + ts + ", 'extra-flow-' || " + x + ", " + jsonb("'[]'") + from,
		series + "INSERT INTO deployment (id, created, updated, name, flow_id, status, tags, parameters, infra_overrides) SELECT " + id(102) + ", " + ts + ", " + ts +
			", 'extra-deployment-' || " + x + ", " + id(101) + ", " + status + ", " + jsonb("'[]'") + ", " + jsonb("'{}'") + ", " + jsonb("'{}'") + from,
		series + "INSERT INTO artifact (id, created, updated, key, type) SELECT " + id(103) + ", " + ts + ", " + ts +
			", CASE WHEN x % 10 = 0 THEN NULL ELSE 'key-' || " + x + " END, 'markdown'" + from,
		series + "INSERT INTO artifact_collection (id, created, updated, key, latest_id) SELECT " + id(104) + ", " + ts + ", " + ts + ", 'key-' || " + x + ", " + id(103) + from,
		"INSERT INTO block_type (id, name, slug) VALUES ('00000069-0000-4000-8000-000000000001', 'Secret', 'secret')",
		"INSERT INTO block_schema (id, checksum, block_type_id) VALUES ('0000006a-0000-4000-8000-000000000001', 'sha256:x', '00000069-0000-4000-8000-000000000001')",
		series + "INSERT INTO block_document (id, created, updated, name, block_schema_id, block_type_id, block_type_name) SELECT " + id(107) + ", " + ts + ", " + ts +
			", 'doc-' || " + x + ", '0000006a-0000-4000-8000-000000000001', '00000069-0000-4000-8000-000000000001', CASE WHEN x % 7 = 0 THEN NULL ELSE 'type-' || (x % 3) END" + from,
	}
}
