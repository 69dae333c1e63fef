package models

import (
	"encoding/json"
	"reflect"
	"testing"
)

// checkScan scans input into a JSON[T] column value and requires either an
// error (wantErr) or a value deeply equal to want.
func checkScan[T any](t *testing.T, input string, want T, wantErr bool) {
	t.Helper()
	var col JSON[T]
	err := col.Scan(input)
	if wantErr {
		if err == nil {
			t.Fatalf("no error, got %+v", col.V)
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(col.V, want) {
		gotJSON, _ := json.Marshal(col.V)
		wantJSON, _ := json.Marshal(want)
		t.Fatalf("got %s (%+v)\nwant %s (%+v)", gotJSON, col.V, wantJSON, want)
	}
}
