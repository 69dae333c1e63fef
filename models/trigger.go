package models

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// Trigger type discriminators (the "type" key of a trigger).
const (
	TriggerTypeEvent    = "event"
	TriggerTypeCompound = "compound"
	TriggerTypeSequence = "sequence"
)

// Trigger is one variant of Prefect's ServerTriggerTypes union: EventTrigger,
// CompoundTrigger or SequenceTrigger (values or pointers).
type Trigger interface {
	// TriggerType returns the "type" discriminator of the variant.
	TriggerType() string
	// TriggerID returns the trigger's id.
	TriggerID() UUID
}

// ServerTriggerTypes is the typed JSON of automation.trigger and
// Firing.trigger: Prefect's union EventTrigger | CompoundTrigger |
// SequenceTrigger (prefect.server.events.schemas.automations), discriminated
// by the "type" key. On read the variant is stored as a pointer
// (*EventTrigger, *CompoundTrigger, *SequenceTrigger); a nil Trigger
// marshals as null.
type ServerTriggerTypes struct {
	Trigger
}

// NewServerTrigger wraps t.
func NewServerTrigger(t Trigger) ServerTriggerTypes { return ServerTriggerTypes{Trigger: t} }

// MarshalJSON writes the held variant.
func (s ServerTriggerTypes) MarshalJSON() ([]byte, error) {
	if isNilValue(s.Trigger) {
		return []byte("null"), nil
	}
	return marshalJSONNoEscape(s.Trigger)
}

// UnmarshalJSON reads the variant named by the "type" key.
func (s *ServerTriggerTypes) UnmarshalJSON(b []byte) error {
	if string(bytes.TrimSpace(b)) == "null" {
		s.Trigger = nil
		return nil
	}
	var head struct {
		Type string `json:"type"`
	}
	if err := decodeJSON(b, &head); err != nil {
		return fmt.Errorf("prefectorm: decode trigger: %w", err)
	}
	var t Trigger
	switch head.Type {
	case TriggerTypeEvent:
		t = &EventTrigger{}
	case TriggerTypeCompound:
		t = &CompoundTrigger{}
	case TriggerTypeSequence:
		t = &SequenceTrigger{}
	default:
		return fmt.Errorf("prefectorm: unknown trigger type %q (want event, compound or sequence)", head.Type)
	}
	if err := unmarshalJSONNumbers(b, t); err != nil {
		return fmt.Errorf("prefectorm: decode %s trigger: %w", head.Type, err)
	}
	s.Trigger = t
	return nil
}

// Posture is an event trigger's posture (Prefect's Posture enum; EventTrigger
// accepts Reactive and Proactive only).
type Posture string

// Posture values.
const (
	PostureReactive  Posture = "Reactive"
	PostureProactive Posture = "Proactive"
	PostureMetric    Posture = "Metric"
)

// ResourceSpecification is a trigger's match / match_related: label name to
// a string or a list of strings (values decoded from JSON are string or
// []any). A nil ResourceSpecification marshals as {}, Prefect's default.
type ResourceSpecification map[string]any

// MarshalJSON writes the labels; nil is {}.
func (r ResourceSpecification) MarshalJSON() ([]byte, error) {
	if r == nil {
		return []byte("{}"), nil
	}
	return marshalJSONNoEscape(map[string]any(r))
}

// StringSet is a Python set of strings, serialised as a JSON array; nil
// marshals as [] (Prefect's default empty set). Order is kept as given.
type StringSet []string

// MarshalJSON writes the strings; nil is [].
func (s StringSet) MarshalJSON() ([]byte, error) {
	if s == nil {
		return []byte("[]"), nil
	}
	return marshalJSONNoEscape([]string(s))
}

// EventTrigger fires on the presence (Reactive) or absence (Proactive) of
// events. JSON keys, in Prefect's order: type ("event"), id, match,
// match_related, after, expect, for_each, posture, threshold, within.
//
// Defaults: nil Match/MatchRelated are {}, nil After/Expect/ForEach are [],
// a nil Threshold is 1, Within 0 is 0.0 seconds except that a Proactive
// trigger with Within 0 is written with 10.0 seconds (Prefect's validator
// does the same). Prefect's default id is a random uuid4: use
// NewEventTrigger or set ID. Posture is required.
type EventTrigger struct {
	// ID identifies the trigger within its automation.
	ID UUID `json:"id"`
	// Match selects the events' primary resources by label.
	Match ResourceSpecification `json:"match"`
	// MatchRelated selects the events' related resources by label.
	MatchRelated ResourceSpecification `json:"match_related"`
	// After are the events that must be seen first to arm the trigger (empty:
	// armed at once); a trailing * is a wildcard.
	After StringSet `json:"after"`
	// Expect are the events the trigger counts (empty: any event); a trailing
	// * is a wildcard.
	Expect StringSet `json:"expect"`
	// ForEach evaluates the trigger separately for each distinct value of
	// these resource labels (related:<role>:<label> for a related resource's).
	ForEach StringSet `json:"for_each"`
	// Posture is Reactive (fire on the events' presence) or Proactive (on
	// their absence).
	Posture   Posture `json:"posture"`
	Threshold *int    `json:"threshold"` // nil -> 1
	// Within is the window the events must occur in (at least 10 s for a
	// Proactive trigger).
	Within Seconds `json:"within"`
}

// NewEventTrigger returns an EventTrigger with a random id and the posture.
func NewEventTrigger(posture Posture) *EventTrigger {
	return &EventTrigger{ID: NewUUID(), Posture: posture}
}

// TriggerType returns "event".
func (EventTrigger) TriggerType() string { return TriggerTypeEvent }

// TriggerID returns the trigger's id.
func (t EventTrigger) TriggerID() UUID { return t.ID }

