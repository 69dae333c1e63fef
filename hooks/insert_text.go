package hooks

import (
	"database/sql"
	"database/sql/driver"
	"reflect"
	"slices"
	"strings"
	"sync"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/schema"
)

// insertTextKey identifies the text of a single-row INSERT that GORM built:
// the database's dialector (which quotes and binds), the model's schema
// and the statement's shape (insertShape).
type insertTextKey struct {
	dialector gorm.Dialector
	schema    *schema.Schema
	shape     string
}

// insertTexts caches the INSERT text GORM built by insertTextKey: an entry
// per opened database, table, column set and ON CONFLICT rule, kept for
// the life of the process as GORM's schemas are.
var insertTexts sync.Map // insertTextKey -> string

// insertTextsOn enables insertTexts; tests switch it off to get GORM's own
// statements to compare with.
var insertTextsOn = true

// buildInsert builds a single-row INSERT the way GORM's
// Statement.Build(stmt.BuildClauses...) does, taking the SQL text from
// insertTexts when a statement of the same shape was built before: only the
// bind values are then computed, each exactly as GORM's AddVar would send
// it. Statements insertShape does not cover, and values bindValue does not
// know, go to GORM's Build as they are. The first statement of a shape is
// always built by GORM, and its text is kept only when the values computed
// here equal the ones GORM bound.
func buildInsert(stmt *gorm.Statement, values clause.Values) {
	shape, ok := insertShape(stmt, values)
	if !ok || !insertTextsOn || !reflect.TypeOf(stmt.DB.Dialector).Comparable() {
		stmt.Build(stmt.BuildClauses...)
		return
	}
	key := insertTextKey{stmt.DB.Dialector, stmt.Schema, shape}
	if text, hit := insertTexts.Load(key); hit {
		before := stmt.DB.Error
		if vars, bound := bindValues(stmt, values.Values[0]); bound {
			stmt.SQL.WriteString(text.(string))
			stmt.Vars = append(stmt.Vars, vars...)
			return
		}
		// Build calls every GormValue again: keep only its errors.
		stmt.DB.Error = before
		stmt.Build(stmt.BuildClauses...)
		return
	}
	stmt.Build(stmt.BuildClauses...)
	if stmt.DB.Error != nil {
		return
	}
	if vars, bound := bindValues(stmt, values.Values[0]); bound && reflect.DeepEqual(vars, stmt.Vars) {
		insertTexts.Store(key, stmt.SQL.String())
	}
}

// insertShape describes what the text of the statement's INSERT depends on
// besides its configuration and schema: the table name, the VALUES columns
// and the ON CONFLICT rule. It reports false for any statement it cannot
// describe: several rows, bind values already present, a table expression,
// an INSERT modifier, clauses other than INSERT, VALUES and ON CONFLICT,
// clauses built in another order, or an ON CONFLICT other than a conflict
// target with DO NOTHING or DO UPDATE SET col = excluded.col.
func insertShape(stmt *gorm.Statement, values clause.Values) (string, bool) {
	if len(values.Values) != 1 || len(stmt.Vars) != 0 || stmt.TableExpr != nil || len(values.Columns) == 0 {
		return "", false
	}
	if i, v, c := slices.Index(stmt.BuildClauses, "INSERT"), slices.Index(stmt.BuildClauses, "VALUES"), slices.Index(stmt.BuildClauses, "ON CONFLICT"); i < 0 || v < i || c < v {
		return "", false
	}
	var b strings.Builder
	b.Grow(16 * (len(values.Columns) + 2))
	b.WriteString(stmt.Table)
	for name, c := range stmt.Clauses {
		if c.BeforeExpression != nil || c.AfterNameExpression != nil || c.AfterExpression != nil || c.Builder != nil {
			return "", false
		}
		switch name {
		case "INSERT":
			if insert, ok := c.Expression.(clause.Insert); !ok || insert != (clause.Insert{}) {
				return "", false
			}
		case "VALUES":
		case "ON CONFLICT":
			if !conflictShape(&b, c.Expression) {
				return "", false
			}
		default:
			return "", false
		}
	}
	b.WriteString("|values")
	for _, col := range values.Columns {
		if col.Table != "" || col.Alias != "" || col.Raw {
			return "", false
		}
		b.WriteByte(',')
		b.WriteString(col.Name)
	}
	return b.String(), true
}

// conflictShape writes the ON CONFLICT rule to b, reporting false unless it
// is a plain conflict target with DO NOTHING or with DO UPDATE SET of
// excluded columns (clause.AssignmentColumns), which bind nothing.
func conflictShape(b *strings.Builder, e clause.Expression) bool {
	oc, ok := e.(clause.OnConflict)
	if !ok || len(oc.Where.Exprs) > 0 || len(oc.TargetWhere.Exprs) > 0 || oc.OnConstraint != "" || oc.UpdateAll || len(oc.Columns) == 0 {
		return false
	}
	b.WriteString("|conflict")
	for _, col := range oc.Columns {
		if col.Table != "" || col.Alias != "" || col.Raw {
			return false
		}
		b.WriteByte(',')
		b.WriteString(col.Name)
	}
	if oc.DoNothing {
		b.WriteString("|nothing")
		return len(oc.DoUpdates) == 0
	}
	b.WriteString("|update")
	for _, a := range oc.DoUpdates {
		if a.Column != (clause.Column{Name: a.Column.Name}) || a.Value != (clause.Column{Table: "excluded", Name: a.Column.Name}) {
			return false
		}
		b.WriteByte(',')
		b.WriteString(a.Column.Name)
	}
	return len(oc.DoUpdates) > 0
}

// bindValues returns the bind values GORM's AddVar sends for one row of
// VALUES, each one placeholder, or false when a value would render SQL of
// its own (see bindValue).
func bindValues(stmt *gorm.Statement, row []any) ([]any, bool) {
	vars := make([]any, len(row))
	for i, v := range row {
		var ok bool
		if vars[i], ok = bindValue(stmt, v); !ok {
			return nil, false
		}
	}
	return vars, true
}

// bindValue returns the value AddVar binds for v when v becomes a single
// placeholder: a gorm.Valuer whose expression is one "?" of a plain value
// (prefectorm's Timestamp and Interval), a nil pointer Valuer (NULL), or a
// plain value. It follows the order of AddVar's cases and reports false
// for every case that writes other SQL: columns, tables, clauses,
// expressions, named arguments, sub-queries, and slices other than bytes.
func bindValue(stmt *gorm.Statement, v any) (any, bool) {
	if valuer, ok := v.(gorm.Valuer); ok {
		if rv := reflect.ValueOf(v); rv.Kind() == reflect.Pointer && rv.IsNil() {
			return nil, true
		}
		e := valuer.GormValue(stmt.Context, stmt.DB)
		if e.SQL != "?" || len(e.Vars) != 1 || e.WithoutParentheses {
			return nil, false
		}
		v = e.Vars[0]
		if _, ok := v.(gorm.Valuer); ok {
			return nil, false
		}
	}
	switch v.(type) {
	case nil, []byte:
		return v, true
	case sql.NamedArg, clause.Column, clause.Table, clause.Interface, clause.Expression, []any, *gorm.DB:
		return nil, false
	case driver.Valuer:
		return v, true
	}
	switch reflect.ValueOf(v).Kind() {
	case reflect.Slice, reflect.Array:
		return nil, false
	}
	return v, true
}
