package hooks

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/schema"

	"github.com/prefectorm/prefectorm/internal/coltype"
	"github.com/prefectorm/prefectorm/models"
)

const (
	blockDataCreateCallback = "prefectorm:block_data_create"
	blockDataUpdateCallback = "prefectorm:block_data_update"

	blockDocumentTable = "block_document"
	blockDataColumn    = "data"
)

// registerBlockData installs the callbacks that keep plaintext out of
// block_document.data: every value written there on create or update must be
// a Fernet token stored as a JSON string (models.BlockDocument.EncryptData),
// or the statement fails before any SQL is sent. Every GORM path that can
// write the column is checked: struct rows, map rows under any key GORM
// resolves to the column, ON CONFLICT DO UPDATE assignments and SET clauses.
// Raw SQL (Exec, Raw) is not checked: it bypasses GORM's statement building.
func registerBlockData(db *gorm.DB) error {
	if err := db.Callback().Create().Before("gorm:create").Register(blockDataCreateCallback, checkBlockDataOnCreate); err != nil {
		return fmt.Errorf("prefectorm: register %s: %w", blockDataCreateCallback, err)
	}
	if err := db.Callback().Update().Before("gorm:update").Register(blockDataUpdateCallback, checkBlockDataOnUpdate); err != nil {
		return fmt.Errorf("prefectorm: register %s: %w", blockDataUpdateCallback, err)
	}
	return nil
}

// writesBlockDocument reports whether the statement targets block_document,
// through its model or (for map writes) through Table("block_document"),
// however the table name is spelt or qualified.
func writesBlockDocument(stmt *gorm.Statement) bool {
	if stmt.Schema != nil {
		return stmt.Schema.Table == blockDocumentTable
	}
	name, _, _ := strings.Cut(strings.TrimSpace(stmt.Table), " ")
	return strings.EqualFold(unqualified(name), blockDocumentTable)
}

// unqualified strips an identifier of its qualifier (schema.table or
// table.column) and of quotes: "public"."block_document" is block_document.
func unqualified(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	return strings.Trim(name, "\"`[]")
}

// isDataColumn reports whether GORM, given key as a column or field name
// of a write to block_document, writes block_document.data: key resolves
// to the data field the way GORM resolves it (Schema.LookUpField: column
// name, field name, or the naming strategy's column for key, so "DATA" and
// "Data" do), or key names the column in a spelling the database itself
// takes for it (SQLite matches quoted identifiers case-insensitively, and a
// table qualifier is allowed).
func isDataColumn(s *schema.Schema, key string) bool {
	if s != nil {
		if field := s.LookUpField(key); field != nil {
			return field.DBName == blockDataColumn
		}
	}
	return strings.EqualFold(unqualified(key), blockDataColumn)
}

// checkBlockDataOnCreate checks the data of every row being inserted: struct
// rows (unless data is zero and not selected, so that the column is left to
// its '{}' placeholder default, as Prefect's schema does), map rows, and the
// assignments of an ON CONFLICT DO UPDATE clause.
func checkBlockDataOnCreate(db *gorm.DB) {
	stmt := db.Statement
	if db.Error != nil || !writesBlockDocument(stmt) {
		return
	}
	if err := checkConflictUpdates(stmt); err != nil {
		_ = db.AddError(err)
		return
	}
	selected, restricted := stmt.SelectAndOmitColumns(true, false)
	sel, named := selected[blockDataColumn]
	if named && !sel {
		return // omitted: not written
	}
	switch dest := stmt.Dest.(type) {
	case map[string]any:
		_ = db.AddError(checkBlockDataMap(stmt.Schema, dest))
		return
	case *map[string]any:
		_ = db.AddError(checkBlockDataMap(stmt.Schema, *dest))
		return
	case []map[string]any:
		_ = db.AddError(checkBlockDataMaps(stmt.Schema, dest))
		return
	case *[]map[string]any:
		_ = db.AddError(checkBlockDataMaps(stmt.Schema, *dest))
		return
	}
	if stmt.Schema == nil {
		return
	}
	field := stmt.Schema.LookUpField(blockDataColumn)
	if field == nil {
		return
	}
	var err error
	eachRow(db, func(row reflect.Value) {
		if err != nil {
			return
		}
		v, zero := field.ValueOf(stmt.Context, row)
		if zero && !named && (field.HasDefaultValue || restricted) {
			return // left to the column default
		}
		err = checkBlockData(v)
	})
	if err != nil {
		_ = db.AddError(err)
		return
	}
	// Every column RETURNING would read back is known (id, created and
	// updated filled, data a token string, is_anonymous sent or its
	// default false): send the INSERT without it.
	if _, custom := stmt.Clauses["ON CONFLICT"]; !custom && returningKnown(db) {
		stmt.Settings.Store(models.SkipReturningSetting, true)
	}
}

// checkConflictUpdates checks the DO UPDATE assignments of an insert's ON
// CONFLICT clause that set data: each must be the inserted row's own value
// (excluded.data, as clause.AssignmentColumns and UpdateAll write it), which
// is checked as a row, or a Fernet token.
func checkConflictUpdates(stmt *gorm.Statement) error {
	c, ok := stmt.Clauses["ON CONFLICT"]
	if !ok {
		return nil
	}
	onConflict, ok := c.Expression.(clause.OnConflict)
	if !ok {
		return nil
	}
	return checkAssignments(stmt.Schema, onConflict.DoUpdates, true)
}

