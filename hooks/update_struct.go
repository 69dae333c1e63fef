package hooks

import (
	"reflect"

	"gorm.io/gorm"
)

// otherStructToMap turns Model(&row).Updates(other), where other is a
// struct (or pointer to one) of another type than the model, into the map
// of the columns GORM writes from it: for each of the model's columns that
// other has, the selected ones, or the non-zero updatable ones when no
// Select/Omit restricts the write. GORM's Statement.SetColumn cannot set
// updated on such a destination (it panics), and the document and enum
// checks read the model's types; a map is what both handle.
func otherStructToMap(db *gorm.DB) error {
	stmt := db.Statement
	s := stmt.Schema
	rv := reflect.ValueOf(stmt.Dest)
	for rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return nil
		}
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct || rv.Type() == s.ModelType {
		return nil
	}
	other := &gorm.Statement{DB: stmt.DB}
	if err := other.Parse(stmt.Dest); err != nil {
		return nil // not a model GORM can read: GORM reports it
	}
	selected, restricted := stmt.SelectAndOmitColumns(false, true)
	m := make(map[string]any, len(s.DBNames))
	for _, column := range s.DBNames {
		f := other.Schema.LookUpField(column)
		target := s.LookUpField(column)
		if f == nil || target == nil || !target.Updatable {
			continue
		}
		v, zero := f.ValueOf(stmt.Context, rv)
		sel, named := selected[column]
		if (named && sel) || (!named && !restricted && !zero) {
			m[column] = v
		}
	}
	stmt.Dest = m
	return nil
}
