package plancheck_test

import (
	"testing"

	"github.com/prefectorm/prefectorm/internal/plancheck"
)

// TestJudge judges synthetic plans by the rules of the plan tests: each
// rule fails the plans it is there to catch and passes the others.
func TestJudge(t *testing.T) {
	type n = plancheck.Node
	pg := func(nodes ...n) plancheck.Plan { return plancheck.Plan{Dialect: "postgres", Nodes: nodes} }
	lite := func(query string, nodes ...n) plancheck.Plan {
		return plancheck.Plan{Dialect: "sqlite", Query: query, Nodes: nodes}
	}
	large := []string{"flow_run", "log"}
	underLimit := plancheck.Rules{Large: large, MaxSortRows: 10_000, IndexScans: plancheck.IndexScansUnderLimit}
	fail := plancheck.Rules{Large: large, IndexScans: plancheck.IndexScansFail}
	partial := plancheck.Rules{Large: large, IndexScans: plancheck.IndexScansFail, PartialIndexes: true}
	pass := plancheck.Rules{Large: large}
	fullIndex := n{Depth: 1, Op: "Index Scan", Relation: "flow_run", Index: "ix_flow_run__name", Rows: 200000}
	tests := []struct {
		name  string
		plan  plancheck.Plan
		rules plancheck.Rules
		want  int
	}{
		{"pg seq scan of a large table", pg(n{Op: "Seq Scan", Relation: "log", Rows: 9}), pass, 1},
		{"pg seq scan of another table", pg(n{Op: "Seq Scan", Relation: "work_pool", Rows: 9}), fail, 0},
		{"pg full index scan under a limit, under-limit rule", pg(n{Op: "Limit"}, fullIndex), underLimit, 0},
		{"pg full index scan without a limit, under-limit rule", pg(n{Op: "Aggregate"}, fullIndex), underLimit, 1},
		{"pg full index scan below a sort below a limit", pg(n{Op: "Limit"}, n{Depth: 1, Op: "Sort", Rows: 10}, n{Depth: 2, Op: "Index Scan", Relation: "flow_run", Rows: 10}), underLimit, 1},
		{"pg full index scan under a limit, fail rule", pg(n{Op: "Limit"}, fullIndex), fail, 1},
		{"pg full index scan, pass rule", pg(fullIndex), pass, 0},
		{"pg index scan with a condition", pg(n{Op: "Index Scan", Relation: "flow_run", IndexCond: "(id = $1)"}), fail, 0},
		{"pg full partial index scan", pg(n{Op: "Index Scan", Relation: "flow_run", Partial: true}), partial, 0},
		{"pg full partial index scan, partial not allowed", pg(n{Op: "Index Scan", Relation: "flow_run", Partial: true}), fail, 1},
		{"pg full bitmap index scan under a limit", pg(n{Op: "Limit"}, n{Depth: 1, Op: "Bitmap Heap Scan", Relation: "flow_run"}, n{Depth: 2, Op: "Bitmap Index Scan", Relation: "flow_run"}), underLimit, 1},
		{"pg sort over the limit", pg(n{Op: "Sort"}, n{Depth: 1, Op: "Index Scan", Relation: "flow_run", IndexCond: "x", Rows: 10_001}), underLimit, 1},
		{"pg sort within the limit", pg(n{Op: "Sort"}, n{Depth: 1, Op: "Index Scan", Relation: "flow_run", IndexCond: "x", Rows: 10_000}), underLimit, 0},
		{"pg sort of another table over the limit", pg(n{Op: "Sort"}, n{Depth: 1, Op: "Seq Scan", Relation: "work_pool", Rows: 20_000}), underLimit, 1},
		{"pg incremental sort under a limit", pg(n{Op: "Limit"}, n{Depth: 1, Op: "Incremental Sort"}, n{Depth: 2, Op: "Index Scan", Relation: "flow_run", IndexCond: "x", Rows: 200000}), underLimit, 0},
		{"pg incremental sort without a limit", pg(n{Op: "Incremental Sort"}, n{Depth: 1, Op: "Index Scan", Relation: "flow_run", IndexCond: "x", Rows: 200000}), underLimit, 1},
		{"pg incremental sort anywhere", pg(n{Op: "Incremental Sort"}, n{Depth: 1, Op: "Index Scan", Relation: "flow_run", IndexCond: "x", Rows: 200000}), plancheck.Rules{Large: large, IncrementalSortAnywhere: true}, 0},
		{"sqlite scan", lite("SELECT", n{Op: "SCAN log", Relation: "log"}), pass, 1},
		{"sqlite index scan with limit", lite("SELECT … LIMIT 10", n{Op: "SCAN log USING INDEX ix_log__timestamp", Relation: "log", Index: "ix_log__timestamp"}), underLimit, 0},
		{"sqlite index scan with limit and sort", lite("SELECT … LIMIT 10", n{Op: "SCAN log USING INDEX ix_log__timestamp", Relation: "log"}, n{Op: "USE TEMP B-TREE FOR ORDER BY"}), underLimit, 1},
		{"sqlite index scan without limit", lite("SELECT", n{Op: "SCAN log USING INDEX ix_log__timestamp", Relation: "log"}), underLimit, 1},
		{"sqlite index scan with limit, fail rule", lite("SELECT … LIMIT 10", n{Op: "SCAN log USING INDEX ix_log__timestamp", Relation: "log"}), fail, 1},
		{"sqlite partial index scan", lite("SELECT", n{Op: "SCAN flow_run USING INDEX ix_p", Relation: "flow_run", Index: "ix_p", Partial: true}), partial, 0},
		{"sqlite search", lite("SELECT", n{Op: "SEARCH log USING INDEX ix_log__flow_run_id (flow_run_id=?)", Relation: "log"}), fail, 0},
		{"sqlite temp sort, sorts not judged", lite("SELECT", n{Op: "SEARCH log USING INDEX i (x=?)", Relation: "log"}, n{Op: "USE TEMP B-TREE FOR ORDER BY"}), fail, 0},
		{"sqlite temp sort, sorts judged", lite("SELECT", n{Op: "SEARCH log USING INDEX i (x=?)", Relation: "log"}, n{Op: "USE TEMP B-TREE FOR ORDER BY"}), plancheck.Rules{Large: large, SQLiteSorts: true}, 1},
	}
	for _, tt := range tests {
		if got := tt.plan.Judge(tt.rules); len(got) != tt.want {
			t.Errorf("%s: problems %q, want %d\n%s", tt.name, got, tt.want, tt.plan)
		}
	}
}