// ThresholdValue returns Threshold, or Prefect's default 1 when it is nil.
func (t EventTrigger) ThresholdValue() int {
	if t.Threshold == nil {
		return 1
	}
	return *t.Threshold
}

// MarshalJSON writes the ten keys in Prefect's order with Prefect's defaults.
func (t EventTrigger) MarshalJSON() ([]byte, error) {
	within := t.Within
	if t.Posture == PostureProactive && within == 0 {
		within = Seconds(10 * time.Second)
	}
	return marshalJSONNoEscape(struct {
		Type         string                `json:"type"`
		ID           UUID                  `json:"id"`
		Match        ResourceSpecification `json:"match"`
		MatchRelated ResourceSpecification `json:"match_related"`
		After        StringSet             `json:"after"`
		Expect       StringSet             `json:"expect"`
		ForEach      StringSet             `json:"for_each"`
		Posture      Posture               `json:"posture"`
		Threshold    int                   `json:"threshold"`
		Within       Seconds               `json:"within"`
	}{TriggerTypeEvent, t.ID, t.Match, t.MatchRelated, t.After, t.Expect, t.ForEach, t.Posture, t.ThresholdValue(), within})
}

// CompoundRequire is CompoundTrigger.require: "any", "all" or a count of
// child triggers (held as its decimal text, written as a JSON number).
type CompoundRequire string

// CompoundRequire values other than counts.
const (
	RequireAny CompoundRequire = "any"
	RequireAll CompoundRequire = "all"
)

// RequireCount returns the require value for n child triggers.
func RequireCount(n int) CompoundRequire { return CompoundRequire(strconv.Itoa(n)) }

// Count returns the count when r is one.
func (r CompoundRequire) Count() (int, bool) {
	n, err := strconv.Atoi(string(r))
	return n, err == nil
}

// MarshalJSON writes a count as a number and "any"/"all" as a string.
func (r CompoundRequire) MarshalJSON() ([]byte, error) {
	if n, ok := r.Count(); ok {
		return []byte(strconv.Itoa(n)), nil
	}
	return marshalJSONNoEscape(string(r))
}

// UnmarshalJSON reads a number or a string.
func (r *CompoundRequire) UnmarshalJSON(b []byte) error {
	var s string
	if err := decodeJSON(b, &s); err == nil {
		*r = CompoundRequire(s)
		return nil
	}
	var n json.Number
	if err := decodeJSON(b, &n); err != nil {
		return fmt.Errorf("prefectorm: invalid compound trigger require %s", b)
	}
	if i, err := n.Int64(); err == nil {
		*r = RequireCount(int(i))
		return nil
	}
	if f, err := n.Float64(); err == nil && f == float64(int64(f)) {
		*r = RequireCount(int(f))
		return nil
	}
	return fmt.Errorf("prefectorm: invalid compound trigger require %s", b)
}

// CompoundTrigger fires when Require of its child triggers have fired
// within Within. JSON keys, in Prefect's order: type ("compound"), id,
// triggers, within, require. Triggers, Within (nil is null) and Require
// are required by Prefect; nil Triggers is written [].
type CompoundTrigger struct {
	// ID identifies the trigger within its automation.
	ID UUID `json:"id"`
	// Triggers are the child triggers.
	Triggers []ServerTriggerTypes `json:"triggers"`
	// Within is the window the children must fire in (nil: no limit).
	Within *Seconds `json:"within"`
	// Require is how many children must fire: any, all or a count.
	Require CompoundRequire `json:"require"`
}

// TriggerType returns "compound".
func (CompoundTrigger) TriggerType() string { return TriggerTypeCompound }

// TriggerID returns the trigger's id.
func (t CompoundTrigger) TriggerID() UUID { return t.ID }

// MarshalJSON writes the five keys in Prefect's order.
func (t CompoundTrigger) MarshalJSON() ([]byte, error) {
	return marshalJSONNoEscape(struct {
		Type     string               `json:"type"`
		ID       UUID                 `json:"id"`
		Triggers []ServerTriggerTypes `json:"triggers"`
		Within   *Seconds             `json:"within"`
		Require  CompoundRequire      `json:"require"`
	}{TriggerTypeCompound, t.ID, nonNilTriggers(t.Triggers), t.Within, t.Require})
}

// SequenceTrigger fires when its child triggers have fired in order within
// Within. JSON keys, in Prefect's order: type ("sequence"), id, triggers,
// within. Triggers and Within (nil is null) are required by Prefect; nil
// Triggers is written [].
type SequenceTrigger struct {
	// ID identifies the trigger within its automation.
	ID UUID `json:"id"`
	// Triggers are the child triggers, in the order they must fire.
	Triggers []ServerTriggerTypes `json:"triggers"`
	// Within is the window the sequence must complete in (nil: no limit).
	Within *Seconds `json:"within"`
}

// TriggerType returns "sequence".
func (SequenceTrigger) TriggerType() string { return TriggerTypeSequence }

// TriggerID returns the trigger's id.
func (t SequenceTrigger) TriggerID() UUID { return t.ID }

// MarshalJSON writes the four keys in Prefect's order.
func (t SequenceTrigger) MarshalJSON() ([]byte, error) {
	return marshalJSONNoEscape(struct {
		Type     string               `json:"type"`
		ID       UUID                 `json:"id"`
		Triggers []ServerTriggerTypes `json:"triggers"`
		Within   *Seconds             `json:"within"`
	}{TriggerTypeSequence, t.ID, nonNilTriggers(t.Triggers), t.Within})
}

func nonNilTriggers(t []ServerTriggerTypes) []ServerTriggerTypes {
	if t == nil {
		return []ServerTriggerTypes{}
	}
	return t
}
