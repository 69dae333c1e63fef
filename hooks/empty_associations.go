package hooks

import (
	"fmt"
	"reflect"

	"gorm.io/gorm"
	"gorm.io/gorm/schema"
)

// associationCallbacks are GORM's callbacks that save a statement's
// associations, on create and on update.
var associationCallbacks = []string{"gorm:save_before_associations", "gorm:save_after_associations"}

// registerEmptyAssociations wraps GORM's association callbacks on create
// and update so that a statement whose rows hold no association value (every
// belongs-to, has-one, has-many and many-to-many field zero, as GORM checks
// them before saving anything) skips them: GORM would only build empty
// slices of every relation's type per statement. Any other statement goes
// to GORM's callbacks unchanged.
func registerEmptyAssociations(db *gorm.DB) error {
	for _, processor := range []interface {
		Get(string) func(*gorm.DB)
		Replace(string, func(*gorm.DB)) error
	}{db.Callback().Create(), db.Callback().Update()} {
		for _, name := range associationCallbacks {
			save := processor.Get(name)
			if save == nil {
				return fmt.Errorf("prefectorm: GORM's %s callback is not registered", name)
			}
			if err := processor.Replace(name, func(db *gorm.DB) {
				if !holdsAssociations(db) {
					return
				}
				save(db)
			}); err != nil {
				return fmt.Errorf("prefectorm: wrap %s: %w", name, err)
			}
		}
	}
	return nil
}

// holdsAssociations reports whether GORM's association callbacks could
// save anything for the statement: false only when its model has no
// relations or every row it writes is a struct whose relation fields are
// all zero.
func holdsAssociations(db *gorm.DB) bool {
	s := db.Statement.Schema
	if db.Error != nil || s == nil {
		return false // GORM's callbacks do nothing either
	}
	relations := infoOf(s).relations
	if len(relations) == 0 {
		return false
	}
	empty := func(row reflect.Value) bool {
		for _, f := range relations {
			if !fieldIsZero(f, row) {
				return false
			}
		}
		return true
	}
	rv := db.Statement.ReflectValue
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		for i := 0; i < rv.Len(); i++ {
			row := reflect.Indirect(rv.Index(i))
			if row.Kind() != reflect.Struct || !empty(row) {
				return true
			}
		}
		return false
	case reflect.Struct:
		return !empty(rv)
	}
	return true
}

// fieldIsZero reports what f.ValueOf reports as zero for row (a nil
// embedded pointer on the way makes it zero), without boxing the value.
func fieldIsZero(f *schema.Field, row reflect.Value) bool {
	v := reflect.Indirect(row)
	for _, i := range f.StructField.Index {
		if i >= 0 {
			v = v.Field(i)
			continue
		}
		if v = v.Field(-i - 1); v.IsNil() {
			return true
		}
		v = v.Elem()
	}
	return v.IsZero()
}

// relationFields lists the fields of s's relations that GORM's association
// callbacks look at.
func relationFields(s *schema.Schema) []*schema.Field {
	var fields []*schema.Field
	for _, rels := range [][]*schema.Relationship{s.Relationships.BelongsTo, s.Relationships.HasOne, s.Relationships.HasMany, s.Relationships.Many2Many} {
		for _, rel := range rels {
			fields = append(fields, rel.Field)
		}
	}
	return fields
}
