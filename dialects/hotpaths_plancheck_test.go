package dialects_test

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"gorm.io/gorm"
)

// This file is a minimal local plan checker for the hot-path plan test
// (package internal/plancheck, on another branch, is to replace it).

// uiLargeTables are the tables a hot path must never read whole.
var uiLargeTables = []string{"flow_run", "flow_run_state", "task_run", "task_run_state", "log", "events", "event_resources"}

// capturedStatement is one statement a function ran, with its final
// driver arguments.
type capturedStatement struct {
	SQL  string
	Vars []any
}

// statementRecorder records the statements run through a *gorm.DB while
// it is on.
type statementRecorder struct {
	mu   sync.Mutex
	on   bool
	stmt []capturedStatement
}

// recordStatements registers callbacks after GORM's query, row and raw
// execution that record the statement while the recorder is on.
func recordStatements(t testing.TB, db *gorm.DB) *statementRecorder {
	t.Helper()
	r := &statementRecorder{}
	rec := func(tx *gorm.DB) {
		r.mu.Lock()
		defer r.mu.Unlock()
		if r.on && !tx.DryRun && tx.Statement.SQL.Len() > 0 { // DryRun: a sub-query being built
			r.stmt = append(r.stmt, capturedStatement{SQL: tx.Statement.SQL.String(), Vars: slices.Clone(tx.Statement.Vars)})
		}
	}
	for name, err := range map[string]error{
		"query": db.Callback().Query().After("gorm:query").Register("hotpaths:record", rec),
		"row":   db.Callback().Row().After("gorm:row").Register("hotpaths:record", rec),
		"raw":   db.Callback().Raw().After("gorm:raw").Register("hotpaths:record", rec),
	} {
		if err != nil {
			t.Fatalf("register %s callback: %v", name, err)
		}
	}
	return r
}

// run returns the statements fn ran.
func (r *statementRecorder) run(fn func() error) ([]capturedStatement, error) {
	r.mu.Lock()
	r.on, r.stmt = true, nil
	r.mu.Unlock()
	err := fn()
	r.mu.Lock()
	defer r.mu.Unlock()
	r.on = false
	return r.stmt, err
}

// planProblems explains s on db and returns what is wrong with its plan
// (empty when nothing) and the plan's text.
func planProblems(ctx context.Context, db *gorm.DB, s capturedStatement) ([]string, string, error) {
	if db.Dialector.Name() == "postgres" {
		return postgresPlanProblems(ctx, db, s)
	}
	return sqlitePlanProblems(ctx, db, s)
}

// sqlitePlanProblems flags a bare SCAN of a large table (every row), and
// a SCAN of one through an index (every index entry) unless the statement
// stops early at a LIMIT without sorting.
func sqlitePlanProblems(ctx context.Context, db *gorm.DB, s capturedStatement) ([]string, string, error) {
	rows, err := db.ConnPool.QueryContext(ctx, "EXPLAIN QUERY PLAN "+s.SQL, s.Vars...)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			return nil, "", err
		}
		lines = append(lines, detail)
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	plan := strings.Join(lines, "\n")
	limited := regexp.MustCompile(`(?i)\bLIMIT\b`).MatchString(s.SQL)
	sorts := strings.Contains(plan, "USE TEMP B-TREE FOR ORDER BY")
	var problems []string
	for _, l := range lines {
		for _, tbl := range uiLargeTables {
			if !regexp.MustCompile(`^SCAN ` + tbl + `( |$)`).MatchString(l) {
				continue
			}
			if !strings.Contains(l, " USING ") {
				problems = append(problems, "full table scan: "+l)
			} else if !limited || sorts {
				problems = append(problems, "full index scan: "+l)
			}
		}
	}
	return problems, plan, nil
}

// pgPlanNode is a node of EXPLAIN (FORMAT JSON).
type pgPlanNode struct {
	NodeType  string       `json:"Node Type"`
	Relation  string       `json:"Relation Name"`
	IndexName string       `json:"Index Name"`
	IndexCond string       `json:"Index Cond"`
	PlanRows  float64      `json:"Plan Rows"`
	Plans     []pgPlanNode `json:"Plans"`
}

// maxSortRows is the most rows a Sort node of a hot path may sort.
const maxSortRows = 10000

// postgresPlanProblems flags a Seq Scan of a large table, an index scan of
// one without an index condition outside a LIMIT, and a Sort of more than
// maxSortRows estimated rows (an Incremental Sort is not one: its input
// is already ordered by a prefix, and it sorts one group at a time).
func postgresPlanProblems(ctx context.Context, db *gorm.DB, s capturedStatement) ([]string, string, error) {
	var doc string
	if err := db.ConnPool.QueryRowContext(ctx, "EXPLAIN (FORMAT JSON) "+s.SQL, s.Vars...).Scan(&doc); err != nil {
		return nil, "", err
	}
	var top []struct {
		Plan pgPlanNode `json:"Plan"`
	}
	if err := json.Unmarshal([]byte(doc), &top); err != nil {
		return nil, "", err
	}
	var text strings.Builder
	var problems []string
	var walk func(n pgPlanNode, depth int, limited bool)
	walk = func(n pgPlanNode, depth int, limited bool) {
		fmt.Fprintf(&text, "%s%s %s %s rows=%.0f %s\n", strings.Repeat("  ", depth), n.NodeType, n.Relation, n.IndexName, n.PlanRows, n.IndexCond)
		large := slices.Contains(uiLargeTables, n.Relation)
		switch {
		case n.NodeType == "Seq Scan" && large:
			problems = append(problems, "sequential scan of "+n.Relation)
		case (n.NodeType == "Index Scan" || n.NodeType == "Index Only Scan") && large && n.IndexCond == "" && !limited:
			problems = append(problems, "full index scan of "+n.Relation+" ("+n.IndexName+")")
		case n.NodeType == "Sort":
			for _, c := range n.Plans {
				if c.PlanRows > maxSortRows {
					problems = append(problems, fmt.Sprintf("%s of %.0f rows", n.NodeType, c.PlanRows))
				}
			}
			limited = false
		case n.NodeType == "Aggregate" || n.NodeType == "Hash" || n.NodeType == "Hash Join" || n.NodeType == "Merge Join":
			limited = false
		}
		if n.NodeType == "Limit" {
			limited = true
		}
		for _, c := range n.Plans {
			walk(c, depth+1, limited)
		}
	}
	walk(top[0].Plan, 0, false)
	return problems, text.String(), nil
}
