package models

import (
	"encoding/json"
	"testing"
	"time"
)

// eventsPyJSON returns marshalPythonJSON(v) as text, failing the test on error.
func eventsPyJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := marshalPythonJSON(v)
	if err != nil {
		t.Fatalf("marshalPythonJSON(%#v): %v", v, err)
	}
	return string(b)
}

const (
	testEventID    = "0190fa47-3c42-7b0e-9a3c-2b1d0c7e5f11"
	testFollowsID  = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"
	testFlowRunID  = "9c7b4d1e-2a3f-4b5c-8d6e-7f8091a2b3c4"
	zeroUUIDString = "00000000-0000-0000-0000-000000000000"
)

func TestReceivedEventJSON(t *testing.T) {
	follows := MustParseUUID(testFollowsID)
	populated := ReceivedEvent{
		Occurred: NewISOTime(time.Date(2024, 8, 19, 15, 32, 58, 0, time.UTC)),
		Event:    "prefect.flow-run.Completed",
		Resource: map[string]string{
			"prefect.resource.id":   "prefect.flow-run." + testFlowRunID,
			"prefect.resource.name": "café <&>",
		},
		Related: []map[string]string{{
			"prefect.resource.id":   "prefect.flow.1",
			"prefect.resource.role": "flow",
		}},
		Payload:  map[string]any{"intended": map[string]any{"from": "RUNNING", "to": "COMPLETED"}},
		ID:       MustParseUUID(testEventID),
		Follows:  &follows,
		Received: NewISOTime(time.Date(2024, 8, 19, 15, 32, 58, 250000000, time.FixedZone("", -5*3600))),
	}
	tests := []struct {
		name string
		in   ReceivedEvent
		want string
	}{
		{"zero", ReceivedEvent{},
			`{"occurred": "0001-01-01T00:00:00Z", "event": "", "resource": {}, "related": [], "payload": {}, "id": "` + zeroUUIDString + `", "follows": null, "received": "0001-01-01T00:00:00Z"}`},
		{"populated", populated,
			`{"occurred": "2024-08-19T15:32:58Z", "event": "prefect.flow-run.Completed", "resource": {"prefect.resource.id": "prefect.flow-run.` + testFlowRunID + `", "prefect.resource.name": "caf\u00e9 <&>"}, "related": [{"prefect.resource.id": "prefect.flow.1", "prefect.resource.role": "flow"}], "payload": {"intended": {"from": "RUNNING", "to": "COMPLETED"}}, "id": "` + testEventID + `", "follows": "` + testFollowsID + `", "received": "2024-08-19T15:32:58.250000-05:00"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := eventsPyJSON(t, tt.in); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestReceivedEventUnmarshal(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string // re-marshalled
	}{
		{"all keys",
			`{"occurred": "2024-08-19T15:32:58.123456Z", "event": "prefect.flow-run.Running", "resource": {"prefect.resource.id": "prefect.flow-run.x"}, "related": [{"prefect.resource.id": "prefect.flow.y", "prefect.resource.role": "flow"}], "payload": {"count": 3, "ratio": 0.5, "nested": [1.0, null]}, "id": "` + testEventID + `", "follows": "` + testFollowsID + `", "received": "2024-08-19T15:32:59Z"}`,
			`{"occurred": "2024-08-19T15:32:58.123456Z", "event": "prefect.flow-run.Running", "resource": {"prefect.resource.id": "prefect.flow-run.x"}, "related": [{"prefect.resource.id": "prefect.flow.y", "prefect.resource.role": "flow"}], "payload": {"count": 3, "nested": [1.0, null], "ratio": 0.5}, "id": "` + testEventID + `", "follows": "` + testFollowsID + `", "received": "2024-08-19T15:32:59Z"}`},
		{"optional keys missing, unknown key ignored",
			`{"occurred": "2024-08-19T15:32:58Z", "event": "e", "resource": {"prefect.resource.id": "r"}, "id": "` + testEventID + `", "received": "2024-08-19T15:32:58Z", "extra": 1}`,
			`{"occurred": "2024-08-19T15:32:58Z", "event": "e", "resource": {"prefect.resource.id": "r"}, "related": [], "payload": {}, "id": "` + testEventID + `", "follows": null, "received": "2024-08-19T15:32:58Z"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Through the column type, as a row is read back.
			var col JSON[ReceivedEvent]
			if err := col.Scan(tt.in); err != nil {
				t.Fatalf("Scan: %v", err)
			}
			if got := eventsPyJSON(t, col.V); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			// And with plain encoding/json.
			var e ReceivedEvent
			if err := json.Unmarshal([]byte(tt.in), &e); err != nil {
				t.Fatalf("Unmarshal: %v", err)
			}
			if e.ID.String() != testEventID {
				t.Errorf("id = %s", e.ID)
			}
		})
	}
}

func TestReceivedEventColumnNullable(t *testing.T) {
	var last JSON[*ReceivedEvent]
	if v, err := last.Value(); err != nil || v != nil {
		t.Fatalf("nil last_event Value() = %v, %v; want SQL NULL", v, err)
	}
	if err := last.Scan(nil); err != nil || last.V != nil {
		t.Fatalf("Scan(NULL) = %v, %v", last.V, err)
	}
}