// checkAssignments checks the assignments that set data. excludedOK
// accepts excluded.data, the value of the row being inserted.
func checkAssignments(s *schema.Schema, set []clause.Assignment, excludedOK bool) error {
	for _, a := range set {
		if !isDataColumn(s, a.Column.Name) {
			continue
		}
		if col, isColumn := a.Value.(clause.Column); excludedOK && isColumn &&
			strings.EqualFold(col.Table, "excluded") && isDataColumn(s, col.Name) {
			continue
		}
		if err := checkBlockData(a.Value); err != nil {
			return err
		}
	}
	return nil
}

// checkBlockDataOnUpdate checks the data an update writes: the map entry
// (Update("data", v), Updates(map)), the struct field when GORM writes it
// (Save, Select, or a non-zero field in Updates(struct), also of a struct
// of another type whose field GORM maps to data), and a SET clause given
// through Clauses. It runs for UpdateColumn(s) too.
func checkBlockDataOnUpdate(db *gorm.DB) {
	stmt := db.Statement
	if db.Error != nil || !writesBlockDocument(stmt) {
		return
	}
	if c, ok := stmt.Clauses["SET"]; ok {
		if set, ok := c.Expression.(clause.Set); ok {
			if err := checkAssignments(stmt.Schema, set, false); err != nil {
				_ = db.AddError(err)
				return
			}
		}
	}
	selected, restricted := stmt.SelectAndOmitColumns(false, true)
	sel, named := selected[blockDataColumn]
	if named && !sel {
		return
	}
	rv := reflect.ValueOf(stmt.Dest)
	for rv.Kind() == reflect.Pointer && !rv.IsNil() {
		rv = rv.Elem()
	}
	if !rv.IsValid() {
		return
	}
	if m, ok := rv.Interface().(map[string]any); ok {
		if named || !restricted {
			_ = db.AddError(checkBlockDataMap(stmt.Schema, m))
		}
		return
	}
	s := stmt.Schema
	if s == nil || rv.Kind() != reflect.Struct {
		return
	}
	destSchema := s
	if rv.Type() != s.ModelType {
		// Updates(otherStruct): GORM writes the field its schema maps to data.
		parsed := &gorm.Statement{DB: stmt.DB}
		if err := parsed.Parse(stmt.Dest); err != nil {
			return
		}
		destSchema = parsed.Schema
	}
	field := destSchema.LookUpField(blockDataColumn)
	if field == nil || !field.Updatable {
		return
	}
	v, zero := field.ValueOf(stmt.Context, rv)
	if named || (!restricted && !zero) {
		_ = db.AddError(checkBlockData(v))
	}
}

// checkBlockDataMap checks every entry of a map write that GORM would write
// to data (isDataColumn).
func checkBlockDataMap(s *schema.Schema, m map[string]any) error {
	for key, v := range m {
		if isDataColumn(s, key) {
			if err := checkBlockData(v); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkBlockDataMaps checks the rows of a batch map write.
func checkBlockDataMaps(s *schema.Schema, rows []map[string]any) error {
	for _, row := range rows {
		if err := checkBlockDataMap(s, row); err != nil {
			return err
		}
	}
	return nil
}

// checkBlockData accepts v only if the value sent to the database is the
// JSON text of a string holding a Fernet token. The error names the column
// and the kind of value, never the value.
func checkBlockData(v any) error {
	kind, ok := blockDataKind(v)
	if ok {
		return nil
	}
	return fmt.Errorf("prefectorm: %s.%s: refusing to write %s: block data must be an encrypted Fernet token stored as a JSON string (use BlockDocument.EncryptData)", blockDocumentTable, blockDataColumn, kind)
}

// blockDataKind describes what writing v would store and whether that is a
// Fernet token JSON string.
func blockDataKind(v any) (kind string, ok bool) {
	switch v.(type) {
	case clause.Expression, gorm.Valuer:
		return "an SQL expression", false
	}
	if valuer, isValuer := v.(driver.Valuer); isValuer {
		if rv := reflect.ValueOf(v); rv.Kind() == reflect.Pointer && rv.IsNil() {
			return "SQL NULL", false
		}
		dv, err := valuer.Value()
		if err != nil {
			return fmt.Sprintf("a %T that cannot be encoded", v), false
		}
		v = dv
	}
	var text []byte
	switch x := v.(type) {
	case nil:
		return "SQL NULL", false
	case string:
		text = []byte(x)
	case []byte:
		text = x
	default:
		return fmt.Sprintf("a Go %T", v), false
	}
	var decoded any
	if err := json.Unmarshal(text, &decoded); err != nil {
		return "text that is not JSON (a bare Go string is not JSON-encoded: use models.NewJSON)", false
	}
	token, isString := decoded.(string)
	if !isString {
		return "a " + coltype.JSONKind(decoded), false
	}
	if coltype.CheckFernetToken(token) != nil {
		return "a JSON string that is not a Fernet token", false
	}
	return "a Fernet token", true
}
