package models

import (
	"slices"
	"unicode/utf8"
)

// marshalPythonJSONFast encodes the label types of Prefect's event
// columns (map[string]string, []string, []map[string]string) without
// reflection, byte for byte as MarshalPythonJSON's general path does
// (TestMarshalPythonJSONFastPath holds them to that); ok is false for any
// other type.
func marshalPythonJSONFast(v any) (b []byte, ok bool) {
	switch x := v.(type) {
	case map[string]string:
		return appendPythonLabels(make([]byte, 0, 64), x), true
	case []string:
		out := append(make([]byte, 0, 16*len(x)+2), '[')
		for i, s := range x {
			if i > 0 {
				out = append(out, ", "...)
			}
			out = appendPythonString(out, s)
		}
		return append(out, ']'), true
	case []map[string]string:
		out := append(make([]byte, 0, 64*len(x)+2), '[')
		for i, m := range x {
			if i > 0 {
				out = append(out, ", "...)
			}
			out = appendPythonLabels(out, m)
		}
		return append(out, ']'), true
	}
	return nil, false
}

// appendPythonLabels appends m with its keys in sorted order (as
// encoding/json sorts them), or null for a nil map.
func appendPythonLabels(out []byte, m map[string]string) []byte {
	if m == nil {
		return append(out, "null"...)
	}
	var small [8]string
	keys := small[:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out = append(out, '{')
	for i, k := range keys {
		if i > 0 {
			out = append(out, ", "...)
		}
		out = appendPythonString(out, k)
		out = append(out, ": "...)
		out = appendPythonString(out, m[k])
	}
	return append(out, '}')
}

// appendPythonString appends s as a JSON string the way encoding/json
// (without HTML escaping) followed by pythonSeparators writes it: the
// short escapes \" \\ \b \f \n \r \t, other control characters as \u00xx,
// invalid UTF-8 as \ufffd, and every non-ASCII character as \uXXXX (a
// surrogate pair above the Basic Multilingual Plane).
func appendPythonString(out []byte, s string) []byte {
	const hex = "0123456789abcdef"
	out = append(out, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < utf8.RuneSelf && c != '"' && c != '\\' {
			i++
			continue
		}
		out = append(out, s[start:i]...)
		if c < utf8.RuneSelf {
			switch c {
			case '"', '\\':
				out = append(out, '\\', c)
			case '\b':
				out = append(out, '\\', 'b')
			case '\f':
				out = append(out, '\\', 'f')
			case '\n':
				out = append(out, '\\', 'n')
			case '\r':
				out = append(out, '\\', 'r')
			case '\t':
				out = append(out, '\\', 't')
			default:
				out = append(out, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		out = appendUnicodeEscape(out, r) // utf8.RuneError for invalid bytes: \ufffd
		i += size
		start = i
	}
	out = append(out, s[start:]...)
	return append(out, '"')
}
