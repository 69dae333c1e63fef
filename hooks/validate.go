package hooks

import (
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sync"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/schema"

	"github.com/prefectorm/prefectorm/models"
)

const (
	validateCreateCallback = "prefectorm:validate_documents_create"
	validateUpdateCallback = "prefectorm:validate_documents_update"
)

// registerValidation installs the callbacks that refuse, before any SQL is
// sent, a typed JSON document Prefect's models would refuse to load
// (models.Validator) and a row breaking a rule across columns
// (models.RowValidator). They check every value GORM writes: struct rows
// on Create and Save, the written fields of Updates(struct), map writes
// (Create(map), Update, Updates(map), UpdateColumn(s)) with keys resolved
// as GORM resolves them, also through Table(name) without a model), and
// ON CONFLICT DO UPDATE assignments. A map or
// assignment value may be the column's Go type, the document itself, or
// JSON text; SQL expressions (clause.Expr, gorm.Expr, subqueries) and raw
// Exec are not checked.
func registerValidation(db *gorm.DB) error {
	if err := db.Callback().Create().Before("gorm:create").Register(validateCreateCallback, validateOnCreate); err != nil {
		return fmt.Errorf("prefectorm: register %s: %w", validateCreateCallback, err)
	}
	if err := db.Callback().Update().Before("gorm:update").Register(validateUpdateCallback, validateOnUpdate); err != nil {
		return fmt.Errorf("prefectorm: register %s: %w", validateUpdateCallback, err)
	}
	return nil
}

// typedDocument is implemented by models.JSON columns.
type typedDocument interface {
	models.Validator
	TypedDocument() bool
}

// documentField reports whether f is a JSON column holding a typed
// document with Prefect rules.
func documentField(f *schema.Field) bool {
	if f.DBName == "" {
		return false
	}
	d, ok := reflect.New(f.IndirectFieldType).Elem().Interface().(typedDocument)
	return ok && d.TypedDocument()
}

// columnName returns table.column for f.
func columnName(s *schema.Schema, f *schema.Field) string { return s.Table + "." + f.DBName }

// writeSet tells which columns a statement writes, from its Select and
// Omit lists (GORM's own rule).
type writeSet struct {
	selected   map[string]bool
	restricted bool
}

// writes reports whether a column GORM would otherwise write is kept.
func (w writeSet) writes(column string) bool {
	v, ok := w.selected[column]
	return (ok && v) || (!ok && !w.restricted)
}

// modelSchemas caches the schemas of models.All by table name, for map
// writes through Table(name) without a model.
var modelSchemas sync.Map // table name -> *schema.Schema

// statementSchema returns the statement's model schema or, for a write
// through Table(name) without a model, the schema of the prefectorm model
// of that table (nil when there is none).
func statementSchema(db *gorm.DB) *schema.Schema {
	stmt := db.Statement
	if stmt.Schema != nil || stmt.Table == "" {
		return stmt.Schema
	}
	if s, ok := modelSchemas.Load(stmt.Table); ok {
		return s.(*schema.Schema)
	}
	for _, model := range models.All() {
		s, err := schema.Parse(model, &schemaCache, db.NamingStrategy)
		if err == nil && s.Table == stmt.Table {
			modelSchemas.Store(stmt.Table, s)
			return s
		}
	}
	return nil
}

// schemaCache is the schema.Parse cache of statementSchema.
var schemaCache sync.Map

// validateOnCreate checks the rows, maps and conflict assignments of an
// insert.
func validateOnCreate(db *gorm.DB) {
	stmt := db.Statement
	s := statementSchema(db)
	if db.Error != nil || s == nil || !infoOf(s).validates() {
		return
	}
	selected, restricted := stmt.SelectAndOmitColumns(true, false)
	w := writeSet{selected, restricted}
	var err error
	switch dest := stmt.Dest.(type) {
	case map[string]any:
		err = validateMap(db, s, w, dest)
	case []map[string]any:
		for _, m := range dest {
			if err = validateMap(db, s, w, m); err != nil {
				break
			}
		}
	default:
		eachRow(db, func(row reflect.Value) {
			if err == nil {
				err = validateCreateRow(db, w, row)
			}
		})
	}
	if err == nil {
		err = validateConflictAssignments(db, s)
	}
	if err != nil {
		_ = db.AddError(err)
	}
}

