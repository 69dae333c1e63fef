package models

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"sync"
)

// decodeJSON decodes the single JSON document in b into v the way Prefect's
// models read it, and is what every decode in package models goes through:
//
//   - b must hold exactly one JSON value: trailing data after it ({}0,
//     {"a": 1}{"b": 2}) is an error, where encoding/json's Decoder would
//     silently stop after the first value;
//   - object keys match struct fields exactly (Python is case-sensitive): a
//     key differing from a field's name only in case, such as "RETRIES",
//     does not set the field, where encoding/json would set it. Like any
//     other unknown key it is ignored, as Pydantic's models ignore extra
//     keys by default;
//   - numbers held in interfaces stay json.Number, so integers and floats
//     keep their text when written back.
func decodeJSON(b []byte, v any) error { return decodeJSONDocument(b, v, false) }

// decodeJSONStrict is decodeJSON that also refuses unknown keys (for
// Prefect models that forbid extra fields); a key matching a field only
// when case is ignored is unknown too.
func decodeJSONStrict(b []byte, v any) error { return decodeJSONDocument(b, v, true) }

func decodeJSONDocument(b []byte, v any, disallowUnknown bool) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return fmt.Errorf("prefectorm: decode JSON into non-pointer %T", v)
	}
	filtered, err := exactKeys(b, rv.Type().Elem(), disallowUnknown)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(filtered))
	dec.UseNumber()
	if disallowUnknown {
		dec.DisallowUnknownFields()
	}
	if err := dec.Decode(v); err != nil {
		return err
	}
	// The text is not quoted: it may be decrypted block data.
	off := dec.InputOffset()
	if rest := bytes.TrimLeft(filtered[off:], " \t\r\n"); len(rest) > 0 {
		return fmt.Errorf("trailing data after the JSON document (at byte %d)", int(off)+len(filtered[off:])-len(rest))
	}
	return nil
}

var (
	unmarshalerType     = reflect.TypeOf((*json.Unmarshaler)(nil)).Elem()
	textUnmarshalerType = reflect.TypeOf((*encoding.TextUnmarshaler)(nil)).Elem()
)

// decodesItself reports whether encoding/json hands values of t to a method
// (whose decoding, in this package, goes through decodeJSON again).
func decodesItself(t reflect.Type) bool {
	pt := reflect.PointerTo(t)
	return t.Implements(unmarshalerType) || pt.Implements(unmarshalerType) ||
		t.Implements(textUnmarshalerType) || pt.Implements(textUnmarshalerType)
}

// needsKeyCheck reports whether decoding into t can reach a struct field by
// a case-insensitive key match, i.e. whether exactKeys must look at b.
func needsKeyCheck(t reflect.Type) bool {
	if v, ok := keyCheckCache.Load(t); ok {
		return v.(bool)
	}
	need := computeNeedsKeyCheck(t, map[reflect.Type]bool{})
	keyCheckCache.Store(t, need)
	return need
}

var keyCheckCache sync.Map // reflect.Type → bool

func computeNeedsKeyCheck(t reflect.Type, seen map[reflect.Type]bool) bool {
	if decodesItself(t) || seen[t] {
		return false
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
		return computeNeedsKeyCheck(t.Elem(), seen)
	case reflect.Struct:
		return true
	}
	return false
}

// jsonField is a struct field as encoding/json sees it.
type jsonField struct {
	name string
	typ  reflect.Type
}

// jsonFields lists the JSON names of t's fields, embedded structs flattened,
// as encoding/json resolves them (tag name, else the Go name).
func jsonFields(t reflect.Type) []jsonField {
	if v, ok := jsonFieldCache.Load(t); ok {
		return v.([]jsonField)
	}
	var fields []jsonField
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		ft := f.Type
		if f.Anonymous && name == "" {
			et := ft
			if et.Kind() == reflect.Pointer {
				et = et.Elem()
			}
			if et.Kind() == reflect.Struct {
				fields = append(fields, jsonFields(et)...)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		fields = append(fields, jsonField{name: name, typ: ft})
	}
	jsonFieldCache.Store(t, fields)
	return fields
}

var jsonFieldCache sync.Map // reflect.Type → []jsonField

// exactKeys returns b with every object key that would reach a struct field
// of t only by encoding/json's case-insensitive match removed (or, with
// disallowUnknown, an error for it). b is returned unchanged when nothing
// was removed. Malformed JSON is returned as is for the decoder to report.
func exactKeys(b []byte, t reflect.Type, disallowUnknown bool) ([]byte, error) {
	if !needsKeyCheck(t) {
		return b, nil
	}
	out, changed, err := filterKeys(json.RawMessage(b), t, disallowUnknown)
	if err != nil {
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return b, nil
		}
		return nil, err
	}
	if !changed {
		return b, nil
	}
	// Keep what followed the first value, so trailing data is still refused.
	dec := json.NewDecoder(bytes.NewReader(b))
	var first json.RawMessage
	if err := dec.Decode(&first); err != nil {
		return b, nil
	}
	return append(out, b[dec.InputOffset():]...), nil
}

