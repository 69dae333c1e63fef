package plancheck_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/internal/plancheck"
)

// TestExplain reads real plans on both dialects: a primary-key lookup has
// no problem; an ORDER BY on an unindexed column scans and sorts the table,
// unless the table is declared small.
func TestExplain(t *testing.T) {
	for _, dialect := range dbtest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			db := dbtest.New(t, dialect)
			ctx := context.Background()
			p, err := plancheck.Explain(ctx, db.DB, "SELECT * FROM flow_run WHERE id = ?", "3f2504e0-4f89-41d3-9a0c-0305e82c3301")
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Nodes) == 0 {
				t.Fatalf("empty plan %+v", p)
			}
			if probs := p.Problems(); len(probs) != 0 {
				t.Errorf("primary-key lookup: problems %q\n%s", probs, p)
			}
			p, err = plancheck.Explain(ctx, db.DB, "SELECT * FROM log ORDER BY message LIMIT 10")
			if err != nil {
				t.Fatal(err)
			}
			probs := p.Problems()
			if !slices.ContainsFunc(probs, func(s string) bool { return strings.HasPrefix(s, "sequential scan of log") }) {
				t.Errorf("ORDER BY message: problems %q, want a sequential scan of log\n%s", probs, p)
			}
			if dialect == "sqlite" && !slices.ContainsFunc(probs, func(s string) bool { return strings.HasPrefix(s, "sort of") }) {
				t.Errorf("ORDER BY message: problems %q, want a sort\n%s", probs, p)
			}
			if probs := p.Problems("log"); len(probs) != 0 {
				t.Errorf("with log small: problems %q", probs)
			}
		})
	}
}

// TestProblems judges synthetic plans.
func TestProblems(t *testing.T) {
	pg := func(nodes ...plancheck.Node) plancheck.Plan { return plancheck.Plan{Dialect: "postgres", Nodes: nodes} }
	lite := func(ops ...string) plancheck.Plan {
		p := plancheck.Plan{Dialect: "sqlite"}
		for _, op := range ops {
			n := plancheck.Node{Op: op}
			if f := strings.Fields(op); f[0] == "SCAN" || f[0] == "SEARCH" {
				n.Relation = f[1]
			}
			p.Nodes = append(p.Nodes, n)
		}
		return p
	}
	tests := []struct {
		name string
		plan plancheck.Plan
		want int
	}{
		{"pg index scan under limit", pg(plancheck.Node{Op: "Limit", Rows: 10}, plancheck.Node{Depth: 1, Op: "Index Scan", Relation: "flow_run", Rows: 200000}), 0},
		{"pg incremental sort", pg(plancheck.Node{Op: "Limit"}, plancheck.Node{Depth: 1, Op: "Incremental Sort", Rows: 200000}, plancheck.Node{Depth: 2, Op: "Index Scan", Relation: "flow_run", Rows: 200000}), 0},
		{"pg top-N sort of a seq scan", pg(plancheck.Node{Op: "Limit"}, plancheck.Node{Depth: 1, Op: "Sort", Rows: 200000}, plancheck.Node{Depth: 2, Op: "Seq Scan", Relation: "flow_run", Rows: 200000}), 2},
		{"pg sort of a few rows", pg(plancheck.Node{Op: "Sort", Rows: 40}, plancheck.Node{Depth: 1, Op: "Index Scan", Relation: "log", Rows: 40}), 0},
		{"sqlite index order", lite("SCAN flow_run USING INDEX ix_flow_run__name"), 0},
		{"sqlite right part", lite("SCAN flow_run USING INDEX ix_flow_run__name", "USE TEMP B-TREE FOR RIGHT PART OF ORDER BY"), 0},
		{"sqlite scan and sort", lite("SCAN flow_run", "USE TEMP B-TREE FOR ORDER BY"), 2},
		{"sqlite small table", lite("SCAN variable", "USE TEMP B-TREE FOR ORDER BY"), 0},
	}
	for _, tt := range tests {
		if got := tt.plan.Problems("variable"); len(got) != tt.want {
			t.Errorf("%s: problems %q, want %d", tt.name, got, tt.want)
		}
	}
}