// validateCreateRow checks the document columns an inserted struct row
// writes (a zero value left to the column default is not written) and its
// row rules.
func validateCreateRow(db *gorm.DB, w writeSet, row reflect.Value) error {
	s := db.Statement.Schema
	info := infoOf(s)
	for _, f := range info.documents {
		if !w.writes(f.DBName) {
			continue
		}
		v, zero := f.ValueOf(db.Statement.Context, row)
		if zero && f.HasDefaultValue {
			continue
		}
		if err := validateDocumentValue(s, f, v); err != nil {
			return err
		}
	}
	if !info.rowRules {
		return nil
	}
	return validateRowRules(row, w.writes)
}

// validateOnUpdate checks what an update writes: map entries, or the
// struct fields GORM writes (Save writes all, Updates(struct) the selected
// and non-zero ones), and the row rules whose columns are all written.
func validateOnUpdate(db *gorm.DB) {
	stmt := db.Statement
	s := statementSchema(db)
	if db.Error != nil || s == nil || !infoOf(s).validates() {
		return
	}
	selected, restricted := stmt.SelectAndOmitColumns(false, true)
	w := writeSet{selected, restricted}
	var err error
	if m, ok := stmt.Dest.(map[string]any); ok {
		err = validateMap(db, s, w, m)
	} else if rv := reflect.Indirect(reflect.ValueOf(stmt.Dest)); rv.Kind() == reflect.Struct && rv.Type() == s.ModelType {
		err = validateUpdateStruct(db, w, rv)
	}
	if err != nil {
		_ = db.AddError(err)
	}
}

// validateUpdateStruct checks the fields Updates(struct) or Save writes.
func validateUpdateStruct(db *gorm.DB, w writeSet, rv reflect.Value) error {
	s := db.Statement.Schema
	info := infoOf(s)
	fields := info.documents // without row rules only the documents matter
	if info.rowRules {
		fields = s.Fields
	}
	written := map[string]bool{}
	for _, f := range fields {
		if f.DBName == "" {
			continue
		}
		v, zero := f.ValueOf(db.Statement.Context, rv)
		sel, named := w.selected[f.DBName]
		if !(named && sel) && (w.restricted || zero) {
			continue
		}
		written[f.DBName] = true
		if info.document[f.DBName] {
			if err := validateDocumentValue(s, f, v); err != nil {
				return err
			}
		}
	}
	if !info.rowRules {
		return nil
	}
	return validateRowRules(rv, func(column string) bool { return written[column] })
}

// validateMap checks the entries of a map write, resolving each key to a
// field as GORM does, and runs the row rules over a row holding them.
func validateMap(db *gorm.DB, s *schema.Schema, w writeSet, m map[string]any) error {
	info := infoOf(s)
	rowRules := info.rowRules
	var row reflect.Value
	if rowRules {
		row = reflect.New(s.ModelType).Elem()
	}
	written := map[string]bool{}
	for key, v := range m {
		f := s.LookUpField(key)
		if f == nil || f.DBName == "" || !w.writes(f.DBName) {
			continue
		}
		doc := info.document[f.DBName]
		if !doc && !rowRules {
			continue
		}
		fv, ok, err := fieldValue(s, f, v)
		if err != nil {
			return err
		}
		if !ok {
			continue // an SQL expression or NULL
		}
		if doc {
			if err := validateDocumentValue(s, f, fv.Interface()); err != nil {
				return err
			}
		}
		if rowRules {
			target := f.ReflectValueOf(db.Statement.Context, row)
			if f.FieldType.Kind() == reflect.Pointer && fv.Type() == f.IndirectFieldType {
				p := reflect.New(f.IndirectFieldType)
				p.Elem().Set(fv)
				fv = p
			}
			if fv.Type().AssignableTo(target.Type()) {
				target.Set(fv)
				written[f.DBName] = true
			}
		}
	}
	if !rowRules {
		return nil
	}
	return validateRowRules(row, func(column string) bool { return written[column] })
}

