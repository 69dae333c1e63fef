package models

import (
	"fmt"
	"strings"
)

// flowRunLoopEvents are the flow run events every deployment run goes
// through: a Reactive trigger expecting one of them and running a
// deployment can trigger itself.
var flowRunLoopEvents = []string{
	"prefect.flow-run.Scheduled",
	"prefect.flow-run.Pending",
	"prefect.flow-run.Running",
	"prefect.flow-run.*",
}

// ValidateRow applies Prefect's automation loop rule
// (AutomationCore.prevent_run_deployment_loops) when the statement writes
// both trigger and actions: an enabled automation (Enabled nil counts as
// enabled, the column default) whose trigger is a Reactive event trigger
// expecting a flow run state change event that every deployment run emits
// (prefect.flow-run.Scheduled, .Pending, .Running or .*) must not run an
// inferred deployment, and may run a selected one only when match or
// match_related narrows the flow runs beyond "every prefect.flow-run.*".
func (a Automation) ValidateRow(writes func(column string) bool) error {
	if !writes("trigger") || !writes("actions") {
		return nil
	}
	if a.Enabled != nil && !*a.Enabled {
		return nil
	}
	var t *EventTrigger
	switch x := a.Trigger.V.Trigger.(type) {
	case *EventTrigger:
		t = x
	case EventTrigger:
		t = &x
	}
	if t == nil || t.Posture != PostureReactive || !expectsLoopEvent(t.Expect) {
		return nil
	}
	for i, action := range a.Actions.V {
		if action.Type != ActionRunDeployment {
			continue
		}
		field := fmt.Sprintf("[%d].source", i)
		switch action.EffectiveSource() {
		case SourceInferred:
			return &DocumentError{Column: "automation.actions", Field: field, Value: action.Source,
				Reason: "Running an inferred deployment from a flow run state change event will lead to an infinite loop of flow runs.  Please choose a specific deployment and add additional filtering labels to the match or match_related for this automation's trigger."}
		case SourceSelected:
			if t.Match.matchesEveryResourceOfKind("prefect.flow-run") && t.MatchRelated.matchesEveryResourceOfKind("prefect.flow-run") {
				return &DocumentError{Column: "automation.actions", Field: field, Value: action.EffectiveSource(),
					Reason: "Running a selected deployment from a flow run state change event may lead to an infinite loop of flow runs.  Please include additional filtering labels on either match or match_related to narrow down which flow runs will trigger this automation to exclude flow runs from the deployment you've selected."}
			}
		}
	}
	return nil
}

// expectsLoopEvent reports whether expect names a flow run event and one
// of flowRunLoopEvents exactly.
func expectsLoopEvent(expect StringSet) bool {
	flowRun, loop := false, false
	for _, e := range expect {
		flowRun = flowRun || strings.HasPrefix(e, "prefect.flow-run.")
		for _, l := range flowRunLoopEvents {
			loop = loop || e == l
		}
	}
	return flowRun && loop
}

// matchesEveryResourceOfKind reports whether r matches every resource
// whose id starts with prefix + ".": r is empty, or its only label is
// prefect.resource.id with the value (or one of the values) prefix + ".*".
func (r ResourceSpecification) matchesEveryResourceOfKind(prefix string) bool {
	if len(r) == 0 {
		return true
	}
	if len(r) != 1 {
		return false
	}
	want := prefix + ".*"
	switch v := r[ResourceIDLabel].(type) {
	case string:
		return v == want
	case []string:
		for _, s := range v {
			if s == want {
				return true
			}
		}
	case []any:
		for _, s := range v {
			if s == want {
				return true
			}
		}
	}
	return false
}
