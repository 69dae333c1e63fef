package plancheck

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"gorm.io/gorm"
)

// MaxSortRows is the largest estimated input of a PostgreSQL Sort node
// that Problems accepts (and Rules whose MaxSortRows is 0): a Sort of more
// rows sorts (most of) a table.
const MaxSortRows = 1000

// IndexScans says when a scan of a whole index (PostgreSQL: an Index Scan,
// Index Only Scan or Bitmap Index Scan without an Index Cond; SQLite: SCAN
// t USING [COVERING] INDEX i) of a large table passes.
type IndexScans int

const (
	// IndexScansPass lets every full index scan pass: it reads rows in
	// the index's order, and a LIMIT above it may stop it early.
	IndexScansPass IndexScans = iota
	// IndexScansUnderLimit lets one pass only under a LIMIT that stops it
	// early (PostgreSQL: a Limit node above it with no Sort, Aggregate,
	// Hash or Hash or Merge Join between, and never a Bitmap Index Scan,
	// whose bitmap is built whole; SQLite: a statement with LIMIT whose
	// plan has no USE TEMP B-TREE FOR ORDER BY).
	IndexScansUnderLimit
	// IndexScansFail makes every full index scan a problem.
	IndexScansFail
)

// Exemption lets the statements starting with Prefix read large tables
// whole, for Reason.
type Exemption struct {
	// Prefix starts the exempted statements' SQL.
	Prefix string
	// Reason says why their plans are right (required).
	Reason string
}

// Rules judge a plan: what it may not read whole and how much it may
// sort.
type Rules struct {
	// Large lists the tables a plan may not read whole. When it is empty,
	// every table not in Small is large.
	Large []string
	// Small lists the tables a plan may read whole when Large is empty;
	// then a sort in a plan that reads only small tables passes too.
	Small []string
	// MaxSortRows is the largest estimated input of a PostgreSQL Sort
	// node that passes (0: the constant MaxSortRows).
	MaxSortRows float64
	// IncrementalSortAnywhere lets an Incremental Sort pass wherever it
	// is; otherwise it passes only under a Limit (it sorts groups of
	// rows already ordered by an index's prefix and stops at the LIMIT),
	// and elsewhere is judged as a Sort.
	IncrementalSortAnywhere bool
	// IndexScans says when a full index scan of a large table passes.
	IndexScans IndexScans
	// PartialIndexes lets a full scan of a partial index pass (it reads
	// the rows of the index's predicate only).
	PartialIndexes bool
	// SQLiteSorts makes SQLite's USE TEMP B-TREE FOR ORDER BY (a sort of
	// the whole input; SQLite gives no row estimate) a problem; FOR RIGHT
	// PART / LAST TERM OF ORDER BY, after an index gave the order's
	// prefix, passes.
	SQLiteSorts bool
	// Exempt lists the statements whose problems are not reported.
	Exempt []Exemption
	// Explain are the options of ExplainStatement in Check.
	Explain ExplainOptions
}

// Verdict is the judgement of one statement.
type Verdict struct {
	// Plan is the statement's plan.
	Plan Plan
	// Problems are the plan's problems, one sentence each (nil when it
	// passes or is exempt).
	Problems []string
	// Exempt is the reason of the statement's exemption ("" when none).
	Exempt string
}

// Check explains s on db and judges its plan by r.
func (r Rules) Check(ctx context.Context, db *gorm.DB, s Statement) (Verdict, error) {
	p, err := ExplainStatement(ctx, db, s, r.Explain)
	if err != nil {
		return Verdict{Plan: p}, err
	}
	v := Verdict{Plan: p}
	for _, e := range r.Exempt {
		if e.Reason == "" {
			return v, fmt.Errorf("plancheck: exemption %q states no reason", e.Prefix)
		}
		if strings.HasPrefix(s.SQL, e.Prefix) {
			v.Exempt = e.Reason
			return v, nil
		}
	}
	v.Problems = p.Judge(r)
	return v, nil
}

