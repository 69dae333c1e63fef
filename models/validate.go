package models

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
)

// Validator is a typed JSON document that checks the rules Prefect's
// Pydantic model applies when it loads the document, so that a document
// Prefect would refuse is never written.
type Validator interface {
	// Validate returns a *DocumentError for the first rule the document
	// breaks, or nil.
	Validate() error
}

// RowValidator is a row model with Prefect rules that read several of its
// columns (the automation loop rule, an event's resources). ValidateRow
// checks the rules whose columns writes reports as written by the
// statement; the hooks call it before any SQL is sent.
type RowValidator interface {
	ValidateRow(writes func(column string) bool) error
}

// DocumentError reports a typed JSON document, or a value inside one, that
// Prefect's models refuse. Column is the table.column it was to be written
// to (empty when the document was validated on its own), Field the JSON
// path of the offending value inside the document (empty for the whole
// document), Value the value and Reason Prefect's rule.
type DocumentError struct {
	Column string
	Field  string
	Value  any
	Reason string
}

// Error returns "prefectorm: table.column: field = value: reason".
func (e *DocumentError) Error() string {
	var b strings.Builder
	b.WriteString("prefectorm: ")
	if e.Column != "" {
		b.WriteString(e.Column)
		b.WriteString(": ")
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(" = ")
	} else {
		b.WriteString("document ")
	}
	b.WriteString(formatDocumentValue(e.Value))
	b.WriteString(": ")
	b.WriteString(e.Reason)
	return b.String()
}

// maxShownValue bounds the text of a value shown in a DocumentError.
const maxShownValue = 200

// formatDocumentValue renders v as JSON (Go syntax if it has none), cut
// to maxShownValue bytes.
func formatDocumentValue(v any) string {
	var s string
	if b, err := marshalJSONNoEscape(v); err == nil {
		s = string(b)
	} else {
		s = fmt.Sprintf("%#v", v)
	}
	if len(s) > maxShownValue {
		s = s[:maxShownValue] + "…"
	}
	return s
}

// invalid returns the DocumentError for value at field.
func invalid(field string, value any, reason string) error {
	return &DocumentError{Field: field, Value: value, Reason: reason}
}

// inField prefixes the field path of a DocumentError with prefix (a key,
// or an index such as "[2]"); other errors are returned unchanged.
func inField(prefix string, err error) error {
	var de *DocumentError
	if err == nil || !errors.As(err, &de) {
		return err
	}
	out := *de
	switch {
	case out.Field == "":
		out.Field = prefix
	case strings.HasPrefix(out.Field, "["):
		out.Field = prefix + out.Field
	default:
		out.Field = prefix + "." + out.Field
	}
	return &out
}

// inColumn sets the table.column of a DocumentError; other errors are
// returned unchanged.
func inColumn(column string, err error) error {
	var de *DocumentError
	if err == nil || !errors.As(err, &de) {
		return err
	}
	out := *de
	out.Column = column
	return &out
}

// labelField is the path of a label inside a label map: name["label"].
func labelField(name, label string) string {
	b, _ := json.Marshal(label)
	return name + "[" + string(b) + "]"
}

// ValidateDocument validates v when it is a Validator, or a pointer to,
// slice of or array of Validators (elements are named "[i]"). Nil values
// and other types pass.
func ValidateDocument(v any) error {
	if isNilValue(v) {
		return nil
	}
	if d, ok := v.(Validator); ok {
		return d.Validate()
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer:
		return ValidateDocument(rv.Elem().Interface())
	case reflect.Slice, reflect.Array:
		if !hasRules(rv.Type().Elem()) {
			return nil
		}
		for i := 0; i < rv.Len(); i++ {
			if err := ValidateDocument(rv.Index(i).Interface()); err != nil {
				return inField(fmt.Sprintf("[%d]", i), err)
			}
		}
	}
	return nil
}

var validatorType = reflect.TypeOf((*Validator)(nil)).Elem()

// hasRules reports whether values of t are, or hold as pointer or
// elements, Validators.
func hasRules(t reflect.Type) bool {
	for {
		if t.Implements(validatorType) {
			return true
		}
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array:
			t = t.Elem()
		default:
			return false
		}
	}
}

// Validate checks the held document with ValidateDocument.
func (j JSON[T]) Validate() error { return ValidateDocument(j.V) }

// TypedDocument reports whether T is a typed document with Prefect rules
// (a Validator, or a pointer to or list of them), which the hooks validate
// before writing the column.
func (JSON[T]) TypedDocument() bool { return hasRules(reflect.TypeOf((*T)(nil)).Elem()) }
