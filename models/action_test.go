package models

import (
	"strings"
	"testing"
)

const (
	testDeploymentID = "55555555-5555-4555-8555-555555555555"
	testBlockDocID   = "66666666-6666-4666-8666-666666666666"
)

func TestActionMarshalZeroPerType(t *testing.T) {
	z := zeroUUIDString
	tests := []struct {
		typ  ActionType
		want string
	}{
		{ActionDoNothing, `{"type": "do-nothing"}`},
		{ActionRunDeployment, `{"type": "run-deployment", "source": "selected", "deployment_id": null, "parameters": null, "job_variables": null}`},
		{ActionPauseDeployment, `{"type": "pause-deployment", "source": "selected", "deployment_id": null}`},
		{ActionResumeDeployment, `{"type": "resume-deployment", "source": "selected", "deployment_id": null}`},
		{ActionCancelFlowRun, `{"type": "cancel-flow-run"}`},
		{ActionChangeFlowRunState, `{"type": "change-flow-run-state", "name": null, "state": "", "message": null}`},
		{ActionPauseWorkQueue, `{"type": "pause-work-queue", "source": "selected", "work_queue_id": null}`},
		{ActionResumeWorkQueue, `{"type": "resume-work-queue", "source": "selected", "work_queue_id": null}`},
		{ActionSendNotification, `{"type": "send-notification", "block_document_id": "` + z + `", "subject": "Prefect automated notification", "body": ""}`},
		{ActionCallWebhook, `{"type": "call-webhook", "block_document_id": "` + z + `", "payload": ""}`},
		{ActionPauseAutomation, `{"type": "pause-automation", "source": "selected", "automation_id": null}`},
		{ActionResumeAutomation, `{"type": "resume-automation", "source": "selected", "automation_id": null}`},
		{ActionSuspendFlowRun, `{"type": "suspend-flow-run"}`},
		{ActionPauseWorkPool, `{"type": "pause-work-pool", "source": "selected", "work_pool_id": null}`},
		{ActionResumeWorkPool, `{"type": "resume-work-pool", "source": "selected", "work_pool_id": null}`},
	}
	if len(tests) != len(actionKeys) {
		t.Fatalf("%d cases for %d action types", len(tests), len(actionKeys))
	}
	for _, tt := range tests {
		t.Run(string(tt.typ), func(t *testing.T) {
			if got := eventsPyJSON(t, Action{Type: tt.typ}); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			// Prefect's JSON reads back to the same text.
			var a Action
			if err := a.UnmarshalJSON([]byte(tt.want)); err != nil {
				t.Fatalf("UnmarshalJSON: %v", err)
			}
			if got := eventsPyJSON(t, a); got != tt.want {
				t.Errorf("round trip got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestActionMarshalPopulated(t *testing.T) {
	dep := MustParseUUID(testDeploymentID)
	name, msg, subject := "Late", "too slow", "Hi <there> & you"
	tests := []struct {
		name string
		in   Action
		want string
	}{
		{"run-deployment selected", Action{
			Type: ActionRunDeployment, DeploymentID: &dep,
			Parameters:   map[string]any{"x": 1, "name": "{{ flow_run.name }}"},
			JobVariables: map[string]any{},
			// Fields of other variants are not written.
			WorkPoolID: &dep, Body: "ignored",
		}, `{"type": "run-deployment", "source": "selected", "deployment_id": "` + testDeploymentID + `", "parameters": {"name": "{{ flow_run.name }}", "x": 1}, "job_variables": {}}`},
		{"pause-deployment inferred", Action{Type: ActionPauseDeployment, Source: SourceInferred},
			`{"type": "pause-deployment", "source": "inferred", "deployment_id": null}`},
		{"change-flow-run-state", Action{Type: ActionChangeFlowRunState, Name: &name, State: StateFailed, Message: &msg},
			`{"type": "change-flow-run-state", "name": "Late", "state": "FAILED", "message": "too slow"}`},
		{"send-notification", Action{Type: ActionSendNotification, BlockDocumentID: MustParseUUID(testBlockDocID), Subject: &subject, Body: "Flow run {{ flow_run.name }} ✓"},
			`{"type": "send-notification", "block_document_id": "` + testBlockDocID + `", "subject": "Hi <there> & you", "body": "Flow run {{ flow_run.name }} \u2713"}`},
		{"call-webhook", Action{Type: ActionCallWebhook, BlockDocumentID: MustParseUUID(testBlockDocID), Payload: `{"a": 1}`},
			`{"type": "call-webhook", "block_document_id": "` + testBlockDocID + `", "payload": "{\"a\": 1}"}`},
		{"pause-work-pool", Action{Type: ActionPauseWorkPool, WorkPoolID: &dep},
			`{"type": "pause-work-pool", "source": "selected", "work_pool_id": "` + testDeploymentID + `"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := eventsPyJSON(t, tt.in); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestActionListColumn(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string // re-marshalled; "" means same as in
	}{
		{"empty", `[]`, ""},
		{"as Prefect writes it",
			`[{"type": "run-deployment", "source": "inferred", "deployment_id": null, "parameters": {"n": 1, "f": 2.0}, "job_variables": null}, {"type": "do-nothing"}]`,
			`[{"type": "run-deployment", "source": "inferred", "deployment_id": null, "parameters": {"f": 2.0, "n": 1}, "job_variables": null}, {"type": "do-nothing"}]`},
		{"optional keys missing, unknown keys ignored",
			`[{"type": "run-deployment", "deployment_id": "` + testDeploymentID + `"}, {"type": "send-notification", "block_document_id": "` + testBlockDocID + `", "body": "b", "extra": true}, {"type": "change-flow-run-state", "state": "CANCELLED"}]`,
			`[{"type": "run-deployment", "source": "selected", "deployment_id": "` + testDeploymentID + `", "parameters": null, "job_variables": null}, {"type": "send-notification", "block_document_id": "` + testBlockDocID + `", "subject": "Prefect automated notification", "body": "b"}, {"type": "change-flow-run-state", "name": null, "state": "CANCELLED", "message": null}]`},
		{"legacy object webhook payload",
			`[{"type": "call-webhook", "block_document_id": "` + testBlockDocID + `", "payload": {"message": "hi", "n": [1, 2]}}]`,
			`[{"type": "call-webhook", "block_document_id": "` + testBlockDocID + `", "payload": "{\n  \"message\": \"hi\",\n  \"n\": [\n    1,\n    2\n  ]\n}"}]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var col JSON[[]Action]
			if err := col.Scan(tt.in); err != nil {
				t.Fatalf("Scan: %v", err)
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

func TestActionUnknownType(t *testing.T) {
	if _, err := marshalPythonJSON(Action{}); err == nil || !strings.Contains(err.Error(), "unknown automation action type") {
		t.Fatalf("marshal zero Action: err = %v", err)
	}
	var a Action
	if err := a.UnmarshalJSON([]byte(`{"type": "launch-rocket"}`)); err == nil {
		t.Fatal("unmarshal unknown type: no error")
	}
}
