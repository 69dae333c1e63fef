package models

import (
	"reflect"
	"testing"
)

func TestCreatedByUpdatedByJSON(t *testing.T) {
	id := MustParseUUID("3f2504e0-4f89-41d3-9a0c-0305e82c3301")
	typ, display := "ACCOUNT", "marvin"
	tests := []struct {
		name  string
		value any
		want  string
	}{
		{name: "zero CreatedBy", value: CreatedBy{}, want: `{"id": null, "type": null, "display_value": null}`},
		{name: "zero UpdatedBy", value: UpdatedBy{}, want: `{"id": null, "type": null, "display_value": null}`},
		{
			name:  "populated CreatedBy",
			value: CreatedBy{ID: &id, Type: &typ, DisplayValue: &display},
			want:  `{"id": "3f2504e0-4f89-41d3-9a0c-0305e82c3301", "type": "ACCOUNT", "display_value": "marvin"}`,
		},
		{
			name:  "populated UpdatedBy",
			value: UpdatedBy{ID: &id, Type: &typ, DisplayValue: &display},
			want:  `{"id": "3f2504e0-4f89-41d3-9a0c-0305e82c3301", "type": "ACCOUNT", "display_value": "marvin"}`,
		},
		{name: "nil column value", value: (*CreatedBy)(nil), want: `null`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := marshalPythonJSON(tt.value)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Fatalf("marshalPythonJSON:\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestCreatedByUnmarshalPrefect(t *testing.T) {
	id := MustParseUUID("3f2504e0-4f89-41d3-9a0c-0305e82c3301")
	typ, display := "DEPLOYMENT", "my-deployment"
	tests := []struct {
		name  string
		input any
		want  *CreatedBy
	}{
		{name: "SQL NULL", input: nil, want: nil},
		{
			name:  "full dump",
			input: `{"id": "3f2504e0-4f89-41d3-9a0c-0305e82c3301", "type": "DEPLOYMENT", "display_value": "my-deployment"}`,
			want:  &CreatedBy{ID: &id, Type: &typ, DisplayValue: &display},
		},
		{name: "missing keys", input: `{"type": "DEPLOYMENT"}`, want: &CreatedBy{Type: &typ}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var col JSON[*CreatedBy]
			if err := col.Scan(tt.input); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(col.V, tt.want) {
				t.Fatalf("got %+v want %+v", col.V, tt.want)
			}
		})
	}
	var upd JSON[*UpdatedBy]
	if err := upd.Scan(`{"id": null, "type": "DEPLOYMENT", "display_value": null}`); err != nil {
		t.Fatal(err)
	}
	if upd.V == nil || upd.V.Type == nil || *upd.V.Type != typ || upd.V.ID != nil {
		t.Fatalf("UpdatedBy: got %+v", upd.V)
	}
}
