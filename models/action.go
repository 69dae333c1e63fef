package models

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// ActionType is the "type" discriminator of an automation action.
type ActionType string

// ActionType values: the 15 members of Prefect's ServerActionTypes.
const (
	ActionDoNothing          ActionType = "do-nothing"
	ActionRunDeployment      ActionType = "run-deployment"
	ActionPauseDeployment    ActionType = "pause-deployment"
	ActionResumeDeployment   ActionType = "resume-deployment"
	ActionCancelFlowRun      ActionType = "cancel-flow-run"
	ActionChangeFlowRunState ActionType = "change-flow-run-state"
	ActionPauseWorkQueue     ActionType = "pause-work-queue"
	ActionResumeWorkQueue    ActionType = "resume-work-queue"
	ActionSendNotification   ActionType = "send-notification"
	ActionCallWebhook        ActionType = "call-webhook"
	ActionPauseAutomation    ActionType = "pause-automation"
	ActionResumeAutomation   ActionType = "resume-automation"
	ActionSuspendFlowRun     ActionType = "suspend-flow-run"
	ActionPauseWorkPool      ActionType = "pause-work-pool"
	ActionResumeWorkPool     ActionType = "resume-work-pool"
)

// ActionSource says whether a deployment, work pool, work queue or
// automation action targets a selected object (its *_id set) or one
// inferred from the triggering event (its *_id unset).
type ActionSource string

// ActionSource values.
const (
	SourceSelected ActionSource = "selected"
	SourceInferred ActionSource = "inferred"
)

// defaultNotificationSubject is send-notification's default subject.
const defaultNotificationSubject = "Prefect automated notification"

// actionKeys lists, per action type, the JSON keys Prefect writes, in
// Prefect's field order (base-class fields first).
var actionKeys = map[ActionType][]string{
	ActionDoNothing:          {"type"},
	ActionRunDeployment:      {"type", "source", "deployment_id", "parameters", "job_variables"},
	ActionPauseDeployment:    {"type", "source", "deployment_id"},
	ActionResumeDeployment:   {"type", "source", "deployment_id"},
	ActionCancelFlowRun:      {"type"},
	ActionChangeFlowRunState: {"type", "name", "state", "message"},
	ActionPauseWorkQueue:     {"type", "source", "work_queue_id"},
	ActionResumeWorkQueue:    {"type", "source", "work_queue_id"},
	ActionSendNotification:   {"type", "block_document_id", "subject", "body"},
	ActionCallWebhook:        {"type", "block_document_id", "payload"},
	ActionPauseAutomation:    {"type", "source", "automation_id"},
	ActionResumeAutomation:   {"type", "source", "automation_id"},
	ActionSuspendFlowRun:     {"type"},
	ActionPauseWorkPool:      {"type", "source", "work_pool_id"},
	ActionResumeWorkPool:     {"type", "source", "work_pool_id"},
}

// Action is one element of Prefect's List[ServerActionTypes], the typed
// JSON of automation.actions, actions_on_trigger and actions_on_resolve
// (prefect.server.events.actions).
//
// Design: rather than 15 Go types, Action is one struct holding Type plus
// the union of every variant's fields. MarshalJSON writes only the keys of
// Type's variant, in Prefect's field order:
//
//	do-nothing, cancel-flow-run, suspend-flow-run: type
//	run-deployment: type, source, deployment_id, parameters, job_variables
//	pause-/resume-deployment: type, source, deployment_id
//	pause-/resume-work-queue: type, source, work_queue_id
//	pause-/resume-work-pool: type, source, work_pool_id
//	pause-/resume-automation: type, source, automation_id
//	change-flow-run-state: type, name, state, message
//	send-notification: type, block_document_id, subject, body
//	call-webhook: type, block_document_id, payload
//
// Fields that do not belong to Type are ignored when writing and left zero
// when reading. Defaults: an empty Source is written "selected"; nil ids,
// Parameters, JobVariables, Name and Message are written null; a nil
// Subject is written "Prefect automated notification"; Payload defaults to
// "". State, BlockDocumentID and Body are required by their variants. An
// unknown Type is an error both ways. Prefect's cross-field rules (source
// "selected" requires the *_id, "inferred" forbids it; a state for
// change-flow-run-state) are checked by Validate, which the hooks call
// before writing.
type Action struct {
	// Type is the action's kind; it selects which of the fields below are
	// written.
	Type ActionType `json:"type"`

	// Deployment, work queue, work pool and automation actions.
	Source       ActionSource `json:"source"`
	DeploymentID *UUID        `json:"deployment_id"`
	WorkQueueID  *UUID        `json:"work_queue_id"`
	WorkPoolID   *UUID        `json:"work_pool_id"`
	AutomationID *UUID        `json:"automation_id"`

	// run-deployment.
	Parameters   map[string]any `json:"parameters"`
	JobVariables map[string]any `json:"job_variables"`

	// change-flow-run-state.
	Name    *string   `json:"name"`
	State   StateType `json:"state"`
	Message *string   `json:"message"`

	// send-notification and call-webhook.
	BlockDocumentID UUID    `json:"block_document_id"`
	Subject         *string `json:"subject"` // nil: "Prefect automated notification"
	Body            string  `json:"body"`
	Payload         string  `json:"payload"`
}

