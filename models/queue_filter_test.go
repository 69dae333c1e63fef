package models

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestQueueFilterMarshal(t *testing.T) {
	id := MustParseUUID("3f2504e0-4f89-41d3-9a0c-0305e82c3301")
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"zero", QueueFilter{}, `{"tags": null, "deployment_ids": null}`},
		{"empty lists", QueueFilter{Tags: []string{}, DeploymentIDs: []UUID{}}, `{"tags": [], "deployment_ids": []}`},
		{"populated", QueueFilter{Tags: []string{"prod", "ü"}, DeploymentIDs: []UUID{id}},
			`{"tags": ["prod", "\u00fc"], "deployment_ids": ["3f2504e0-4f89-41d3-9a0c-0305e82c3301"]}`},
		{"pointer", &QueueFilter{Tags: []string{"a"}}, `{"tags": ["a"], "deployment_ids": null}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := marshalPythonJSON(tt.v)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestQueueFilterUnmarshal(t *testing.T) {
	id := MustParseUUID("3f2504e0-4f89-41d3-9a0c-0305e82c3301")
	tests := []struct {
		in   string
		want QueueFilter
	}{
		{`{"tags": ["prod"], "deployment_ids": ["3F2504E0-4F89-41D3-9A0C-0305E82C3301"]}`, QueueFilter{Tags: []string{"prod"}, DeploymentIDs: []UUID{id}}},
		{`{"tags": null, "deployment_ids": null}`, QueueFilter{}},
		{`{}`, QueueFilter{}},
		{`{"tags": [], "unknown_key": 1}`, QueueFilter{Tags: []string{}}},
	}
	for _, tt := range tests {
		var got QueueFilter
		if err := json.Unmarshal([]byte(tt.in), &got); err != nil {
			t.Fatalf("%s: %v", tt.in, err)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestQueueFilterColumn(t *testing.T) {
	// work_queue.filter is nullable: nil is SQL NULL both ways.
	var col JSON[*QueueFilter]
	if v, err := col.Value(); err != nil || v != nil {
		t.Fatalf("nil filter: got %v, %v; want NULL", v, err)
	}
	if err := col.Scan(nil); err != nil || col.V != nil {
		t.Fatalf("scan NULL: got %+v, %v", col.V, err)
	}
	if err := col.Scan([]byte(`{"tags": ["x"], "deployment_ids": null}`)); err != nil {
		t.Fatal(err)
	}
	if col.V == nil || !reflect.DeepEqual(col.V.Tags, []string{"x"}) || col.V.DeploymentIDs != nil {
		t.Fatalf("got %+v", col.V)
	}
	v, err := col.Value()
	if err != nil || v != `{"tags": ["x"], "deployment_ids": null}` {
		t.Fatalf("got %v, %v", v, err)
	}
}
