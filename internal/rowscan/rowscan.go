// Package rowscan scans result rows straight into a model's struct fields,
// without GORM's Scan, for the hot paths that read a known list of
// columns (an upsert's read-back, a transition's run lock). GORM's Scan
// matches every column to a field by name and converts through fresh
// values for each row; a fixed column list can hand database/sql the
// addresses of the fields themselves.
package rowscan

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"

	"gorm.io/gorm/schema"
)

// Columns is a list of a model's columns and the fields they scan into.
type Columns struct {
	fields []*schema.Field
	// Direct reports that every field scans straight into its struct
	// field (a sql.Scanner, or a kind database/sql converts to); when it
	// is false the caller must scan through GORM.
	Direct bool
}

// Of returns the fields of the columns of s, in order, or an error naming
// a column s does not have.
func Of(s *schema.Schema, columns []string) (Columns, error) {
	c := Columns{Direct: true}
	for _, name := range columns {
		f := s.LookUpField(name)
		if f == nil || f.DBName == "" {
			return Columns{}, fmt.Errorf("prefectorm: %s has no column %s", s.Table, name)
		}
		c.fields = append(c.fields, f)
		c.Direct = c.Direct && scansDirectly(f)
	}
	return c, nil
}

var scannerType = reflect.TypeFor[sql.Scanner]()

// scansDirectly reports whether database/sql can scan a column into f's
// struct field itself, as GORM's Scan would: f has no serializer, and its
// type (or, for a pointer, the type it points to) is a sql.Scanner or a
// bool, number or string kind.
func scansDirectly(f *schema.Field) bool {
	if f.Serializer != nil || !f.Readable {
		return false
	}
	t := f.FieldType
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(scannerType) {
		return true
	}
	switch t.Kind() {
	case reflect.Bool, reflect.String, reflect.Float32, reflect.Float64,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}

// Scan scans the current row of rows, whose columns are c's in order, into
// dest, an addressable struct of c's model. c must be Direct.
func (c Columns) Scan(ctx context.Context, rows *sql.Rows, dest reflect.Value) error {
	ptrs := make([]any, len(c.fields))
	for i, f := range c.fields {
		ptrs[i] = f.ReflectValueOf(ctx, dest).Addr().Interface()
	}
	return rows.Scan(ptrs...)
}
