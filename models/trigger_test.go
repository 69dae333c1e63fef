package models

import (
	"strings"
	"testing"
	"time"
)

const (
	testTriggerA = "11111111-1111-4111-8111-111111111111"
	testTriggerB = "22222222-2222-4222-8222-222222222222"
	testTriggerC = "33333333-3333-4333-8333-333333333333"
)

func TestServerTriggerTypesMarshal(t *testing.T) {
	three := 3
	minute := Seconds(time.Minute)
	tests := []struct {
		name string
		in   any
		want string
	}{
		{"event zero", EventTrigger{},
			`{"type": "event", "id": "` + zeroUUIDString + `", "match": {}, "match_related": {}, "after": [], "expect": [], "for_each": [], "posture": "", "threshold": 1, "within": 0.0}`},
		{"event proactive default within", EventTrigger{Posture: PostureProactive},
			`{"type": "event", "id": "` + zeroUUIDString + `", "match": {}, "match_related": {}, "after": [], "expect": [], "for_each": [], "posture": "Proactive", "threshold": 1, "within": 10.0}`},
		{"event populated", &EventTrigger{
			ID:           MustParseUUID(testTriggerA),
			Match:        ResourceSpecification{"prefect.resource.id": "prefect.flow-run.*"},
			MatchRelated: ResourceSpecification{"prefect.resource.role": []string{"flow", "deployment"}},
			After:        StringSet{"prefect.flow-run.Running"},
			Expect:       StringSet{"prefect.flow-run.Completed"},
			ForEach:      StringSet{"prefect.resource.id"},
			Posture:      PostureProactive,
			Threshold:    &three,
			Within:       Seconds(90*time.Second + 500*time.Millisecond),
		}, `{"type": "event", "id": "` + testTriggerA + `", "match": {"prefect.resource.id": "prefect.flow-run.*"}, "match_related": {"prefect.resource.role": ["flow", "deployment"]}, "after": ["prefect.flow-run.Running"], "expect": ["prefect.flow-run.Completed"], "for_each": ["prefect.resource.id"], "posture": "Proactive", "threshold": 3, "within": 90.5}`},
		{"compound zero", CompoundTrigger{},
			`{"type": "compound", "id": "` + zeroUUIDString + `", "triggers": [], "within": null, "require": ""}`},
		{"sequence zero", SequenceTrigger{},
			`{"type": "sequence", "id": "` + zeroUUIDString + `", "triggers": [], "within": null}`},
		{"union zero", ServerTriggerTypes{}, `null`},
		{"nested", NewServerTrigger(&CompoundTrigger{
			ID:      MustParseUUID(testTriggerA),
			Require: RequireCount(2),
			Within:  &minute,
			Triggers: []ServerTriggerTypes{
				{&EventTrigger{ID: MustParseUUID(testTriggerB), Posture: PostureReactive, Expect: StringSet{"a"}}},
				{SequenceTrigger{ID: MustParseUUID(testTriggerC), Triggers: []ServerTriggerTypes{}}},
			},
		}), `{"type": "compound", "id": "` + testTriggerA + `", "triggers": [{"type": "event", "id": "` + testTriggerB + `", "match": {}, "match_related": {}, "after": [], "expect": ["a"], "for_each": [], "posture": "Reactive", "threshold": 1, "within": 0.0}, {"type": "sequence", "id": "` + testTriggerC + `", "triggers": [], "within": null}], "within": 60.0, "require": 2}`},
		{"compound require all", CompoundTrigger{ID: MustParseUUID(testTriggerA), Require: RequireAll},
			`{"type": "compound", "id": "` + testTriggerA + `", "triggers": [], "within": null, "require": "all"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := eventsPyJSON(t, tt.in); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestServerTriggerTypesUnmarshal(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		wantType string
		want     string // re-marshalled; "" means same as in
	}{
		{"event as Prefect writes it",
			`{"type": "event", "id": "` + testTriggerA + `", "match": {"prefect.resource.id": "prefect.flow-run.*"}, "match_related": {}, "after": [], "expect": ["prefect.flow-run.Failed"], "for_each": ["prefect.resource.id"], "posture": "Reactive", "threshold": 1, "within": 0.0}`,
			TriggerTypeEvent, ""},
		{"event optional keys missing",
			`{"type": "event", "id": "` + testTriggerA + `", "posture": "Reactive"}`,
			TriggerTypeEvent,
			`{"type": "event", "id": "` + testTriggerA + `", "match": {}, "match_related": {}, "after": [], "expect": [], "for_each": [], "posture": "Reactive", "threshold": 1, "within": 0.0}`},
		{"event threshold 0 kept",
			`{"type": "event", "id": "` + testTriggerA + `", "match": {"a": ["x", "y"]}, "match_related": {}, "after": [], "expect": [], "for_each": [], "posture": "Proactive", "threshold": 0, "within": 30.0}`,
			TriggerTypeEvent, ""},
		{"compound nested",
			`{"type": "compound", "id": "` + testTriggerA + `", "triggers": [{"type": "event", "id": "` + testTriggerB + `", "match": {}, "match_related": {}, "after": [], "expect": ["a"], "for_each": [], "posture": "Reactive", "threshold": 1, "within": 0.0}, {"type": "sequence", "id": "` + testTriggerC + `", "triggers": [], "within": null}], "within": 60.0, "require": "any"}`,
			TriggerTypeCompound, ""},
		{"compound integer require",
			`{"type": "compound", "id": "` + testTriggerA + `", "triggers": [], "within": 5.0, "require": 1}`,
			TriggerTypeCompound, ""},
		{"sequence",
			`{"type": "sequence", "id": "` + testTriggerA + `", "triggers": [{"type": "event", "id": "` + testTriggerB + `", "match": {}, "match_related": {}, "after": [], "expect": [], "for_each": [], "posture": "Reactive", "threshold": 2, "within": 1.5}], "within": null}`,
			TriggerTypeSequence, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var col JSON[ServerTriggerTypes]
			if err := col.Scan(tt.in); err != nil {
				t.Fatalf("Scan: %v", err)
			}
			if got := col.V.TriggerType(); got != tt.wantType {
				t.Errorf("type = %q, want %q", got, tt.wantType)
			}
			if got := col.V.TriggerID().String(); got != testTriggerA {
				t.Errorf("id = %s", got)
			}
			want := tt.want
			if want == "" {
				want = tt.in
			}
			v, err := col.Value()
			if err != nil {
				t.Fatalf("Value: %v", err)
			}
			if v != want {
				t.Errorf("got  %s\nwant %s", v, want)
			}
		})
	}
}

func TestServerTriggerTypesUnmarshalNested(t *testing.T) {
	var s ServerTriggerTypes
	in := `{"type": "compound", "id": "` + testTriggerA + `", "triggers": [{"type": "event", "id": "` + testTriggerB + `", "posture": "Reactive"}], "within": null, "require": "all"}`
	if err := s.UnmarshalJSON([]byte(in)); err != nil {
		t.Fatal(err)
	}
	c, ok := s.Trigger.(*CompoundTrigger)
	if !ok {
		t.Fatalf("Trigger is %T", s.Trigger)
	}
	if c.Within != nil || c.Require != RequireAll || len(c.Triggers) != 1 {
		t.Fatalf("compound = %+v", c)
	}
	e, ok := c.Triggers[0].Trigger.(*EventTrigger)
	if !ok || e.Posture != PostureReactive || e.ThresholdValue() != 1 || e.Threshold != nil {
		t.Fatalf("child = %#v", c.Triggers[0].Trigger)
	}
}

func TestServerTriggerTypesUnknownType(t *testing.T) {
	var s ServerTriggerTypes
	err := s.UnmarshalJSON([]byte(`{"type": "metric", "id": "` + testTriggerA + `"}`))
	if err == nil || !strings.Contains(err.Error(), "metric") {
		t.Fatalf("err = %v", err)
	}
}