// value returns the JSON value of key for a.
func (a Action) value(key string) any {
	switch key {
	case "type":
		return a.Type
	case "source":
		if a.Source == "" {
			return SourceSelected
		}
		return a.Source
	case "deployment_id":
		return a.DeploymentID
	case "work_queue_id":
		return a.WorkQueueID
	case "work_pool_id":
		return a.WorkPoolID
	case "automation_id":
		return a.AutomationID
	case "parameters":
		return a.Parameters
	case "job_variables":
		return a.JobVariables
	case "name":
		return a.Name
	case "state":
		return a.State
	case "message":
		return a.Message
	case "block_document_id":
		return a.BlockDocumentID
	case "subject":
		if a.Subject == nil {
			return defaultNotificationSubject
		}
		return *a.Subject
	case "body":
		return a.Body
	case "payload":
		return a.Payload
	}
	return nil
}

// MarshalJSON writes the keys of a.Type's variant in Prefect's order.
func (a Action) MarshalJSON() ([]byte, error) {
	keys, ok := actionKeys[a.Type]
	if !ok {
		return nil, fmt.Errorf("prefectorm: unknown automation action type %q", a.Type)
	}
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, key := range keys {
		if i > 0 {
			buf.WriteByte(',')
		}
		k, _ := marshalJSONNoEscape(key)
		buf.Write(k)
		buf.WriteByte(':')
		v, err := marshalJSONNoEscape(a.value(key))
		if err != nil {
			return nil, fmt.Errorf("prefectorm: encode action %s.%s: %w", a.Type, key, err)
		}
		buf.Write(v)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// UnmarshalJSON reads any action variant, ignoring unknown keys as Prefect
// does. A call-webhook payload stored as a JSON object (older rows) becomes
// its two-space indented text, as Prefect's validator converts it.
func (a *Action) UnmarshalJSON(b []byte) error {
	var raw struct {
		Type            ActionType      `json:"type"`
		Source          ActionSource    `json:"source"`
		DeploymentID    *UUID           `json:"deployment_id"`
		WorkQueueID     *UUID           `json:"work_queue_id"`
		WorkPoolID      *UUID           `json:"work_pool_id"`
		AutomationID    *UUID           `json:"automation_id"`
		Parameters      map[string]any  `json:"parameters"`
		JobVariables    map[string]any  `json:"job_variables"`
		Name            *string         `json:"name"`
		State           StateType       `json:"state"`
		Message         *string         `json:"message"`
		BlockDocumentID UUID            `json:"block_document_id"`
		Subject         *string         `json:"subject"`
		Body            string          `json:"body"`
		Payload         json.RawMessage `json:"payload"`
	}
	if err := unmarshalJSONNumbers(b, &raw); err != nil {
		return fmt.Errorf("prefectorm: decode automation action: %w", err)
	}
	if _, ok := actionKeys[raw.Type]; !ok {
		return fmt.Errorf("prefectorm: unknown automation action type %q", raw.Type)
	}
	payload, err := actionPayloadText(raw.Payload)
	if err != nil {
		return err
	}
	*a = Action{
		Type: raw.Type, Source: raw.Source,
		DeploymentID: raw.DeploymentID, WorkQueueID: raw.WorkQueueID,
		WorkPoolID: raw.WorkPoolID, AutomationID: raw.AutomationID,
		Parameters: raw.Parameters, JobVariables: raw.JobVariables,
		Name: raw.Name, State: raw.State, Message: raw.Message,
		BlockDocumentID: raw.BlockDocumentID, Subject: raw.Subject,
		Body: raw.Body, Payload: payload,
	}
	return nil
}

// actionPayloadText returns a call-webhook payload: a string as is, null or
// absent as "", and any other JSON value as its two-space indented text.
func actionPayloadText(raw json.RawMessage) (string, error) {
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) == 0 || string(trimmed) == "null" {
		return "", nil
	}
	if trimmed[0] == '"' {
		var s string
		if err := decodeJSON(trimmed, &s); err != nil {
			return "", fmt.Errorf("prefectorm: decode action payload: %w", err)
		}
		return s, nil
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, trimmed, "", "  "); err != nil {
		return "", fmt.Errorf("prefectorm: decode action payload: %w", err)
	}
	return buf.String(), nil
}
