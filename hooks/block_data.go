package hooks

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"reflect"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

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
// or the statement fails before any SQL is sent.
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
// through its model or (for map writes) through Table("block_document").
func writesBlockDocument(stmt *gorm.Statement) bool {
	if stmt.Schema != nil {
		return stmt.Schema.Table == blockDocumentTable
	}
	return stmt.Table == blockDocumentTable
}

// checkBlockDataOnCreate checks the data of every row being inserted: struct
// rows (unless data is zero and not selected, so that the column is left to
// its '{}' placeholder default, as Prefect's schema does) and map rows.
func checkBlockDataOnCreate(db *gorm.DB) {
	stmt := db.Statement
	if db.Error != nil || !writesBlockDocument(stmt) {
		return
	}
	selected, restricted := stmt.SelectAndOmitColumns(true, false)
	sel, named := selected[blockDataColumn]
	if named && !sel {
		return // omitted: not written
	}
	switch dest := stmt.Dest.(type) {
	case map[string]any:
		_ = db.AddError(checkBlockDataMap(dest))
		return
	case []map[string]any:
		for _, row := range dest {
			if err := checkBlockDataMap(row); err != nil {
				_ = db.AddError(err)
				return
			}
		}
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
	}
}

// checkBlockDataOnUpdate checks the data an update writes: the map entry
// (Update("data", v), Updates(map)), or the struct field when GORM writes it
// (Save, Select, or a non-zero field in Updates(struct)). It runs for
// UpdateColumn(s) too.
func checkBlockDataOnUpdate(db *gorm.DB) {
	stmt := db.Statement
	if db.Error != nil || !writesBlockDocument(stmt) {
		return
	}
	selected, restricted := stmt.SelectAndOmitColumns(false, true)
	sel, named := selected[blockDataColumn]
	if named && !sel {
		return
	}
	if m, ok := stmt.Dest.(map[string]any); ok {
		if named || !restricted {
			_ = db.AddError(checkBlockDataMap(m))
		}
		return
	}
	s := stmt.Schema
	if s == nil {
		return
	}
	rv := reflect.Indirect(reflect.ValueOf(stmt.Dest))
	if rv.Kind() != reflect.Struct || rv.Type() != s.ModelType {
		return
	}
	field := s.LookUpField(blockDataColumn)
	if field == nil {
		return
	}
	v, zero := field.ValueOf(stmt.Context, rv)
	if named || (!restricted && !zero) {
		_ = db.AddError(checkBlockData(v))
	}
}

// checkBlockDataMap checks the data entry of a map write, by column or
// field name, if there is one.
func checkBlockDataMap(m map[string]any) error {
	for _, key := range []string{blockDataColumn, "Data"} {
		if v, ok := m[key]; ok {
			if err := checkBlockData(v); err != nil {
				return err
			}
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
		return "a " + models.JSONKind(decoded), false
	}
	if models.CheckFernetToken(token) != nil {
		return "a JSON string that is not a Fernet token", false
	}
	return "a Fernet token", true
}
