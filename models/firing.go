package models

// TriggerState is the state a firing moves its trigger into (Prefect's
// TriggerState enum).
type TriggerState string

// TriggerState values.
const (
	TriggerStateTriggered TriggerState = "Triggered"
	TriggerStateResolved  TriggerState = "Resolved"
)

// Firing is Prefect's Firing (prefect.server.events.schemas.automations):
// one firing of a trigger, the typed JSON of
// composite_trigger_child_firing.child_firing. JSON keys in Prefect's
// order: id, trigger, trigger_states, triggered, triggering_labels,
// triggering_firings, triggering_event, triggering_value.
//
// Defaults: nil TriggeringLabels is {}, nil TriggeringFirings is [], nil
// TriggeringEvent and TriggeringValue are null. Trigger, TriggerStates (a
// non-empty set, written as an array; nil is written []) and Triggered are
// required by Prefect; Prefect's default id is a random uuid4, so set ID.
type Firing struct {
	ID UUID `json:"id"`
	// Trigger is the trigger that fired.
	Trigger ServerTriggerTypes `json:"trigger"`
	// TriggerStates are the state changes the firing stands for (Triggered,
	// Resolved).
	TriggerStates []TriggerState `json:"trigger_states"`
	// Triggered is when the trigger fired, which may trail the event's
	// occurred time.
	Triggered ISOTime `json:"triggered"`
	// TriggeringLabels are the trigger's for_each label values of this firing
	// (event triggers only).
	TriggeringLabels map[string]string `json:"triggering_labels"`
	// TriggeringFirings are the child firings that made a compound or sequence
	// trigger fire.
	TriggeringFirings []Firing `json:"triggering_firings"`
	// TriggeringEvent is the most recent event of the firing.
	TriggeringEvent *ReceivedEvent `json:"triggering_event"`
	// TriggeringValue is a value conveyed with the firing (e.g. a metric's
	// last value).
	TriggeringValue any `json:"triggering_value"`
}

// MarshalJSON writes all eight keys in Prefect's order, nil collections as
// their empty defaults.
func (f Firing) MarshalJSON() ([]byte, error) {
	type plain Firing
	p := plain(f)
	if p.TriggerStates == nil {
		p.TriggerStates = []TriggerState{}
	}
	if p.TriggeringLabels == nil {
		p.TriggeringLabels = map[string]string{}
	}
	if p.TriggeringFirings == nil {
		p.TriggeringFirings = []Firing{}
	}
	return marshalJSONNoEscape(p)
}
