package hooks

import (
	"reflect"

	"gorm.io/gorm"
	"gorm.io/gorm/schema"

	"github.com/prefectorm/prefectorm/internal/coltype"
)

// isEnumField reports whether the field holds one of the models' enum
// column types (or a pointer to one).
func isEnumField(f *schema.Field) bool {
	_, ok := coltype.EnumOf(f.IndirectFieldType)
	return ok
}

// validateRow checks every enum field of a row about to be inserted. A zero
// value is allowed where the column has a default, which GORM substitutes.
func validateRow(db *gorm.DB, s *schema.Schema, info *schemaInfo, row reflect.Value) error {
	for _, f := range info.enums {
		v, zero := f.ValueOf(db.Statement.Context, row)
		if zero && (f.HasDefaultValue || f.FieldType.Kind() == reflect.Pointer) {
			continue
		}
		if err := validateValue(s, f, v); err != nil {
			return err
		}
	}
	return nil
}

// validateDest checks the enum values of an update: the map entries or
// the non-zero struct fields being written.
func validateDest(db *gorm.DB) error {
	s := db.Statement.Schema
	info := infoOf(s)
	switch dest := db.Statement.Dest.(type) {
	case map[string]any:
		for key, v := range dest {
			if f := s.LookUpField(key); f != nil && info.enum[f.DBName] {
				if err := validateValue(s, f, v); err != nil {
					return err
				}
			}
		}
		return nil
	}
	rv := reflect.Indirect(reflect.ValueOf(db.Statement.Dest))
	if rv.Kind() != reflect.Struct || rv.Type() != s.ModelType {
		return nil
	}
	for _, f := range info.enums {
		if v, zero := f.ValueOf(db.Statement.Context, rv); !zero {
			if err := validateValue(s, f, v); err != nil {
				return err
			}
		}
	}
	return nil
}

// validateValue validates v (an enum, a pointer to one, or a string) as a
// label of the field's enum type; nil passes (NULL).
func validateValue(s *schema.Schema, f *schema.Field, v any) error {
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer || rv.Kind() == reflect.Interface {
		if rv.IsNil() {
			return nil
		}
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.String {
		return nil
	}
	e, _ := coltype.EnumOf(f.IndirectFieldType)
	return e.Validate(s.Table+"."+f.DBName, rv.String())
}
