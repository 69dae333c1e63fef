package models

import (
	"errors"
	"math"
	"strings"
	"testing"
)

const (
	vU  = "0b6a6a8e-6f2c-4c3e-9d7a-3f1e2a4b5c6d"
	vET = `{"type": "event", "id": "` + vU + `", "posture": "Reactive", "within": 0.0}`
)

// validateText reads text through a JSON[T] column and validates it.
func validateText[T any](t *testing.T, text string) error {
	t.Helper()
	var col JSON[T]
	if err := col.Scan(text); err != nil {
		t.Fatalf("decode %s: %v", text, err)
	}
	return col.Validate()
}

// validateValue validates a Go value (for documents a read normalises).
func validateValue(v any) func(*testing.T, string) error {
	return func(*testing.T, string) error { return ValidateDocument(v) }
}

func ptrTo[T any](v T) *T { return &v }

func TestDocumentValidate(t *testing.T) {
	tests := []struct {
		name      string
		validate  func(*testing.T, string) error
		text      string
		wantField string // "" with wantReason "" means valid
		wantValue string
		wantWhy   string
	}{
		{"action selected without id", validateText[Action], `{"type": "pause-deployment", "source": "selected"}`, "deployment_id", "null", "deployment_id is required"},
		{"action default source without id", validateText[Action], `{"type": "run-deployment"}`, "deployment_id", "null", "deployment_id is required"},
		{"action inferred with id", validateText[Action], `{"type": "pause-work-queue", "source": "inferred", "work_queue_id": "` + vU + `"}`, "work_queue_id", `"` + vU + `"`, "work_queue_id is not allowed"},
		{"action unknown source", validateText[Action], `{"type": "pause-automation", "source": "bogus", "automation_id": "` + vU + `"}`, "source", `"bogus"`, "selected"},
		{"change state without state", validateText[Action], `{"type": "change-flow-run-state"}`, "state", `""`, "field required"},
		{"change state unknown state", validateText[Action], `{"type": "change-flow-run-state", "state": "running"}`, "state", `"running"`, "must be one of"},
		{"action valid selected", validateText[Action], `{"type": "pause-work-pool", "work_pool_id": "` + vU + `"}`, "", "", ""},
		{"action valid inferred", validateText[Action], `{"type": "run-deployment", "source": "inferred"}`, "", "", ""},
		{"list of actions names the index", validateText[[]Action], `[{"type": "do-nothing"}, {"type": "change-flow-run-state"}]`, "[1].state", `""`, "field required"},

		{"trigger empty posture", validateText[ServerTriggerTypes], `{"type": "event", "posture": ""}`, "posture", `""`, "field required"},
		{"trigger metric posture", validateText[ServerTriggerTypes], `{"type": "event", "posture": "Metric"}`, "posture", `"Metric"`, "Reactive"},
		{"proactive within under 10 s", validateText[ServerTriggerTypes], `{"type": "event", "posture": "Proactive", "within": 5}`, "within", "5.0", "greater than or equal to 10 seconds"},
		{"proactive within negative", validateText[ServerTriggerTypes], `{"type": "event", "posture": "Proactive", "within": -1}`, "within", "-1.0", "greater than or equal to 10 seconds"},
		{"reactive within negative", validateText[ServerTriggerTypes], `{"type": "event", "posture": "Reactive", "within": -1}`, "within", "-1.0", "greater than or equal to 0"},
		{"proactive within 0 (written 10)", validateText[ServerTriggerTypes], `{"type": "event", "posture": "Proactive", "within": 0}`, "", "", ""},
		{"match label a number", validateText[ServerTriggerTypes], `{"type": "event", "posture": "Reactive", "match": {"x": 1}}`, `match["x"]`, "1", "a string or a list of strings"},
		{"match label list with a number", validateText[ServerTriggerTypes], `{"type": "event", "posture": "Reactive", "match_related": {"x": ["a", 2]}}`, `match_related["x"]`, `["a",2]`, "a string or a list of strings"},
		{"match label null", validateText[ServerTriggerTypes], `{"type": "event", "posture": "Reactive", "match": {"x": null}}`, `match["x"]`, "null", "a string or a list of strings"},
		{"match labels valid", validateText[ServerTriggerTypes], `{"type": "event", "posture": "Reactive", "match": {"a": "x", "b": ["y", "z*"]}}`, "", "", ""},
		{"compound empty require", validateText[ServerTriggerTypes], `{"type": "compound", "triggers": [` + vET + `], "within": null, "require": ""}`, "require", `""`, "field required"},
		{"compound require above triggers", validateText[ServerTriggerTypes], `{"type": "compound", "triggers": [` + vET + `, ` + vET + `], "within": null, "require": 3}`, "require", "3", "less than or equal to the number of triggers"},
		{"compound require 0", validateText[ServerTriggerTypes], `{"type": "compound", "triggers": [` + vET + `], "within": null, "require": 0}`, "require", "0", "at least 1"},
		{"compound require word", validateText[ServerTriggerTypes], `{"type": "compound", "triggers": [], "within": null, "require": "most"}`, "require", `"most"`, `"any", "all"`},
		{"compound valid count", validateText[ServerTriggerTypes], `{"type": "compound", "triggers": [` + vET + `, ` + vET + `], "within": 10, "require": 2}`, "", "", ""},
		{"sequence child invalid", validateText[ServerTriggerTypes], `{"type": "sequence", "triggers": [` + vET + `, {"type": "event", "posture": "Proactive", "within": 3}], "within": null}`, "triggers[1].within", "3.0", "10 seconds"},
		{"null trigger (written as JSON null)", validateText[ServerTriggerTypes], `null`, "", "null", "a trigger is required"},

		{"firing without trigger states", validateText[Firing], `{"trigger": ` + vET + `, "trigger_states": [], "triggered": "2024-01-01T00:00:00Z"}`, "trigger_states", "[]", "At least one trigger state"},
		{"firing unknown trigger state", validateText[Firing], `{"trigger": ` + vET + `, "trigger_states": ["Fired"], "triggered": "2024-01-01T00:00:00Z"}`, "trigger_states[0]", `"Fired"`, "Triggered"},
		{"firing without trigger", validateText[Firing], `{"trigger_states": ["Triggered"], "triggered": "2024-01-01T00:00:00Z"}`, "trigger", "null", "a trigger is required"},
		{"firing event without id", validateText[Firing], `{"trigger": ` + vET + `, "trigger_states": ["Resolved"], "triggered": "2024-01-01T00:00:00Z", "triggering_event": {"resource": {}}}`, "triggering_event.resource", "{}", "prefect.resource.id"},
		{"firing nested firing", validateText[Firing], `{"trigger": ` + vET + `, "trigger_states": ["Resolved"], "triggered": "2024-01-01T00:00:00Z", "triggering_firings": [{"trigger": ` + vET + `, "trigger_states": []}]}`, "triggering_firings[0].trigger_states", "[]", "At least one"},
		{"firing valid", validateText[Firing], `{"trigger": ` + vET + `, "trigger_states": ["Triggered"], "triggered": "2024-01-01T00:00:00Z"}`, "", "", ""},

		{"event without resource id", validateText[ReceivedEvent], `{"event": "e", "resource": {"prefect.resource.name": "n"}}`, "resource", `{"prefect.resource.name":"n"}`, "must include the prefect.resource.id label"},
		{"event empty resource id", validateText[ReceivedEvent], `{"event": "e", "resource": {"prefect.resource.id": ""}}`, `resource["prefect.resource.id"]`, `""`, "non-empty"},
		{"related without role", validateText[ReceivedEvent], `{"event": "e", "resource": {"prefect.resource.id": "a"}, "related": [{"prefect.resource.id": "b"}]}`, "related[0]", `{"prefect.resource.id":"b"}`, "prefect.resource.role label"},
		{"related empty role", validateText[ReceivedEvent], `{"event": "e", "resource": {"prefect.resource.id": "a"}, "related": [{"prefect.resource.id": "b", "prefect.resource.role": ""}]}`, `related[0]["prefect.resource.role"]`, `""`, "non-empty"},
		{"related without id", validateText[ReceivedEvent], `{"event": "e", "resource": {"prefect.resource.id": "a"}, "related": [{"prefect.resource.role": "r"}]}`, "related[0]", `{"prefect.resource.role":"r"}`, "prefect.resource.id"},
		{"event valid", validateText[ReceivedEvent], `{"event": "e", "resource": {"prefect.resource.id": "a"}, "related": [{"prefect.resource.id": "b", "prefect.resource.role": "r"}]}`, "", "", ""},

		{"cron out of range", validateText[Schedule], `{"cron": "61 * * * *"}`, "cron", `"61 * * * *"`, "Invalid cron string"},
		{"cron hashed", validateText[Schedule], `{"cron": "H * * * *"}`, "cron", `"H * * * *"`, "Random and Hashed expressions are unsupported"},
		{"cron random lower-case", validateText[Schedule], `{"cron": "0 r * * *"}`, "cron", `"0 r * * *"`, "Random and Hashed"},
		{"cron @every", validateText[Schedule], `{"cron": "@every 5m"}`, "cron", `"@every 5m"`, "unknown @ expression"},
		{"cron TZ prefix", validateText[Schedule], `{"cron": "TZ=UTC 0 0 * * *"}`, "cron", `"TZ=UTC 0 0 * * *"`, "time zone prefix"},
		{"cron garbage", validateText[Schedule], `{"cron": "every day"}`, "cron", `"every day"`, "Invalid cron string"},
		{"cron 7 fields", validateText[Schedule], `{"cron": "0 0 0 * * * 2024"}`, "cron", `"0 0 0 * * * 2024"`, "want 5 fields"},
		{"cron bad timezone", validateText[Schedule], `{"cron": "0 0 * * *", "timezone": "Mars/Olympus"}`, "timezone", `"Mars/Olympus"`, "Invalid timezone"},
		{"cron Local timezone", validateText[Schedule], `{"cron": "0 0 * * *", "timezone": "Local"}`, "timezone", `"Local"`, "Invalid timezone"},
		{"cron valid", validateText[Schedule], `{"cron": "0 9 * * mon-fri", "timezone": "Europe/Paris"}`, "", "", ""},
		{"cron valid seconds last", validateText[Schedule], `{"cron": "*/5 * * * * 30"}`, "", "", ""},
		{"cron valid nickname, empty timezone", validateText[Schedule], `{"cron": "@hourly", "timezone": ""}`, "", "", ""},
		{"interval bad timezone", validateText[Schedule], `{"interval": 60, "anchor_date": "2024-01-01T00:00:00Z", "timezone": "Nowhere"}`, "timezone", `"Nowhere"`, "Invalid timezone"},
		{"interval valid", validateText[Schedule], `{"interval": 60, "anchor_date": "2024-01-01T00:00:00Z", "timezone": "America/New_York"}`, "", "", ""},
		{"rrule bad freq", validateText[Schedule], `{"rrule": "FREQ=SOMETIMES"}`, "rrule", `"FREQ=SOMETIMES"`, "Invalid RRule string"},
		{"rrule unknown property", validateText[Schedule], `{"rrule": "DTSTART:20240101T000000Z\nBOGUS:1"}`, "rrule", `"DTSTART:20240101T000000Z\nBOGUS:1"`, "unsupported property: BOGUS"},
		{"rrule bad exrule", validateText[Schedule], `{"rrule": "RRULE:FREQ=DAILY\nEXRULE:FREQ=NEVER"}`, "rrule", `"RRULE:FREQ=DAILY\nEXRULE:FREQ=NEVER"`, "Invalid RRule string"},
		{"rrule too long", validateText[Schedule], `{"rrule": "RDATE:` + strings.Repeat("20240101T000000Z,", 400) + `20240101T000000Z"}`, "rrule", `"RDATE:2024`, "Max length is 6500"},
		{"rrule empty timezone", validateText[Schedule], `{"rrule": "FREQ=DAILY", "timezone": ""}`, "timezone", `""`, "Invalid timezone"},
		{"rrule bad timezone", validateText[Schedule], `{"rrule": "FREQ=DAILY", "timezone": "Nowhere/Land"}`, "timezone", `"Nowhere/Land"`, "Invalid timezone"},
		{"rrule valid set", validateText[Schedule], `{"rrule": "DTSTART;TZID=America/New_York:20240101T090000 RRULE:FREQ=DAILY EXDATE;TZID=America/New_York:20240102T090000", "timezone": "America/New_York"}`, "", "", ""},
		{"rrule valid bare", validateText[Schedule], `{"rrule": "FREQ=WEEKLY;BYDAY=MO,WE;COUNT=3"}`, "", "", ""},

		{"task policy 51 delays", validateText[TaskRunPolicy], `{"retry_delay": [` + strings.TrimSuffix(strings.Repeat("1,", 51), ",") + `]}`, "retry_delay", "51", "more than 50 retry delays"},
		{"task policy 50 delays", validateText[TaskRunPolicy], `{"retry_delay": [` + strings.TrimSuffix(strings.Repeat("1,", 50), ",") + `]}`, "", "", ""},
		{"task policy negative jitter", validateText[TaskRunPolicy], `{"retry_jitter_factor": -0.5}`, "retry_jitter_factor", "-0.5", "must be >= 0"},
		{"task policy fractional back-fill", validateValue(TaskRunPolicy{RetryDelaySeconds: 2.5}), "", "retry_delay_seconds", "2.5", "fractional"},
		{"task policy NaN jitter", validateValue(TaskRunPolicy{RetryJitterFactor: ptrTo(Float(math.NaN()))}), "", "retry_jitter_factor", "NaN", "finite"},
		{"flow policy infinite delay seconds", validateValue(FlowRunPolicy{RetryDelaySeconds: Float(math.Inf(1))}), "", "retry_delay_seconds", "+Inf", "finite"},
		{"task policy fractional with delay set", validateText[TaskRunPolicy], `{"retry_delay_seconds": 2.5, "retry_delay": 3}`, "", "", ""},
		{"flow policy fractional back-fill", validateValue(FlowRunPolicy{RetryDelaySeconds: 1.5}), "", "retry_delay_seconds", "1.5", "fractional"},
		{"flow policy fractional with delay set", validateValue(FlowRunPolicy{RetryDelaySeconds: 1.5, RetryDelay: ptrTo(2)}), "", "", "", ""},
		{"flow policy valid", validateText[FlowRunPolicy], `{"retries": 2, "retry_delay": 5}`, "", "", ""},

		{"task input unknown kind", validateText[TaskInputs], `{"x": [{"input_type": "task_run", "id": "` + vU + `"}, {"input_type": "other"}]}`, "", "", "unknown"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.name == "task input unknown kind" {
				// input_type is checked on read already.
				var col JSON[TaskInputs]
				if err := col.Scan(tt.text); err == nil || !strings.Contains(err.Error(), tt.wantWhy) {
					t.Fatalf("got %v, want an error containing %q", err, tt.wantWhy)
				}
				return
			}
			err := tt.validate(t, tt.text)
			if tt.wantWhy == "" {
				if err != nil {
					t.Fatalf("valid document refused: %v", err)
				}
				return
			}
			var de *DocumentError
			if !errors.As(err, &de) {
				t.Fatalf("got %v, want a *DocumentError", err)
			}
			if de.Field != tt.wantField || !strings.Contains(de.Reason, tt.wantWhy) {
				t.Errorf("got field %q reason %q, want field %q reason containing %q", de.Field, de.Reason, tt.wantField, tt.wantWhy)
			}
			if got := formatDocumentValue(de.Value); !strings.HasPrefix(got, tt.wantValue) {
				t.Errorf("got value %s, want %s", got, tt.wantValue)
			}
			if msg := inColumn("t.c", err).Error(); !strings.HasPrefix(msg, "prefectorm: t.c: ") {
				t.Errorf("error %q does not name the column first", msg)
			}
		})
	}
}

func TestTaskInputValidateKind(t *testing.T) {
	err := ValidateDocument(TaskInputs{"x": {TaskRunResultInput(NewUUID()), {InputType: "other"}}})
	var de *DocumentError
	if !errors.As(err, &de) || de.Field != `["x"][1].input_type` {
		t.Fatalf("got %v", err)
	}
}
