package dialects_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/internal/bigdb"
	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/migrations"
)

// A minimal plan checker for the hot-path plan test (the coordinator
// unifies it with internal/plancheck).

// largeTables are the tables no hot-path plan may scan sequentially or
// sort whole.
var largeTables = map[string]bool{
	"flow_run": true, "flow_run_state": true, "task_run": true, "task_run_state": true,
	"log": true, "events": true, "event_resources": true, "deployment": true,
}

// statement is one SQL statement a hot-path function ran, with its
// bound values.
type statement struct {
	SQL  string
	Vars []any
}

// recorder collects the statements run through a *gorm.DB.
type recorder struct {
	mu    sync.Mutex
	stmts []statement
	// on, when set, limits recording to the times it is true; a recorder
	// that never sets it records always (see always).
	on     atomic.Bool
	always bool
}

// record registers callbacks on db that append every SELECT and UPDATE
// statement to r.
func (r *recorder) record(t testing.TB, db *gorm.DB) {
	t.Helper()
	fn := func(tx *gorm.DB) {
		sql := tx.Statement.SQL.String()
		verb := strings.ToUpper(strings.Fields(sql + " x")[0])
		if (!r.always && !r.on.Load()) || tx.Error != nil || (verb != "SELECT" && verb != "UPDATE" && verb != "DELETE" && verb != "WITH") {
			return
		}
		r.mu.Lock()
		r.stmts = append(r.stmts, statement{SQL: sql, Vars: append([]any(nil), tx.Statement.Vars...)})
		r.mu.Unlock()
	}
	cb := db.Callback()
	for _, err := range []error{
		cb.Query().After("gorm:query").Register("plantest:query", fn),
		cb.Row().After("gorm:row").Register("plantest:row", fn),
		cb.Raw().After("gorm:raw").Register("plantest:raw", fn),
		cb.Update().After("gorm:update").Register("plantest:update", fn),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
}

// take returns and forgets the recorded statements.
func (r *recorder) take() []statement {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.stmts
	r.stmts = nil
	return out
}

// explain returns the plan of s as text lines, and the problems found:
// a sequential scan of a large table or a sort of many of its rows
// (PostgreSQL), a full SCAN of a large table or of a non-partial index of
// one (SQLite).
func explain(ctx context.Context, db *gorm.DB, s statement) (plan string, problems []string, err error) {
	if db.Dialector.Name() == "postgres" {
		var doc string
		if err := db.WithContext(ctx).Raw("EXPLAIN (FORMAT JSON) "+s.SQL, s.Vars...).Row().Scan(&doc); err != nil {
			return "", nil, err
		}
		var root []struct{ Plan pgNode }
		if err := json.Unmarshal([]byte(doc), &root); err != nil {
			return "", nil, err
		}
		var b strings.Builder
		root[0].Plan.walk(0, &b, &problems)
		return b.String(), problems, nil
	}
	rows, err := db.WithContext(ctx).Raw("EXPLAIN QUERY PLAN "+s.SQL, s.Vars...).Rows()
	if err != nil {
		return "", nil, err
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			return "", nil, err
		}
		fmt.Fprintf(&b, "%s\n", detail)
		f := strings.Fields(detail)
		if len(f) >= 2 && f[0] == "SCAN" && largeTables[f[1]] {
			using := strings.Index(detail, "USING ")
			if using < 0 {
				problems = append(problems, "full scan: "+detail)
				continue
			}
			idx := strings.Fields(detail[using:])
			name := idx[len(idx)-1]
			if i := strings.Index(detail, "INDEX "); i >= 0 {
				name = strings.Fields(detail[i+len("INDEX "):])[0]
			}
			var ddl string
			_ = db.Raw("SELECT COALESCE(sql, '') FROM sqlite_master WHERE type = 'index' AND name = ?", name).Row().Scan(&ddl)
			if name == "" || !strings.Contains(strings.ToUpper(ddl), " WHERE ") {
				problems = append(problems, "full index scan: "+detail)
			}
		}
	}
	return b.String(), problems, rows.Err()
}

// pgNode is a node of PostgreSQL's JSON plan.
type pgNode struct {
	NodeType     string   `json:"Node Type"`
	RelationName string   `json:"Relation Name"`
	IndexName    string   `json:"Index Name"`
	PlanRows     float64  `json:"Plan Rows"`
	Filter       string   `json:"Filter"`
	IndexCond    string   `json:"Index Cond"`
	SortKey      []string `json:"Sort Key"`
	Plans        []pgNode `json:"Plans"`
}

// sortRowsLimit is the most rows a hot-path plan may sort.
const sortRowsLimit = 5000

func (n pgNode) walk(depth int, b *strings.Builder, problems *[]string) {
	fmt.Fprintf(b, "%s%s", strings.Repeat("  ", depth), n.NodeType)
	if n.RelationName != "" {
		fmt.Fprintf(b, " on %s", n.RelationName)
	}
	if n.IndexName != "" {
		fmt.Fprintf(b, " using %s", n.IndexName)
	}
	fmt.Fprintf(b, " (rows=%.0f)", n.PlanRows)
	if n.IndexCond != "" {
		fmt.Fprintf(b, " cond %s", n.IndexCond)
	}
	if n.Filter != "" {
		fmt.Fprintf(b, " filter %s", n.Filter)
	}
	b.WriteString("\n")
	if n.NodeType == "Seq Scan" && largeTables[n.RelationName] {
		*problems = append(*problems, "sequential scan of "+n.RelationName)
	}
	// An Incremental Sort reads input already ordered by its leading keys
	// (an index) and sorts only groups of equal leading keys, stopping
	// at the LIMIT: it never sorts the table whole.
	if n.NodeType == "Sort" && len(n.Plans) > 0 && n.Plans[0].PlanRows > sortRowsLimit {
		*problems = append(*problems, fmt.Sprintf("sort of %.0f rows (%v)", n.Plans[0].PlanRows, n.SortKey))
	}
	for _, c := range n.Plans {
		c.walk(depth+1, b, problems)
	}
}

// planFlowRuns is the size of the plan test's database
// (PREFECTORM_PLAN_FLOW_RUNS, default 200,000).
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

// bigDB returns a database of dialect migrated to the newest version,
// filled by bigdb with n flow runs and analysed.
func bigDB(t testing.TB, dialect string, n int) dbtest.DB {
	t.Helper()
	ctx := context.Background()
	db := dbtest.Open(t, dbtest.URL(t, dialect))
	if err := migrations.Upgrade(ctx, db.DB, db.Dialect, migrations.WithLogger(nil)); err != nil {
		t.Fatal(err)
	}
	sqlDB, err := db.DB.DB()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bigdb.Fill(ctx, sqlDB, dialect, bigdb.Sizes{FlowRuns: n}); err != nil {
		t.Fatal(err)
	}
	if err := db.Exec("ANALYZE").Error; err != nil {
		t.Fatal(err)
	}
	return db
}
