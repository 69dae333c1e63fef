package dialects

import (
	"errors"
	"reflect"
	"slices"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/schema"

	"github.com/prefectorm/prefectorm/internal/rowscan"
)

// readBack is how an upsert reads its stored row back: SELECT of the
// model's columns by the conflict key, LIMIT 1, with the dialect's own
// placeholders, and the fields the columns scan into, in the same order.
type readBack struct {
	sql string
	// gormSQL is sql with ? placeholders, for GORM's Raw.
	gormSQL string
	columns rowscan.Columns
}

// newReadBack builds the read-back of table s by the conflict columns
// on db's dialect (upsertPlanOf keeps it in the table's plan).
func newReadBack(db *gorm.DB, s *schema.Schema, conflict []clause.Column) *readBack {
	var sel strings.Builder
	sel.WriteString("SELECT ")
	for i, name := range s.DBNames {
		if i > 0 {
			sel.WriteString(", ")
		}
		sel.WriteString(db.Statement.Quote(name))
	}
	sel.WriteString(" FROM ")
	sel.WriteString(db.Statement.Quote(s.Table))
	// The WHERE clause twice: with GORM's ? for Raw, and with the
	// dialect's own placeholders (its BindVarTo) for the connection.
	var gormSQL, connSQL strings.Builder
	gormSQL.WriteString(sel.String())
	connSQL.WriteString(sel.String())
	bind := &gorm.Statement{DB: db}
	for i, c := range conflict {
		term := " AND "
		if i == 0 {
			term = " WHERE "
		}
		term += db.Statement.Quote(c.Name) + " = "
		gormSQL.WriteString(term + "?")
		connSQL.WriteString(term)
		bind.Vars = append(bind.Vars, nil) // as Statement.AddVar does before binding
		db.Dialector.BindVarTo(&connSQL, bind, nil)
	}
	// Every name is one of s's columns, so Of cannot fail.
	cols, _ := rowscan.Of(s, s.DBNames)
	return &readBack{gormSQL: gormSQL.String() + " LIMIT 1", sql: connSQL.String() + " LIMIT 1", columns: cols}
}

// take reads the stored row into dest (a pointer to the model), reporting
// whether there was one. When every field scans straight into its struct
// field and no key value renders its own SQL (a gorm.Valuer), the
// statement goes to the transaction's connection as it is and the row is
// scanned into the struct's fields; otherwise GORM binds and scans it.
func (rb *readBack) take(tx *gorm.DB, dest any, args []any) (bool, error) {
	if !rb.columns.Direct || slices.ContainsFunc(args, func(a any) bool { _, ok := a.(gorm.Valuer); return ok }) {
		res := tx.Session(&gorm.Session{NewDB: true}).Raw(rb.gormSQL, args...).Take(dest)
		if errors.Is(res.Error, gorm.ErrRecordNotFound) {
			return false, nil
		}
		return res.Error == nil, res.Error
	}
	rows, err := tx.Statement.ConnPool.QueryContext(tx.Statement.Context, rb.sql, args...)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	if !rows.Next() {
		return false, rows.Err()
	}
	if err := rb.columns.Scan(tx.Statement.Context, rows, reflect.ValueOf(dest).Elem()); err != nil {
		return false, err
	}
	return true, rows.Close()
}
