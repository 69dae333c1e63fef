package models

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"unicode/utf8"

	"gorm.io/gorm"
	"gorm.io/gorm/schema"
)

// marshalPythonJSON encodes v as Python's json.dumps does with its default
// settings, which is how Prefect writes JSON text to SQLite: ", " and ": "
// separators, non-ASCII characters escaped as \uXXXX, and no HTML escaping.
// NaN and ±Inf float values found in maps, slices and interfaces are replaced
// by null, as Prefect's JSON column type does. Struct field order and the
// number text produced by MarshalJSON methods (see Float) are kept.
func marshalPythonJSON(v any) ([]byte, error) {
	if b, ok := marshalPythonJSONFast(v); ok {
		return b, nil
	}
	return marshalPythonJSONGeneral(v)
}

// marshalPythonJSONGeneral is marshalPythonJSON for any value, through
// encoding/json.
func marshalPythonJSONGeneral(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(replaceNonFinite(v)); err != nil {
		return nil, err
	}
	return pythonSeparators(bytes.TrimRight(buf.Bytes(), "\n")), nil
}

// pythonSeparators rewrites compact JSON into json.dumps' default layout.
func pythonSeparators(compact []byte) []byte {
	out := make([]byte, 0, len(compact)+len(compact)/8)
	inString := false
	for i := 0; i < len(compact); {
		c := compact[i]
		if inString {
			switch {
			case c == '\\':
				out = append(out, compact[i:i+2]...)
				i += 2
				continue
			case c == '"':
				inString = false
			case c >= utf8.RuneSelf:
				r, size := utf8.DecodeRune(compact[i:])
				out = appendUnicodeEscape(out, r)
				i += size
				continue
			}
			out = append(out, c)
			i++
			continue
		}
		out = append(out, c)
		switch c {
		case '"':
			inString = true
		case ',', ':':
			out = append(out, ' ')
		}
		i++
	}
	return out
}

// appendUnicodeEscape writes r as Python's ensure_ascii does: \uXXXX in
// lower-case hex, with a surrogate pair above the Basic Multilingual Plane.
func appendUnicodeEscape(out []byte, r rune) []byte {
	if r > 0xFFFF {
		r -= 0x10000
		out = fmt.Appendf(out, `\u%04x\u%04x`, 0xD800+(r>>10), 0xDC00+(r&0x3FF))
		return out
	}
	return fmt.Appendf(out, `\u%04x`, r)
}

// replaceNonFinite returns v with NaN and ±Inf floats held in maps, slices
// and interfaces replaced by nil. Typed struct fields keep their value: use
// Float for floats inside structs, which marshals non-finite values as null.
func replaceNonFinite(v any) any {
	switch x := v.(type) {
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil
		}
	case float32:
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return nil
		}
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = replaceNonFinite(e)
		}
		return m
	case []any:
		s := make([]any, len(x))
		for i, e := range x {
			s[i] = replaceNonFinite(e)
		}
		return s
	}
	return v
}

// Float is a float64 column or typed-JSON field that marshals to JSON as
// Python's repr does (1.0, 0.5,
// 1e+16), so typed JSON written from Go matches what Prefect writes. NaN and
// ±Inf marshal as null.
type Float float64

// GormDBDataType returns FLOAT, Prefect's float column type (REAL storage on
// SQLite, double precision on PostgreSQL).
func (Float) GormDBDataType(*gorm.DB, *schema.Field) string { return "FLOAT" }

// MarshalJSON renders f like Python's float repr.
func (f Float) MarshalJSON() ([]byte, error) {
	v := float64(f)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return []byte("null"), nil
	}
	return []byte(pythonFloatRepr(v)), nil
}

// pythonFloatRepr formats v with the shortest round-tripping digits, in
// fixed notation for exponents -4..15 and scientific notation otherwise.
func pythonFloatRepr(v float64) string {
	if v == 0 {
		if math.Signbit(v) {
			return "-0.0"
		}
		return "0.0"
	}
	exp := int(math.Floor(math.Log10(math.Abs(v))))
	sci := strconv.FormatFloat(v, 'e', -1, 64)
	// The mantissa rounding can move the exponent; read it back from the text.
	if i := bytes.IndexByte([]byte(sci), 'e'); i >= 0 {
		if e, err := strconv.Atoi(sci[i+1:]); err == nil {
			exp = e
		}
	}
	if exp < -4 || exp >= 16 {
		return sci
	}
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if !bytes.ContainsAny([]byte(s), ".") {
		s += ".0"
	}
	return s
}

// isNilValue reports whether v is nil or a nil map, slice, pointer or interface.
func isNilValue(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Map, reflect.Slice, reflect.Pointer, reflect.Interface:
		return rv.IsNil()
	}
	return false
}
