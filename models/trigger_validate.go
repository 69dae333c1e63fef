package models

import (
	"fmt"
	"sort"
	"time"
)

// minProactiveWithin is the smallest within of a Proactive event trigger.
const minProactiveWithin = 10 * time.Second

// Validate requires a trigger and validates the held variant.
func (s ServerTriggerTypes) Validate() error {
	switch t := s.Trigger.(type) {
	case nil:
		return invalid("", nil, "a trigger is required")
	case *EventTrigger:
		if t == nil {
			return invalid("", nil, "a trigger is required")
		}
		return t.Validate()
	case *CompoundTrigger:
		if t == nil {
			return invalid("", nil, "a trigger is required")
		}
		return t.Validate()
	case *SequenceTrigger:
		if t == nil {
			return invalid("", nil, "a trigger is required")
		}
		return t.Validate()
	case Validator:
		return t.Validate()
	}
	return invalid("type", s.Trigger.TriggerType(), "unknown trigger type")
}

// Validate applies EventTrigger's rules: posture Reactive or Proactive;
// within >= 0, and for a Proactive trigger either 0 (written as Prefect's
// default 10 s) or at least 10 seconds; match and match_related labels
// each a string or a list of strings.
func (t EventTrigger) Validate() error {
	switch t.Posture {
	case PostureReactive, PostureProactive:
	case "":
		return invalid("posture", t.Posture, `field required: "Reactive" or "Proactive"`)
	default:
		return invalid("posture", t.Posture, `posture must be "Reactive" or "Proactive"`)
	}
	within := time.Duration(t.Within)
	if t.Posture == PostureProactive && within != 0 && within < minProactiveWithin {
		return invalid("within", t.Within, "`within` for Proactive triggers must be greater than or equal to 10 seconds")
	}
	if within < 0 {
		return invalid("within", t.Within, "within must be greater than or equal to 0 seconds")
	}
	if err := t.Match.Validate(); err != nil {
		return inField("match", err)
	}
	if err := t.MatchRelated.Validate(); err != nil {
		return inField("match_related", err)
	}
	return nil
}

// Validate requires every label's value to be a string or a list of
// strings (Prefect's Dict[str, Union[str, List[str]]]).
func (r ResourceSpecification) Validate() error {
	labels := make([]string, 0, len(r))
	for label := range r {
		labels = append(labels, label)
	}
	sort.Strings(labels)
	for _, label := range labels {
		if !isStringOrStrings(r[label]) {
			return invalid(labelField("", label), r[label], "a match label must be a string or a list of strings")
		}
	}
	return nil
}

// isStringOrStrings reports whether v is a string or a list of strings.
func isStringOrStrings(v any) bool {
	switch x := v.(type) {
	case string, []string:
		return true
	case []any:
		for _, e := range x {
			if _, ok := e.(string); !ok {
				return false
			}
		}
		return true
	}
	return false
}

// validateTriggers validates each child trigger, named "triggers[i]".
func validateTriggers(triggers []ServerTriggerTypes) error {
	for i, child := range triggers {
		if err := child.Validate(); err != nil {
			return inField(fmt.Sprintf("triggers[%d]", i), err)
		}
	}
	return nil
}

// Validate applies CompoundTrigger's rules: valid child triggers, and
// require "any", "all" or a count from 1 to the number of triggers.
func (t CompoundTrigger) Validate() error {
	if err := validateTriggers(t.Triggers); err != nil {
		return err
	}
	switch t.Require {
	case RequireAny, RequireAll:
		return nil
	case "":
		return invalid("require", t.Require, `field required: "any", "all" or a number of triggers`)
	}
	n, ok := t.Require.Count()
	switch {
	case !ok:
		return invalid("require", t.Require, `require must be "any", "all" or a number of triggers`)
	case n < 1:
		return invalid("require", n, "require must be at least 1")
	case n > len(t.Triggers):
		return invalid("require", n, fmt.Sprintf("require must be less than or equal to the number of triggers (%d)", len(t.Triggers)))
	}
	return nil
}

// Validate validates the child triggers.
func (t SequenceTrigger) Validate() error { return validateTriggers(t.Triggers) }
