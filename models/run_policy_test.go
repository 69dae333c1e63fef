package models

import (
	"reflect"
	"testing"
)

func TestFlowRunPolicyJSON(t *testing.T) {
	three, ten := 3, 10
	tests := []struct {
		name  string
		value FlowRunPolicy
		want  string
	}{
		{
			name:  "zero value is Prefect's default",
			value: FlowRunPolicy{},
			want:  `{"max_retries": 0, "retry_delay_seconds": 0.0, "retries": null, "retry_delay": null, "pause_keys": [], "resuming": false}`,
		},
		{
			name:  "populated",
			value: FlowRunPolicy{Retries: &three, RetryDelay: &ten, PauseKeys: StringSet{"pause-1", "pause-2"}, Resuming: true},
			want:  `{"max_retries": 0, "retry_delay_seconds": 0.0, "retries": 3, "retry_delay": 10, "pause_keys": ["pause-1", "pause-2"], "resuming": true}`,
		},
		{
			name:  "deprecated fields",
			value: FlowRunPolicy{MaxRetries: 3, RetryDelaySeconds: 2.5, Retries: &three},
			want:  `{"max_retries": 3, "retry_delay_seconds": 2.5, "retries": 3, "retry_delay": null, "pause_keys": [], "resuming": false}`,
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
		})
	}
}

func TestFlowRunPolicyUnmarshalPrefect(t *testing.T) {
	intp := func(v int) *int { return &v }
	tests := []struct {
		name  string
		input string
		want  FlowRunPolicy
	}{
		{name: "server default {}", input: `{}`, want: FlowRunPolicy{}},
		{
			name:  "Prefect default dump",
			input: `{"max_retries": 0, "retry_delay_seconds": 0.0, "retries": null, "retry_delay": null, "pause_keys": [], "resuming": false}`,
			want:  FlowRunPolicy{PauseKeys: StringSet{}},
		},
		{
			name:  "populated",
			input: `{"max_retries": 0, "retry_delay_seconds": 0.0, "retries": 2, "retry_delay": 5, "pause_keys": ["a"], "resuming": true}`,
			want:  FlowRunPolicy{Retries: intp(2), RetryDelay: intp(5), PauseKeys: StringSet{"a"}, Resuming: true},
		},
		{
			name:  "deprecated fields back-fill retries and retry_delay",
			input: `{"max_retries": 3, "retry_delay_seconds": 10.0}`,
			want:  FlowRunPolicy{MaxRetries: 3, RetryDelaySeconds: 10, Retries: intp(3), RetryDelay: intp(10)},
		},
		{
			name:  "falsy retries are back-filled, set ones are kept",
			input: `{"max_retries": 3, "retry_delay_seconds": 10.0, "retries": 0, "retry_delay": 4}`,
			want:  FlowRunPolicy{MaxRetries: 3, RetryDelaySeconds: 10, Retries: intp(3), RetryDelay: intp(4)},
		},
		{
			name:  "null optionals with non-null defaults",
			input: `{"pause_keys": null, "resuming": null}`,
			want:  FlowRunPolicy{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var col JSON[FlowRunPolicy]
			if err := col.Scan(tt.input); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(col.V, tt.want) {
				t.Fatalf("got %+v\nwant %+v", col.V, tt.want)
			}
		})
	}
}

func TestTaskRunPolicyJSON(t *testing.T) {
	three := 3
	jitter := Float(0.5)
	tests := []struct {
		name  string
		value TaskRunPolicy
		want  string
	}{
		{
			name:  "zero value is Prefect's default",
			value: TaskRunPolicy{},
			want:  `{"max_retries": 0, "retry_delay_seconds": 0.0, "retries": null, "retry_delay": null, "retry_jitter_factor": null}`,
		},
		{
			name:  "single delay",
			value: TaskRunPolicy{Retries: &three, RetryDelay: RetryDelayOf(0), RetryJitterFactor: &jitter},
			want:  `{"max_retries": 0, "retry_delay_seconds": 0.0, "retries": 3, "retry_delay": 0, "retry_jitter_factor": 0.5}`,
		},
		{
			name:  "per-retry delays",
			value: TaskRunPolicy{Retries: &three, RetryDelay: RetryDelayList(1, 10, 100)},
			want:  `{"max_retries": 0, "retry_delay_seconds": 0.0, "retries": 3, "retry_delay": [1, 10, 100], "retry_jitter_factor": null}`,
		},
		{
			name:  "empty delay list",
			value: TaskRunPolicy{RetryDelay: RetryDelayList()},
			want:  `{"max_retries": 0, "retry_delay_seconds": 0.0, "retries": null, "retry_delay": [], "retry_jitter_factor": null}`,
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
		})
	}
}

func TestTaskRunPolicyUnmarshalPrefect(t *testing.T) {
	intp := func(v int) *int { return &v }
	floatp := func(v Float) *Float { return &v }
	tests := []struct {
		name    string
		input   string
		want    TaskRunPolicy
		wantErr bool
	}{
		{name: "server default {}", input: `{}`, want: TaskRunPolicy{}},
		{
			name:  "Prefect default dump",
			input: `{"max_retries": 0, "retry_delay_seconds": 0.0, "retries": null, "retry_delay": null, "retry_jitter_factor": null}`,
			want:  TaskRunPolicy{},
		},
		{
			name:  "single delay",
			input: `{"max_retries": 0, "retry_delay_seconds": 0.0, "retries": 2, "retry_delay": 30, "retry_jitter_factor": 1.5}`,
			want:  TaskRunPolicy{Retries: intp(2), RetryDelay: RetryDelayOf(30), RetryJitterFactor: floatp(1.5)},
		},
		{
			name:  "delay list",
			input: `{"retries": 3, "retry_delay": [1, 2.0, 4]}`,
			want:  TaskRunPolicy{Retries: intp(3), RetryDelay: RetryDelayList(1, 2, 4)},
		},
		{
			name:  "deprecated fields back-fill, empty list is falsy",
			input: `{"max_retries": 2, "retry_delay_seconds": 7.0, "retry_delay": []}`,
			want:  TaskRunPolicy{MaxRetries: 2, RetryDelaySeconds: 7, Retries: intp(2), RetryDelay: RetryDelayOf(7)},
		},
		{name: "fractional delay", input: `{"retry_delay": 1.5}`, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkScan(t, tt.input, tt.want, tt.wantErr)
		})
	}
}
