package plancheck

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

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
// EXPLAIN QUERY PLAN gives no counts, a temp b-tree for the right part or
// last terms of the ORDER BY sorts the groups of equal values of a prefix
// of the index the scan before it reads; a page sorts at most the groups
// its rows fall in, and each is at most as large as the largest group of
// equal values of the index's first column, which the check counts (NULLs
// are one group). It is reported when that exceeds maxRows, or when the
// index's first column is an expression (it cannot be counted). A temp
// b-tree for the whole ORDER BY is reported too, as by Problems (the
// caller leaves out the queries of small tables).
func SortedRowProblems(ctx context.Context, db *gorm.DB, maxRows int, query string, args ...any) ([]string, error) {
	switch db.Dialector.Name() {
	case "sqlite":
		p, err := Explain(ctx, db, query, args...)
		if err != nil {
			return nil, err
		}
		var out []string
		for i, n := range p.Nodes {
			switch {
			case n.Op == "USE TEMP B-TREE FOR ORDER BY":
				out = append(out, "sort of the whole input (temp b-tree for ORDER BY)")
			case strings.HasPrefix(n.Op, "USE TEMP B-TREE FOR "):
				problem, err := sqliteGroupProblem(ctx, db, p.Nodes[:i], n.Op, maxRows)
				if err != nil {
					return nil, err
				}
				if problem != "" {
					out = append(out, problem)
				}
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

// sqliteGroupProblem describes the partial sort op following nodes (the
// plan before it) when its groups may exceed maxRows, or returns "".
func sqliteGroupProblem(ctx context.Context, db *gorm.DB, nodes []Node, op string, maxRows int) (string, error) {
	var scan Node
	for i := len(nodes) - 1; i >= 0; i-- {
		if nodes[i].Index != "" {
			scan = nodes[i]
			break
		}
	}
	if scan.Index == "" {
		return fmt.Sprintf("sort of groups (%s) after no index scan", op), nil
	}
	var column *string
	row := db.WithContext(ctx).Raw("SELECT name FROM pragma_index_info(?) ORDER BY seqno LIMIT 1", scan.Index).Row()
	if err := row.Scan(&column); err != nil {
		return "", fmt.Errorf("plancheck: index_info(%s): %w", scan.Index, err)
	}
	if column == nil {
		return fmt.Sprintf("sort of groups (%s) of expression index %s, unbounded", op, scan.Index), nil
	}
	var largest int64
	q := fmt.Sprintf("SELECT COALESCE(MAX(n), 0) FROM (SELECT COUNT(*) AS n FROM %q GROUP BY %q)", scan.Relation, *column)
	if err := db.WithContext(ctx).Raw(q).Row().Scan(&largest); err != nil {
		return "", fmt.Errorf("plancheck: %s: %w", q, err)
	}
	if largest > int64(maxRows) {
		return fmt.Sprintf("sort of groups (%s) after %s: %s has a group of %d equal values (more than %d)",
			op, scan.Index, *column, largest, maxRows), nil
	}
	return "", nil
}

// analyzedNode is one node of PostgreSQL's EXPLAIN (ANALYZE, FORMAT JSON).
type analyzedNode struct {
	NodeType    string         `json:"Node Type"`
	ActualRows  float64        `json:"Actual Rows"`
	ActualLoops float64        `json:"Actual Loops"`
	Plans       []analyzedNode `json:"Plans"`
}
