package models

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

func TestStateDetailsJSON(t *testing.T) {
	flowRunID := MustParseUUID("3f2504e0-4f89-41d3-9a0c-0305e82c3301")
	transitionID := MustParseUUID("00000000-0000-4000-8000-000000000001")
	key := "cache-key"
	retriable := true
	scheduled := NewISOTime(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	expiration := NewISOTime(time.Date(2024, 1, 2, 10, 30, 0, 250000000, time.FixedZone("", -5*3600)))

	tests := []struct {
		name  string
		value StateDetails
		want  string
	}{
		{
			name:  "zero value is Prefect's default",
			value: StateDetails{},
			want: `{"flow_run_id": null, "task_run_id": null, "child_flow_run_id": null, "scheduled_time": null, ` +
				`"cache_key": null, "cache_expiration": null, "deferred": false, "untrackable_result": false, ` +
				`"pause_timeout": null, "pause_reschedule": false, "pause_key": null, "run_input_keyset": null, ` +
				`"refresh_cache": null, "retriable": null, "transition_id": null, "task_parameters_id": null}`,
		},
		{
			name: "populated",
			value: StateDetails{
				FlowRunID:         &flowRunID,
				ScheduledTime:     &scheduled,
				CacheKey:          &key,
				CacheExpiration:   &expiration,
				Deferred:          true,
				UntrackableResult: true,
				PauseReschedule:   true,
				RunInputKeyset:    map[string]string{"description": "paused-1-description"},
				Retriable:         &retriable,
				TransitionID:      &transitionID,
			},
			want: `{"flow_run_id": "3f2504e0-4f89-41d3-9a0c-0305e82c3301", "task_run_id": null, "child_flow_run_id": null, ` +
				`"scheduled_time": "2024-01-01T00:00:00Z", "cache_key": "cache-key", ` +
				`"cache_expiration": "2024-01-02T10:30:00.250000-05:00", "deferred": true, "untrackable_result": true, ` +
				`"pause_timeout": null, "pause_reschedule": true, "pause_key": null, ` +
				`"run_input_keyset": {"description": "paused-1-description"}, "refresh_cache": null, "retriable": true, ` +
				`"transition_id": "00000000-0000-4000-8000-000000000001", "task_parameters_id": null}`,
		},
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
			var back StateDetails
			if err := json.Unmarshal(got, &back); err != nil {
				t.Fatal(err)
			}
			again, _ := marshalPythonJSON(back)
			if string(again) != tt.want {
				t.Fatalf("round trip:\n got %s\nwant %s", again, tt.want)
			}
		})
	}
}

func TestStateDetailsUnmarshalPrefect(t *testing.T) {
	childID := MustParseUUID("6e2b6b53-6f5b-4a4e-9a0b-6d3f1c2e4a10")
	scheduled := time.Date(2024, 8, 19, 15, 32, 58, 123456000, time.UTC)
	tests := []struct {
		name  string
		input string
		check func(t *testing.T, d StateDetails)
	}{
		{
			name:  "server default {} is all defaults",
			input: `{}`,
			check: func(t *testing.T, d StateDetails) {
				if !reflect.DeepEqual(d, StateDetails{}) {
					t.Fatalf("got %+v", d)
				}
			},
		},
		{
			name: "full Prefect dump",
			input: `{"flow_run_id": null, "task_run_id": null, "child_flow_run_id": "6e2b6b53-6f5b-4a4e-9a0b-6d3f1c2e4a10", ` +
				`"scheduled_time": "2024-08-19T15:32:58.123456Z", "cache_key": null, "cache_expiration": null, "deferred": false, ` +
				`"untrackable_result": false, "pause_timeout": null, "pause_reschedule": false, "pause_key": null, ` +
				`"run_input_keyset": null, "refresh_cache": null, "retriable": false, "transition_id": null, "task_parameters_id": null}`,
			check: func(t *testing.T, d StateDetails) {
				if d.ChildFlowRunID == nil || *d.ChildFlowRunID != childID {
					t.Fatalf("child_flow_run_id = %v", d.ChildFlowRunID)
				}
				if d.ScheduledTime == nil || !d.ScheduledTime.Equal(scheduled) {
					t.Fatalf("scheduled_time = %v", d.ScheduledTime)
				}
				if d.Retriable == nil || *d.Retriable {
					t.Fatalf("retriable = %v", d.Retriable)
				}
			},
		},
		{
			name:  "older dump without the newer keys, +00:00 offset, explicit null deferred, unknown key",
			input: `{"scheduled_time": "2024-08-19T15:32:58.123456+00:00", "deferred": null, "pause_key": "k", "extra": 1}`,
			check: func(t *testing.T, d StateDetails) {
				if d.ScheduledTime == nil || !d.ScheduledTime.Equal(scheduled) {
					t.Fatalf("scheduled_time = %v", d.ScheduledTime)
				}
				if d.Deferred || d.PauseKey == nil || *d.PauseKey != "k" || d.TransitionID != nil {
					t.Fatalf("got %+v", d)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var col JSON[StateDetails]
			if err := col.Scan(tt.input); err != nil {
				t.Fatal(err)
			}
			tt.check(t, col.V)
		})
	}
}