// filterKeys walks the JSON value raw as it would decode into t.
func filterKeys(raw json.RawMessage, t reflect.Type, disallowUnknown bool) (json.RawMessage, bool, error) {
	for t.Kind() == reflect.Pointer && !decodesItself(t) {
		t = t.Elem()
	}
	if !needsKeyCheck(t) {
		return raw, false, nil
	}
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) == 0 {
		return raw, false, nil
	}
	switch {
	case trimmed[0] == '{' && t.Kind() == reflect.Struct:
		return filterStruct(trimmed, t, disallowUnknown)
	case trimmed[0] == '{' && t.Kind() == reflect.Map:
		return filterMembers(trimmed, func(string) (reflect.Type, bool, error) { return t.Elem(), true, nil }, disallowUnknown)
	case trimmed[0] == '[' && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array):
		return filterElements(trimmed, t.Elem(), disallowUnknown)
	}
	return raw, false, nil
}

// filterStruct drops keys of a struct object that match a field only by case.
func filterStruct(obj json.RawMessage, t reflect.Type, disallowUnknown bool) (json.RawMessage, bool, error) {
	fields := jsonFields(t)
	return filterMembers(obj, func(key string) (reflect.Type, bool, error) {
		for _, f := range fields {
			if f.name == key {
				return f.typ, true, nil
			}
		}
		for _, f := range fields {
			if strings.EqualFold(f.name, key) {
				if disallowUnknown {
					return nil, false, fmt.Errorf("json: unknown field %q (field names are case-sensitive; did you mean %q?)", key, f.name)
				}
				return nil, false, nil
			}
		}
		return nil, true, nil // unknown: encoding/json ignores or refuses it
	}, disallowUnknown)
}

// filterMembers rewrites an object, keeping the members keep accepts and
// filtering each kept value against the type it returns (nil: as is).
func filterMembers(obj json.RawMessage, keep func(key string) (reflect.Type, bool, error), disallowUnknown bool) (json.RawMessage, bool, error) {
	dec := json.NewDecoder(bytes.NewReader(obj))
	if _, err := dec.Token(); err != nil {
		return nil, false, err
	}
	out := []byte{'{'}
	changed := false
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, false, err
		}
		key, _ := tok.(string)
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			return nil, false, err
		}
		vt, ok, err := keep(key)
		if err != nil {
			return nil, false, err
		}
		if !ok {
			changed = true
			continue
		}
		if vt != nil {
			filtered, c, err := filterKeys(value, vt, disallowUnknown)
			if err != nil {
				return nil, false, err
			}
			value, changed = filtered, changed || c
		}
		if len(out) > 1 {
			out = append(out, ',')
		}
		k, _ := json.Marshal(key)
		out = append(append(append(out, k...), ':'), value...)
	}
	if _, err := dec.Token(); err != nil {
		return nil, false, err
	}
	return append(out, '}'), changed, nil
}

// filterElements filters each element of an array against elem.
func filterElements(arr json.RawMessage, elem reflect.Type, disallowUnknown bool) (json.RawMessage, bool, error) {
	dec := json.NewDecoder(bytes.NewReader(arr))
	if _, err := dec.Token(); err != nil {
		return nil, false, err
	}
	out := []byte{'['}
	changed := false
	for dec.More() {
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			return nil, false, err
		}
		filtered, c, err := filterKeys(value, elem, disallowUnknown)
		if err != nil {
			return nil, false, err
		}
		changed = changed || c
		if len(out) > 1 {
			out = append(out, ',')
		}
		out = append(out, filtered...)
	}
	if _, err := dec.Token(); err != nil {
		return nil, false, err
	}
	return append(out, ']'), changed, nil
}