// validateConflictAssignments checks the values of ON CONFLICT DO UPDATE
// SET assignments (assignments of excluded columns are the inserted
// values, already checked).
func validateConflictAssignments(db *gorm.DB, s *schema.Schema) error {
	stmt := db.Statement
	c, ok := stmt.Clauses["ON CONFLICT"]
	if !ok {
		return nil
	}
	oc, ok := c.Expression.(clause.OnConflict)
	if !ok {
		return nil
	}
	info := infoOf(s)
	for _, a := range oc.DoUpdates {
		f := s.LookUpField(a.Column.Name)
		if f == nil || !info.document[f.DBName] {
			continue
		}
		fv, ok, err := fieldValue(s, f, a.Value)
		if err != nil {
			return err
		}
		if ok {
			if err := validateDocumentValue(s, f, fv.Interface()); err != nil {
				return err
			}
		}
	}
	return nil
}

// validateRowRules runs the row's RowValidator, if it has one.
func validateRowRules(row reflect.Value, writes func(string) bool) error {
	if rv, ok := row.Interface().(models.RowValidator); ok {
		return rv.ValidateRow(writes)
	}
	return nil
}

// validateDocumentValue validates v, a value of f's type (or a pointer to one),
// naming the column in the error.
func validateDocumentValue(s *schema.Schema, f *schema.Field, v any) error {
	if d, ok := v.(models.Validator); ok && !isNil(v) {
		return inColumn(columnName(s, f), d.Validate())
	}
	return nil
}

// inColumn sets the table.column of a *models.DocumentError; other errors
// are returned unchanged.
func inColumn(column string, err error) error {
	var de *models.DocumentError
	if err == nil || !errors.As(err, &de) {
		return err
	}
	out := *de
	out.Column = column
	return &out
}

// isNil reports whether v is a nil pointer.
func isNil(v any) bool {
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}

// fieldValue converts a value written to f into a value of f's indirect
// type: as is when it has that type (or points to it), else by scanning
// its JSON text (a string or []byte, a driver.Valuer's value, or the JSON
// encoding of any other Go value) into a new one. ok is false for SQL
// expressions, column references (ON CONFLICT's excluded.column, whose
// inserted value is checked as the row) and NULL, which are not checked.
func fieldValue(s *schema.Schema, f *schema.Field, v any) (fv reflect.Value, ok bool, err error) {
	switch v.(type) {
	case nil, clause.Expression, clause.Column, gorm.Valuer, *gorm.DB:
		return reflect.Value{}, false, nil
	}
	rv := reflect.ValueOf(v)
	if rv.Type() == f.IndirectFieldType {
		return rv, true, nil
	}
	if rv.Kind() == reflect.Pointer && rv.Type().Elem() == f.IndirectFieldType {
		if rv.IsNil() {
			return reflect.Value{}, false, nil
		}
		return rv.Elem(), true, nil
	}
	column := columnName(s, f)
	var text any
	switch x := v.(type) {
	case string, []byte:
		text = x
	case driver.Valuer:
		if isNil(v) {
			return reflect.Value{}, false, nil
		}
		dv, err := x.Value()
		if err != nil {
			return reflect.Value{}, false, fmt.Errorf("prefectorm: %s: encode %T: %w", column, v, err)
		}
		if dv == nil {
			return reflect.Value{}, false, nil
		}
		text = dv
	default:
		b, err := json.Marshal(v)
		if err != nil {
			return reflect.Value{}, false, fmt.Errorf("prefectorm: %s: encode %T: %w", column, v, err)
		}
		text = b
	}
	p := reflect.New(f.IndirectFieldType)
	scanner, isScanner := p.Interface().(sql.Scanner)
	if !isScanner {
		return reflect.Value{}, false, nil
	}
	if err := scanner.Scan(text); err != nil {
		return reflect.Value{}, false, &models.DocumentError{Column: column, Value: textOf(text), Reason: "not a valid document: " + err.Error()}
	}
	return p.Elem(), true, nil
}

// textOf returns JSON text as a string, for error messages.
func textOf(v any) any {
	if b, ok := v.([]byte); ok {
		return string(b)
	}
	return v
}
