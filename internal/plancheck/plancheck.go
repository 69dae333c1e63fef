// Package plancheck reads a query's plan from SQLite (EXPLAIN QUERY PLAN)
// or PostgreSQL (EXPLAIN (FORMAT JSON)) and names what makes it slow on big
// tables: a sequential scan of a table, a scan of a whole index, or a sort
// of a whole input. Tests of queries that must stay fast at scale record
// the statements a function sends (Record), explain them on a generated,
// ANALYZEd database and judge the plans by Rules, instead of timing them.
package plancheck

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

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
	// Partial is set when Index is a partial index (CREATE INDEX … WHERE):
	// a scan of it reads only the rows of its predicate.
	Partial bool
	// IndexCond is PostgreSQL's index condition ("" when none: an index
	// scan without one reads the whole index).
	IndexCond string
	// Filter is PostgreSQL's filter of the node's rows ("" when none).
	Filter string
	// SortKey is PostgreSQL's sort key of a Sort node.
	SortKey []string
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
			if n.IndexCond != "" {
				fmt.Fprintf(&b, " cond %s", n.IndexCond)
			}
			if n.Filter != "" {
				fmt.Fprintf(&b, " filter %s", n.Filter)
			}
			if len(n.SortKey) > 0 {
				fmt.Fprintf(&b, " key %s", strings.Join(n.SortKey, ", "))
			}
		}
		if n.Partial {
			b.WriteString(" [partial index]")
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// ExplainOptions change how a statement is explained.
type ExplainOptions struct {
	// NoSeqScan prices sequential scans out on PostgreSQL (SET LOCAL
	// enable_seqscan = off, in a transaction or savepoint rolled back
	// afterwards): on a database too small for an index to pay off, the
	// plan then shows whether an index can serve the statement at all
	// (PostgreSQL still plans a Seq Scan where none applies). SQLite
	// ignores it.
	NoSeqScan bool
}

// Explain returns the plan of query (with GORM's ? placeholders for args)
// on db, a SQLite or PostgreSQL database opened through prefectorm. The
// query is not run.
func Explain(ctx context.Context, db *gorm.DB, query string, args ...any) (Plan, error) {
	stmt := db.Session(&gorm.Session{NewDB: true}).Raw(query, args...).Statement
	p, err := ExplainStatement(ctx, db, Statement{SQL: stmt.SQL.String(), Vars: stmt.Vars}, ExplainOptions{})
	p.Query = query
	return p, err
}

// errRollback rolls back the savepoint or transaction of a NoSeqScan
// explain.
var errRollback = errors.New("plancheck: roll back")

// ExplainStatement returns the plan of s, a statement as the driver
// receives it (a Recorder's), on db (a database or a transaction of
// one). The statement is not run.
func ExplainStatement(ctx context.Context, db *gorm.DB, s Statement, o ExplainOptions) (Plan, error) {
	p := Plan{Dialect: db.Dialector.Name(), Query: s.SQL}
	db = db.WithContext(ctx)
	switch p.Dialect {
	case "sqlite":
		return p, explainSQLite(ctx, db, s, &p)
	case "postgres":
		if !o.NoSeqScan {
			return p, explainPostgres(ctx, db, s, &p)
		}
		var err error
		if terr := db.Transaction(func(tx *gorm.DB) error {
			if err = tx.Exec("SET LOCAL enable_seqscan = off").Error; err == nil {
				err = explainPostgres(ctx, tx, s, &p)
			}
			return errRollback
		}); !errors.Is(terr, errRollback) && err == nil {
			err = terr
		}
		return p, err
	}
	return p, fmt.Errorf("plancheck: dialect %q: want sqlite or postgres", p.Dialect)
}

// explainSQLite fills p with SQLite's EXPLAIN QUERY PLAN of s.
func explainSQLite(ctx context.Context, db *gorm.DB, s Statement, p *Plan) error {
	rows, err := db.Statement.ConnPool.QueryContext(ctx, "EXPLAIN QUERY PLAN "+s.SQL, s.Vars...)
	if err != nil {
		return fmt.Errorf("plancheck: explain: %w", err)
	}
	depth := map[int]int{0: -1}
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			_ = rows.Close()
			return fmt.Errorf("plancheck: explain: %w", err)
		}
		depth[id] = depth[parent] + 1
		p.Nodes = append(p.Nodes, sqliteNode(depth[id], detail))
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("plancheck: explain: %w", err)
	}
	for i, n := range p.Nodes {
		if n.Index == "" {
			continue
		}
		var ddl string
		if err := db.Raw("SELECT COALESCE(sql, '') FROM sqlite_master WHERE type = 'index' AND name = ?", n.Index).Row().Scan(&ddl); err == nil {
			p.Nodes[i].Partial = strings.Contains(strings.ToUpper(ddl), " WHERE ")
		}
	}
	return nil
}

// explainPostgres fills p with PostgreSQL's EXPLAIN (FORMAT JSON) of s.
func explainPostgres(ctx context.Context, db *gorm.DB, s Statement, p *Plan) error {
	var out string
	if err := db.Statement.ConnPool.QueryRowContext(ctx, "EXPLAIN (FORMAT JSON) "+s.SQL, s.Vars...).Scan(&out); err != nil {
		return fmt.Errorf("plancheck: explain: %w", err)
	}
	var doc []struct {
		Plan pgNode `json:"Plan"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || len(doc) != 1 {
		return fmt.Errorf("plancheck: explain: unexpected output %.200q: %v", out, err)
	}
	// heap is the table of the Bitmap Heap Scan above a node: its Bitmap
	// Index Scans read that table's indexes.
	var walk func(n pgNode, depth int, heap string)
	walk = func(n pgNode, depth int, heap string) {
		rel := n.Relation
		if n.NodeType == "Bitmap Heap Scan" {
			heap = n.Relation
		} else if n.NodeType == "Bitmap Index Scan" {
			rel = heap
		}
		p.Nodes = append(p.Nodes, Node{Depth: depth, Op: n.NodeType, Relation: rel, Index: n.Index,
			IndexCond: n.IndexCond, Filter: n.Filter, SortKey: n.SortKey, Rows: n.Rows})
		for _, c := range n.Plans {
			walk(c, depth+1, heap)
		}
	}
	walk(doc[0].Plan, 0, "")
	for i, n := range p.Nodes {
		if n.Index == "" {
			continue
		}
		var partial bool
		if err := db.Raw("SELECT indpred IS NOT NULL FROM pg_index WHERE indexrelid = to_regclass(?)", n.Index).Row().Scan(&partial); err == nil {
			p.Nodes[i].Partial = partial
		}
	}
	return nil
}

// pgNode is one node of PostgreSQL's JSON plan.
type pgNode struct {
	NodeType  string   `json:"Node Type"`
	Relation  string   `json:"Relation Name"`
	Index     string   `json:"Index Name"`
	IndexCond string   `json:"Index Cond"`
	Filter    string   `json:"Filter"`
	SortKey   []string `json:"Sort Key"`
	Rows      float64  `json:"Plan Rows"`
	Plans     []pgNode `json:"Plans"`
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
