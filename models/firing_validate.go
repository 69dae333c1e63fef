package models

import "fmt"

// Validate applies Firing's rules: a valid trigger, at least one trigger
// state, each "Triggered" or "Resolved", and valid triggering firings and
// triggering event.
func (f Firing) Validate() error {
	if err := f.Trigger.Validate(); err != nil {
		return inField("trigger", err)
	}
	if len(f.TriggerStates) == 0 {
		return invalid("trigger_states", f.TriggerStates, "At least one trigger state must be provided")
	}
	for i, s := range f.TriggerStates {
		if s != TriggerStateTriggered && s != TriggerStateResolved {
			return invalid(fmt.Sprintf("trigger_states[%d]", i), s, `a trigger state must be "Triggered" or "Resolved"`)
		}
	}
	for i, child := range f.TriggeringFirings {
		if err := child.Validate(); err != nil {
			return inField(fmt.Sprintf("triggering_firings[%d]", i), err)
		}
	}
	if f.TriggeringEvent != nil {
		if err := f.TriggeringEvent.Validate(); err != nil {
			return inField("triggering_event", err)
		}
	}
	return nil
}
