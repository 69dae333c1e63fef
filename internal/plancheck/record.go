package plancheck

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"gorm.io/gorm"
)

// Statement is one SQL statement as GORM sent it to the driver: the final
// SQL (with the dialect's placeholders) and its arguments.
type Statement struct {
	SQL  string
	Vars []any
}

// Recorder records the statements a function sends through a *gorm.DB
// (and through the sessions and transactions opened from it).
type Recorder struct {
	mu    sync.Mutex
	on    bool
	stmts []Statement
}

// recorders numbers the callbacks of Recorders, so that several may record
// on one database.
var recorders atomic.Int64

// Record registers GORM callbacks on db, after its query, row, raw, update
// and delete processors, that record every successful SELECT, WITH, UPDATE
// and DELETE while Run runs (not the sub-queries GORM builds in dry-run
// mode, nor INSERTs, SAVEPOINTs and the like, which read no table whole).
func Record(db *gorm.DB) (*Recorder, error) {
	r := &Recorder{}
	name := fmt.Sprintf("plancheck:record:%d", recorders.Add(1))
	fn := func(tx *gorm.DB) { r.add(tx) }
	cb := db.Callback()
	for _, err := range []error{
		cb.Query().After("gorm:query").Register(name, fn),
		cb.Row().After("gorm:row").Register(name, fn),
		cb.Raw().After("gorm:raw").Register(name, fn),
		cb.Update().After("gorm:update").Register(name, fn),
		cb.Delete().After("gorm:delete").Register(name, fn),
	} {
		if err != nil {
			return nil, fmt.Errorf("plancheck: register %s: %w", name, err)
		}
	}
	return r, nil
}

// add records tx's statement if the recorder is on and the statement reads
// tables.
func (r *Recorder) add(tx *gorm.DB) {
	if tx.DryRun || tx.Error != nil || tx.Statement.SQL.Len() == 0 {
		return
	}
	sql := tx.Statement.SQL.String()
	switch strings.ToUpper(strings.Fields(sql + " x")[0]) {
	case "SELECT", "WITH", "UPDATE", "DELETE":
	default:
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.on {
		r.stmts = append(r.stmts, Statement{SQL: sql, Vars: slices.Clone(tx.Statement.Vars)})
	}
}

// Run runs fn and returns the statements it sent, in order, with fn's
// error. Runs of one Recorder must not overlap.
func (r *Recorder) Run(fn func() error) ([]Statement, error) {
	r.mu.Lock()
	r.on, r.stmts = true, nil
	r.mu.Unlock()
	err := fn()
	r.mu.Lock()
	defer r.mu.Unlock()
	r.on = false
	out := r.stmts
	r.stmts = nil
	return out, err
}

var (
	placeholder = regexp.MustCompile(`\$\d+`)
	inList      = regexp.MustCompile(`\(\?(?:,\s*\?)*\)`)
)

// Distinct returns the first statement of every shape in stmts: statements
// that differ only in their arguments, or in the length of an IN list, are
// one shape.
func Distinct(stmts []Statement) []Statement {
	seen := map[string]bool{}
	var out []Statement
	for _, s := range stmts {
		shape := inList.ReplaceAllString(placeholder.ReplaceAllString(s.SQL, "?"), "(…)")
		if !seen[shape] {
			seen[shape] = true
			out = append(out, s)
		}
	}
	return out
}
