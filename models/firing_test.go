package models

import (
	"encoding/json"
	"testing"
	"time"
)

const testFiringID = "44444444-4444-4444-8444-444444444444"

func TestFiringJSON(t *testing.T) {
	child := Firing{
		ID:            MustParseUUID(testTriggerC),
		Trigger:       NewServerTrigger(EventTrigger{ID: MustParseUUID(testTriggerB), Posture: PostureReactive}),
		TriggerStates: []TriggerState{TriggerStateTriggered},
		Triggered:     NewISOTime(time.Date(2024, 8, 19, 0, 0, 0, 0, time.UTC)),
	}
	ev := ReceivedEvent{
		Occurred: NewISOTime(time.Date(2024, 8, 19, 0, 0, 0, 0, time.UTC)),
		Event:    "e",
		Resource: map[string]string{"prefect.resource.id": "r"},
		ID:       MustParseUUID(testEventID),
		Received: NewISOTime(time.Date(2024, 8, 19, 0, 0, 1, 0, time.UTC)),
	}
	childJSON := `{"id": "` + testTriggerC + `", "trigger": {"type": "event", "id": "` + testTriggerB + `", "match": {}, "match_related": {}, "after": [], "expect": [], "for_each": [], "posture": "Reactive", "threshold": 1, "within": 0.0}, "trigger_states": ["Triggered"], "triggered": "2024-08-19T00:00:00Z", "triggering_labels": {}, "triggering_firings": [], "triggering_event": null, "triggering_value": null}`
	evJSON := `{"occurred": "2024-08-19T00:00:00Z", "event": "e", "resource": {"prefect.resource.id": "r"}, "related": [], "payload": {}, "id": "` + testEventID + `", "follows": null, "received": "2024-08-19T00:00:01Z"}`
	tests := []struct {
		name string
		in   Firing
		want string
	}{
		{"zero", Firing{},
			`{"id": "` + zeroUUIDString + `", "trigger": null, "trigger_states": [], "triggered": "0001-01-01T00:00:00Z", "triggering_labels": {}, "triggering_firings": [], "triggering_event": null, "triggering_value": null}`},
		{"child", child, childJSON},
		{"populated", Firing{
			ID:                MustParseUUID(testFiringID),
			Trigger:           NewServerTrigger(&SequenceTrigger{ID: MustParseUUID(testTriggerA)}),
			TriggerStates:     []TriggerState{TriggerStateTriggered, TriggerStateResolved},
			Triggered:         NewISOTime(time.Date(2024, 8, 19, 0, 0, 0, 123456000, time.UTC)),
			TriggeringLabels:  map[string]string{"prefect.resource.id": "r"},
			TriggeringFirings: []Firing{child},
			TriggeringEvent:   &ev,
			TriggeringValue:   json.Number("2.0"),
		}, `{"id": "` + testFiringID + `", "trigger": {"type": "sequence", "id": "` + testTriggerA + `", "triggers": [], "within": null}, "trigger_states": ["Triggered", "Resolved"], "triggered": "2024-08-19T00:00:00.123456Z", "triggering_labels": {"prefect.resource.id": "r"}, "triggering_firings": [` + childJSON + `], "triggering_event": ` + evJSON + `, "triggering_value": 2.0}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := eventsPyJSON(t, tt.in)
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if tt.name == "zero" {
				return
			}
			// Round trip through the column type.
			var col JSON[Firing]
			if err := col.Scan(got); err != nil {
				t.Fatalf("Scan: %v", err)
			}
			if again := eventsPyJSON(t, col.V); again != tt.want {
				t.Errorf("round trip got  %s\nwant %s", again, tt.want)
			}
		})
	}
}

func TestFiringUnmarshalOptionalKeysMissing(t *testing.T) {
	in := `{"id": "` + testFiringID + `", "trigger": {"type": "sequence", "id": "` + testTriggerA + `", "triggers": [], "within": 3.0}, "trigger_states": ["Resolved"], "triggered": "2024-08-19T00:00:00+02:00"}`
	var col JSON[Firing]
	if err := col.Scan(in); err != nil {
		t.Fatal(err)
	}
	want := `{"id": "` + testFiringID + `", "trigger": {"type": "sequence", "id": "` + testTriggerA + `", "triggers": [], "within": 3.0}, "trigger_states": ["Resolved"], "triggered": "2024-08-19T00:00:00+02:00", "triggering_labels": {}, "triggering_firings": [], "triggering_event": null, "triggering_value": null}`
	if got := eventsPyJSON(t, col.V); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
