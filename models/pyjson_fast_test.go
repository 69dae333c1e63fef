package models

import (
	"testing"
)

// pythonJSONStrings are strings with every escaping rule of the fast path.
var pythonJSONStrings = []string{
	"", "plain", "prefect.resource.id", `quote " and \ backslash`, "\b\f\n\r\t", "\x00\x01\x1f\x7f",
	"<html> & 'single'", "ünïcode", "✓ \u2028 \u2029", "emoji 😀 𝄞", "\xff\xfe invalid", "\uFFFD literal", "a/b",
}

// TestMarshalPythonJSONFastPath holds the reflection-free encoding of
// label maps and lists to MarshalPythonJSON's general path, byte for byte.
func TestMarshalPythonJSONFastPath(t *testing.T) {
	labels := map[string]string{}
	var related []map[string]string
	for i, s := range pythonJSONStrings {
		labels[s] = pythonJSONStrings[(i+3)%len(pythonJSONStrings)]
		related = append(related, map[string]string{ResourceIDLabel: s, ResourceRoleLabel: "role " + s, s + "x": s})
	}
	for _, v := range []any{
		labels, map[string]string{}, map[string]string(nil), pythonJSONStrings, []string{}, related,
		[]map[string]string{}, []map[string]string{nil, {}},
	} {
		checkFastPath(t, v)
	}
}

func checkFastPath(t *testing.T, v any) {
	t.Helper()
	fast, ok := marshalPythonJSONFast(v)
	if !ok {
		t.Fatalf("%T has no fast path", v)
	}
	general, err := marshalPythonJSONGeneral(v)
	if err != nil {
		t.Fatal(err)
	}
	if string(fast) != string(general) {
		t.Errorf("%#v:\nfast    %s\ngeneral %s", v, fast, general)
	}
}

// FuzzMarshalPythonJSONFastPath compares both paths on arbitrary strings.
func FuzzMarshalPythonJSONFastPath(f *testing.F) {
	for _, s := range pythonJSONStrings {
		f.Add(s, "v")
	}
	f.Fuzz(func(t *testing.T, k, v string) {
		checkFastPath(t, map[string]string{k: v, v: k, "z": k + v})
		checkFastPath(t, []string{k, v})
		checkFastPath(t, []map[string]string{{k: v}, {v: k}})
	})
}