// Problems returns, one sentence each, what makes the plan read a whole
// table: a sequential scan of a table not named in small (PostgreSQL's Seq
// Scan; SQLite's SCAN of a table without an index or key), and a sort of a
// whole input (PostgreSQL: a Sort node, not an Incremental Sort, over more
// than MaxSortRows estimated rows; SQLite: USE TEMP B-TREE FOR ORDER BY,
// while FOR RIGHT PART / LAST TERM OF ORDER BY, after an index gave the
// order's prefix, is accepted; so is a sort in a plan that reads small
// tables only). It returns nil for a plan that reads only what it returns
// through indexes. It is Judge with Rules{Small: small,
// IncrementalSortAnywhere: true, SQLiteSorts: true}.
func (p Plan) Problems(small ...string) []string {
	return p.Judge(Rules{Small: small, IncrementalSortAnywhere: true, SQLiteSorts: true})
}

var limitClause = regexp.MustCompile(`(?i)\bLIMIT\b`)

// Judge returns the plan's problems by r, one sentence each.
func (p Plan) Judge(r Rules) []string {
	large := func(table string) bool {
		if table == "" || strings.HasPrefix(table, "(") {
			return false
		}
		if len(r.Large) > 0 {
			return slices.Contains(r.Large, table)
		}
		return !slices.Contains(r.Small, table)
	}
	// With Small only, a sort of rows of small tables passes.
	sortsPass := len(r.Large) == 0 && !slices.ContainsFunc(p.Nodes, func(n Node) bool {
		return n.Relation != "" && !slices.Contains(r.Small, n.Relation)
	})
	maxSort := r.MaxSortRows
	if maxSort == 0 {
		maxSort = MaxSortRows
	}
	indexScan := func(n Node, limited bool) bool { // a full index scan that fails
		switch {
		case r.PartialIndexes && n.Partial:
			return false
		case r.IndexScans == IndexScansPass:
			return false
		case r.IndexScans == IndexScansUnderLimit:
			return !limited
		}
		return true
	}
	var out []string
	switch p.Dialect {
	case "postgres":
		// limited[d] is whether a Limit above the node at depth d stops it
		// early.
		limited := map[int]bool{-1: false}
		for i, n := range p.Nodes {
			lim := limited[n.Depth-1]
			switch {
			case n.Op == "Seq Scan" && large(n.Relation):
				out = append(out, fmt.Sprintf("sequential scan of %s (%.0f rows)", n.Relation, n.Rows))
			case (n.Op == "Index Scan" || n.Op == "Index Only Scan") && n.IndexCond == "" && large(n.Relation) && indexScan(n, lim),
				// A bitmap is built whole before the heap is read: a Limit
				// above does not stop it.
				n.Op == "Bitmap Index Scan" && n.IndexCond == "" && large(n.Relation) && indexScan(n, false):
				out = append(out, fmt.Sprintf("full index scan of %s (%s, %.0f rows)", n.Relation, n.Index, n.Rows))
			case n.Op == "Sort" || (n.Op == "Incremental Sort" && !r.IncrementalSortAnywhere && !lim):
				if in := p.childRows(i); in > maxSort && !sortsPass {
					out = append(out, fmt.Sprintf("%s of %.0f rows", strings.ToLower(n.Op), in))
				}
			}
			switch n.Op {
			case "Limit":
				lim = true
			case "Sort", "Aggregate", "Hash", "Hash Join", "Merge Join", "HashAggregate", "GroupAggregate":
				lim = false
			}
			limited[n.Depth] = lim
		}
	case "sqlite":
		limited := limitClause.MatchString(p.Query) && !slices.ContainsFunc(p.Nodes, func(n Node) bool { return n.Op == "USE TEMP B-TREE FOR ORDER BY" })
		for _, n := range p.Nodes {
			f := strings.Fields(n.Op)
			switch {
			case len(f) >= 2 && f[0] == "SCAN" && large(n.Relation) && !strings.Contains(n.Op, "CONSTANT ROW"):
				if !strings.Contains(n.Op, " USING ") {
					out = append(out, "sequential scan of "+n.Relation)
				} else if indexScan(n, limited) {
					out = append(out, "full index scan of "+n.Relation+" ("+n.Op+")")
				}
			case n.Op == "USE TEMP B-TREE FOR ORDER BY" && r.SQLiteSorts && !sortsPass:
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
