package models

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

type decodeInner struct {
	Name string `json:"name"`
}

type decodeEmbedded struct {
	Flag bool `json:"flag"`
}

type decodeOuter struct {
	decodeEmbedded
	Retries *int                   `json:"retries"`
	Inner   decodeInner            `json:"inner"`
	List    []decodeInner          `json:"list"`
	ByName  map[string]decodeInner `json:"by_name"`
	Ptr     *decodeInner           `json:"ptr"`
	Any     any                    `json:"any"`
	Skipped string                 `json:"-"`
}

func TestDecodeJSON(t *testing.T) {
	three := 3
	cases := []struct {
		in      string
		want    decodeOuter
		wantErr string
	}{
		{in: `{"retries": 3}`, want: decodeOuter{Retries: &three}},
		{in: `{"RETRIES": 3}`, want: decodeOuter{}},
		{in: `{"Retries": 3, "retries": 3}`, want: decodeOuter{Retries: &three}},
		{in: `{"FLAG": true, "inner": {"NAME": "x"}, "list": [{"Name": "y"}, {"name": "z"}]}`,
			want: decodeOuter{Inner: decodeInner{}, List: []decodeInner{{}, {Name: "z"}}}},
		{in: `{"by_name": {"a": {"nAme": "x"}}, "ptr": {"NAME": "p"}, "PTR": {"name": "q"}}`,
			want: decodeOuter{ByName: map[string]decodeInner{"a": {}}, Ptr: &decodeInner{}}},
		{in: `{"any": {"Retries": 1}}`, want: decodeOuter{Any: map[string]any{"Retries": json.Number("1")}}},
		{in: `{"flag": true}`, want: decodeOuter{decodeEmbedded: decodeEmbedded{Flag: true}}},
		{in: `{"unknown": 1, "skipped": "x", "Skipped": "y"}`, want: decodeOuter{}},
		{in: `{}0`, wantErr: "trailing data"},
		{in: `{"a": 1}{"b": 2}`, wantErr: "trailing data"},
		{in: `{"RETRIES": 1} x`, wantErr: "trailing data"},
		{in: `{} `, want: decodeOuter{}},
		{in: `{"retries": 1`, wantErr: "unexpected EOF"},
		{in: ``, wantErr: "EOF"},
	}
	for _, c := range cases {
		var got decodeOuter
		err := decodeJSON([]byte(c.in), &got)
		if c.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("%s: want error %q, got %v (%+v)", c.in, c.wantErr, err, got)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.in, err)
			continue
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %+v, want %+v", c.in, got, c.want)
		}
	}
}

func TestDecodeJSONStrictRefusesOtherCase(t *testing.T) {
	var x decodeInner
	if err := decodeJSONStrict([]byte(`{"NAME": "x"}`), &x); err == nil || !strings.Contains(err.Error(), `unknown field "NAME"`) {
		t.Fatalf("want unknown field error, got %v", err)
	}
	var s JSON[Schedule]
	err := s.Scan(`{"INTERVAL": 10.0, "anchor_date": "2024-01-01T00:00:00Z", "timezone": "UTC"}`)
	if err == nil {
		t.Fatalf("a schedule keyed INTERVAL decoded: %+v", s.V)
	}
}

type panickyDoc struct{}

func (*panickyDoc) UnmarshalJSON([]byte) error { panic("boom") }

func TestScanRecoversPanics(t *testing.T) {
	var col JSON[panickyDoc]
	err := col.Scan(`{}`)
	var ve *ValueError
	if !errors.As(err, &ve) || !strings.Contains(err.Error(), "panicked: boom") {
		t.Fatalf("want a ValueError for the panic, got %v", err)
	}
}
