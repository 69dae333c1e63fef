package models

import (
	"fmt"
	"slices"
	"strings"

	"github.com/prefectorm/prefectorm/internal/coltype"
)

// actionTargetKey names, for the action types with a source, the *_id key
// that source "selected" requires and "inferred" forbids.
var actionTargetKey = map[ActionType]string{
	ActionRunDeployment:    "deployment_id",
	ActionPauseDeployment:  "deployment_id",
	ActionResumeDeployment: "deployment_id",
	ActionPauseWorkQueue:   "work_queue_id",
	ActionResumeWorkQueue:  "work_queue_id",
	ActionPauseWorkPool:    "work_pool_id",
	ActionResumeWorkPool:   "work_pool_id",
	ActionPauseAutomation:  "automation_id",
	ActionResumeAutomation: "automation_id",
}

// EffectiveSource returns Source, or "selected" (Prefect's default, as
// MarshalJSON writes it) when it is empty.
func (a Action) EffectiveSource() ActionSource {
	if a.Source == "" {
		return SourceSelected
	}
	return a.Source
}

// targetID returns the *_id of the action's target (nil when it has none).
func (a Action) targetID() *UUID {
	id, _ := a.value(actionTargetKey[a.Type]).(*UUID)
	return id
}

// Validate applies the validators of Prefect's action models: a known
// type; for deployment, work queue, work pool and automation actions a
// source of "selected" or "inferred", with the *_id set exactly when the
// source is "selected"; for change-flow-run-state a state type. (Jinja
// template checks of subject, body and payload and the hydration check of
// run-deployment parameters are not applied.)
func (a Action) Validate() error {
	if _, ok := actionKeys[a.Type]; !ok {
		return invalid("type", a.Type, "unknown action type")
	}
	if key, ok := actionTargetKey[a.Type]; ok {
		source := a.EffectiveSource()
		if source != SourceSelected && source != SourceInferred {
			return invalid("source", a.Source, `source must be "selected" or "inferred"`)
		}
		id := a.targetID()
		switch {
		case source == SourceSelected && id == nil:
			return invalid(key, nil, fmt.Sprintf(`%s is required (source "selected")`, key))
		case source == SourceInferred && id != nil:
			return invalid(key, *id, fmt.Sprintf(`%s is not allowed (source "inferred")`, key))
		}
	}
	if a.Type == ActionChangeFlowRunState {
		if a.State == "" {
			return invalid("state", a.State, "field required: the state type to change the flow run to")
		}
		if !slices.Contains(coltype.StateType.Labels, string(a.State)) {
			return invalid("state", a.State, "state must be one of "+strings.Join(coltype.StateType.Labels, ", "))
		}
	}
	return nil
}
