package models

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"strconv"

	"gorm.io/gorm"
	"gorm.io/gorm/schema"
)

// JSON is a column of Prefect's JSON type holding a T: JSONB on PostgreSQL
// and JSON text on SQLite written as Python's json.dumps writes it. A nil map,
// slice or pointer is stored as SQL NULL; NaN and ±Inf become null. Use it with
// a struct T for Prefect's typed (Pydantic) columns: every field is written,
// as Prefect does.
type JSON[T any] struct {
	// V is the document.
	V T
}

// NewJSON returns a JSON column value holding v.
func NewJSON[T any](v T) JSON[T] { return JSON[T]{V: v} }

// GormDataType returns the generic data type name GORM uses for JSON.
func (JSON[T]) GormDataType() string { return "json" }

// GormDBDataType returns JSONB on PostgreSQL and JSON elsewhere.
func (JSON[T]) GormDBDataType(db *gorm.DB, _ *schema.Field) string {
	if isPostgres(db) {
		return "JSONB"
	}
	return "JSON"
}

// Value encodes the held value, or returns nil (SQL NULL) when it is nil.
func (j JSON[T]) Value() (_ driver.Value, err error) {
	defer recoverValue(&err, "JSON", &j.V)
	if isNilValue(j.V) {
		return nil, nil
	}
	b, err := marshalPythonJSON(j.V)
	if err != nil {
		return nil, fmt.Errorf("prefectorm: encode JSON column: %w", err)
	}
	return string(b), nil
}

// Scan decodes a stored JSON document with decodeJSON (one document, keys
// matched exactly); SQL NULL gives the zero T. On error j holds the zero T.
func (j *JSON[T]) Scan(src any) (err error) {
	defer recoverScan(&err, "JSON", src)
	var zero T
	j.V = zero
	if err := scanJSON(src, &j.V); err != nil {
		j.V = zero
		return err
	}
	return nil
}

// MarshalJSON encodes the held value.
func (j JSON[T]) MarshalJSON() ([]byte, error) { return json.Marshal(j.V) }

// UnmarshalJSON decodes into the held value.
func (j *JSON[T]) UnmarshalJSON(b []byte) error { return decodeJSON(b, &j.V) }

// PlainJSON is a column of SQLAlchemy's plain JSON type (state data, artifact
// data and metadata, variable values, event resource labels): nil is stored
// as the JSON text null rather than SQL NULL, and values are written as given.
// It is JSON on PostgreSQL unless the field's gorm tag has the JSONB setting
// (`gorm:"column:data;JSONB"`), which the reference databases use for state
// data and variable values.
type PlainJSON[T any] struct {
	// V is the document.
	V T
}

// NewPlainJSON returns a PlainJSON column value holding v.
func NewPlainJSON[T any](v T) PlainJSON[T] { return PlainJSON[T]{V: v} }

// GormDataType returns the generic data type name GORM uses for JSON.
func (PlainJSON[T]) GormDataType() string { return "json" }

// GormDBDataType returns JSON, or JSONB on PostgreSQL when the field asks for it.
func (PlainJSON[T]) GormDBDataType(db *gorm.DB, field *schema.Field) string {
	if isPostgres(db) && field != nil {
		if _, ok := field.TagSettings["JSONB"]; ok {
			return "JSONB"
		}
	}
	return "JSON"
}

// Value encodes the held value; nil becomes the JSON text null.
func (j PlainJSON[T]) Value() (_ driver.Value, err error) {
	defer recoverValue(&err, "JSON", &j.V)
	if isNilValue(j.V) {
		return "null", nil
	}
	b, err := marshalPythonJSON(j.V)
	if err != nil {
		return nil, fmt.Errorf("prefectorm: encode JSON column: %w", err)
	}
	return string(b), nil
}

// Scan decodes a stored JSON document with decodeJSON (one document, keys
// matched exactly); SQL NULL and null give the zero T. On error j holds the
// zero T.
func (j *PlainJSON[T]) Scan(src any) (err error) {
	defer recoverScan(&err, "JSON", src)
	var zero T
	j.V = zero
	if err := scanJSON(src, &j.V); err != nil {
		j.V = zero
		return err
	}
	return nil
}

// MarshalJSON encodes the held value.
func (j PlainJSON[T]) MarshalJSON() ([]byte, error) { return json.Marshal(j.V) }

// UnmarshalJSON decodes into the held value.
func (j *PlainJSON[T]) UnmarshalJSON(b []byte) error { return decodeJSON(b, &j.V) }

// scanJSON decodes a driver value holding JSON into dst with decodeJSON.
// SQLite hands a top-level JSON number back as an INTEGER or REAL because
// of the column's numeric affinity.
func scanJSON(src any, dst any) error {
	var b []byte
	switch v := src.(type) {
	case nil:
		return nil
	case []byte:
		b = v
	case string:
		b = []byte(v)
	case int64:
		b = strconv.AppendInt(nil, v, 10)
	case float64:
		b = []byte(pythonFloatRepr(v))
	default:
		return valueError("JSON", src, "not JSON text")
	}
	if err := decodeJSON(b, dst); err != nil {
		return &ValueError{Type: "JSON", Value: quoteDocument(b), Reason: err.Error()}
	}
	return nil
}

// quoteDocument quotes stored JSON for a message, shortened past 200 bytes.
func quoteDocument(b []byte) string {
	const limit = 200
	if len(b) > limit {
		return fmt.Sprintf("%q… (%d bytes)", b[:limit], len(b))
	}
	return fmt.Sprintf("%q", b)
}
