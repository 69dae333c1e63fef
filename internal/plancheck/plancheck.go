// Package plancheck reads a query's plan from SQLite (EXPLAIN QUERY PLAN)
// or PostgreSQL (EXPLAIN (FORMAT JSON)) and names what makes it slow on big
// tables: a sequential scan of a table, or a sort of a whole input. Tests of
// queries that must stay fast at scale assert plans with it on a generated,
// ANALYZEd database, instead of timing them.
package plancheck

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// MaxSortRows is the largest estimated input of a PostgreSQL Sort node
// that Problems accepts: a Sort of more rows sorts (most of) a table.
const MaxSortRows = 1000

// Plan is the plan of one query.
type Plan struct {
	// Dialect is "sqlite" or "postgres".
	Dialect string
	// Query is the explained query.
	Query string
	// Nodes are the plan's nodes, parents before children.
	Nodes []Node
}

// Node is one step of a plan.
type Node struct {
	// Depth is the node's depth in the plan tree (0: the root).
	Depth int
	// Op is PostgreSQL's node type ("Seq Scan", "Index Scan", "Sort",
	// "Incremental Sort", "Limit", …) or SQLite's detail line ("SCAN
	// flow_run USING INDEX ix_flow_run__name", "USE TEMP B-TREE FOR ORDER
	// BY", …).
	Op string
	// Relation is the table the node reads ("" when none).
	Relation string
	// Index is the index the node reads ("" when none).
	Index string
	// Rows is PostgreSQL's estimate of the rows the node returns (0 on
	// SQLite, which gives none).
	Rows float64
}

// String renders the plan as an indented tree.
func (p Plan) String() string {
	var b strings.Builder
	for _, n := range p.Nodes {
		b.WriteString(strings.Repeat("  ", n.Depth))
		b.WriteString(n.Op)
		if p.Dialect == "postgres" {
			if n.Relation != "" {
				fmt.Fprintf(&b, " on %s", n.Relation)
			}
			if n.Index != "" {
				fmt.Fprintf(&b, " using %s", n.Index)
			}
			fmt.Fprintf(&b, " (rows=%.0f)", n.Rows)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// Explain returns the plan of query (with GORM's ? placeholders for args)
// on db, a SQLite or PostgreSQL database opened through prefectorm. The
// query is not run.
func Explain(ctx context.Context, db *gorm.DB, query string, args ...any) (Plan, error) {
	p := Plan{Dialect: db.Dialector.Name(), Query: query}
	switch p.Dialect {
	case "sqlite":
		rows, err := db.WithContext(ctx).Raw("EXPLAIN QUERY PLAN "+query, args...).Rows()
		if err != nil {
			return p, fmt.Errorf("plancheck: explain: %w", err)
		}
		defer rows.Close()
		depth := map[int]int{0: -1}
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				return p, fmt.Errorf("plancheck: explain: %w", err)
			}
			depth[id] = depth[parent] + 1
			p.Nodes = append(p.Nodes, sqliteNode(depth[id], detail))
		}
		return p, rows.Err()
	case "postgres":
		var out string
		if err := db.WithContext(ctx).Raw("EXPLAIN (FORMAT JSON) "+query, args...).Row().Scan(&out); err != nil {
			return p, fmt.Errorf("plancheck: explain: %w", err)
		}
		var doc []struct {
			Plan pgNode `json:"Plan"`
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil || len(doc) != 1 {
			return p, fmt.Errorf("plancheck: explain: unexpected output %.200q: %v", out, err)
		}
		var walk func(n pgNode, depth int)
		walk = func(n pgNode, depth int) {
			p.Nodes = append(p.Nodes, Node{Depth: depth, Op: n.NodeType, Relation: n.Relation, Index: n.Index, Rows: n.Rows})
			for _, c := range n.Plans {
				walk(c, depth+1)
			}
		}
		walk(doc[0].Plan, 0)
		return p, nil
	}
	return p, fmt.Errorf("plancheck: dialect %q: want sqlite or postgres", p.Dialect)
}

// pgNode is one node of PostgreSQL's JSON plan.
type pgNode struct {
	NodeType string   `json:"Node Type"`
	Relation string   `json:"Relation Name"`
	Index    string   `json:"Index Name"`
	Rows     float64  `json:"Plan Rows"`
	Plans    []pgNode `json:"Plans"`
}

// sqliteNode parses one EXPLAIN QUERY PLAN detail line.
func sqliteNode(depth int, detail string) Node {
	n := Node{Depth: depth, Op: detail}
	f := strings.Fields(detail)
	if len(f) >= 2 && (f[0] == "SCAN" || f[0] == "SEARCH") {
		n.Relation = f[1]
		for i := 2; i+1 < len(f); i++ {
			if f[i] == "INDEX" {
				n.Index = f[i+1]
				break
			}
		}
	}
	return n
}

// Problems returns, one sentence each, what makes the plan read a whole
// table: a sequential scan of a table not named in small (PostgreSQL's Seq
// Scan; SQLite's SCAN of a table without an index or key), and a sort of a
// whole input (PostgreSQL: a Sort node, not an Incremental Sort, over more
// than MaxSortRows estimated rows; SQLite: USE TEMP B-TREE FOR ORDER BY,
// while FOR RIGHT PART / LAST TERM OF ORDER BY, after an index gave the
// order's prefix, is accepted; so is a sort in a plan that reads small
// tables only). It returns nil for a plan that reads only
// what it returns through indexes.
func (p Plan) Problems(small ...string) []string {
	isSmall := func(table string) bool {
		for _, s := range small {
			if s == table {
				return true
			}
		}
		return false
	}
	// A sort of rows of small tables only is accepted.
	onlySmall := true
	for _, n := range p.Nodes {
		if n.Relation != "" && !isSmall(n.Relation) {
			onlySmall = false
		}
	}
	var out []string
	for i, n := range p.Nodes {
		switch p.Dialect {
		case "postgres":
			switch {
			case n.Op == "Seq Scan" && !isSmall(n.Relation):
				out = append(out, fmt.Sprintf("sequential scan of %s (%.0f rows)", n.Relation, n.Rows))
			case n.Op == "Sort" && !onlySmall:
				if in := p.childRows(i); in > MaxSortRows {
					out = append(out, fmt.Sprintf("sort of %.0f rows", in))
				}
			}
		case "sqlite":
			f := strings.Fields(n.Op)
			switch {
			case len(f) >= 2 && f[0] == "SCAN" && !strings.Contains(n.Op, " USING ") && !isSmall(n.Relation) &&
				!strings.HasPrefix(n.Relation, "(") && !strings.Contains(n.Op, "CONSTANT ROW"):
				out = append(out, "sequential scan of "+n.Relation)
			case n.Op == "USE TEMP B-TREE FOR ORDER BY" && !onlySmall:
				out = append(out, "sort of the whole input (temp b-tree for ORDER BY)")
			}
		}
	}
	return out
}

// childRows is the estimated number of rows of node i's first child.
func (p Plan) childRows(i int) float64 {
	if i+1 < len(p.Nodes) && p.Nodes[i+1].Depth == p.Nodes[i].Depth+1 {
		return p.Nodes[i+1].Rows
	}
	return 0
}
