package plancheck

import (
	"context"
	"encoding/json"
	"fmt"

	"gorm.io/gorm"
)

// SortedRowProblems runs query (with GORM's ? placeholders for args) on db
// and returns, one sentence each, the sorts of its plan that sort more
// than maxRows rows, or that may: it is the check for a LIMIT page whose
// plan reads an index giving only a prefix of the ORDER BY and sorts the
// rest group by group (PostgreSQL's Incremental Sort, SQLite's temp b-tree
// for the right part of the ORDER BY), which is fast when the first
// groups of equal prefix values are small and slow when one of them is a
// large part of the table (the NULLs of a nullable column sorted first,
// say). Problems accepts such plans; the query must run for this check.
//
// On PostgreSQL it runs EXPLAIN (ANALYZE, FORMAT JSON): the rows a Sort or
// Incremental Sort node sorted are the rows its child returned (Actual
// Rows times Actual Loops), whatever the estimates were. On SQLite, whose
// EXPLAIN QUERY PLAN gives no counts, every temp b-tree for a right part
// or last term of the ORDER BY is reported (and, as by Problems, a temp
// b-tree for the whole ORDER BY; the caller leaves out the queries of
// small tables): the rows it sorts are those of the first
// groups of equal leading values, which the plan does not bound, and an
// index covering the whole ORDER BY (every prefectorm sort ends with the
// id tie-breaker) avoids the sort altogether.
func SortedRowProblems(ctx context.Context, db *gorm.DB, maxRows int, query string, args ...any) ([]string, error) {
	switch db.Dialector.Name() {
	case "sqlite":
		p, err := Explain(ctx, db, query, args...)
		if err != nil {
			return nil, err
		}
		var out []string
		for _, n := range p.Nodes {
			switch n.Op {
			case "USE TEMP B-TREE FOR RIGHT PART OF ORDER BY", "USE TEMP B-TREE FOR LAST TERM OF ORDER BY",
				"USE TEMP B-TREE FOR LAST 2 TERMS OF ORDER BY", "USE TEMP B-TREE FOR LAST 3 TERMS OF ORDER BY":
				out = append(out, "sort of the groups of an index's prefix ("+n.Op+"), unbounded by the plan")
			case "USE TEMP B-TREE FOR ORDER BY":
				out = append(out, "sort of the whole input (temp b-tree for ORDER BY)")
			}
		}
		return out, nil
	case "postgres":
		var raw string
		if err := db.WithContext(ctx).Raw("EXPLAIN (ANALYZE, FORMAT JSON) "+query, args...).Row().Scan(&raw); err != nil {
			return nil, fmt.Errorf("plancheck: explain analyze: %w", err)
		}
		var doc []struct {
			Plan analyzedNode `json:"Plan"`
		}
		if err := json.Unmarshal([]byte(raw), &doc); err != nil || len(doc) != 1 {
			return nil, fmt.Errorf("plancheck: explain analyze: unexpected output %.200q: %v", raw, err)
		}
		var out []string
		var walk func(n analyzedNode)
		walk = func(n analyzedNode) {
			if (n.NodeType == "Sort" || n.NodeType == "Incremental Sort") && len(n.Plans) > 0 {
				in := n.Plans[0].ActualRows * max(n.Plans[0].ActualLoops, 1)
				if in > float64(maxRows) {
					out = append(out, fmt.Sprintf("%s of %.0f rows (more than %d)", n.NodeType, in, maxRows))
				}
			}
			for _, c := range n.Plans {
				walk(c)
			}
		}
		walk(doc[0].Plan)
		return out, nil
	}
	return nil, fmt.Errorf("plancheck: dialect %q: want sqlite or postgres", db.Dialector.Name())
}

// analyzedNode is one node of PostgreSQL's EXPLAIN (ANALYZE, FORMAT JSON).
type analyzedNode struct {
	NodeType    string         `json:"Node Type"`
	ActualRows  float64        `json:"Actual Rows"`
	ActualLoops float64        `json:"Actual Loops"`
	Plans       []analyzedNode `json:"Plans"`
}
