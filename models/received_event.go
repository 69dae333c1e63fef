package models

import (
	"bytes"
	"encoding/json"
)

// ReceivedEvent is Prefect's ReceivedEvent
// (prefect.server.events.schemas.events.ReceivedEvent): an event as the
// server received it. It is the typed JSON of automation_bucket.last_event,
// automation_event_follower.follower and Firing.triggering_event.
//
// Fields are in Prefect's serialisation order. Go zero values serialise as
// Prefect's defaults where Prefect has one: a nil Related is written [] and a
// nil Payload {}. Occurred, Event, Resource and ID are required by Prefect
// (Resource must hold a non-empty "prefect.resource.id"; a nil Resource is
// written {}), and Received defaults to "now" in Prefect, so callers set it.
// Unknown keys are ignored on read, as Prefect does (extra=ignore).
//
// Label maps are Go maps, so they marshal with sorted keys rather than
// Python's insertion order (PostgreSQL's jsonb does not keep it either).
type ReceivedEvent struct {
	// Occurred is when the event happened, by the emitter's clock.
	Occurred ISOTime `json:"occurred"`
	// Event is the event's name, e.g. prefect.flow-run.Completed.
	Event string `json:"event"`
	// Resource is the primary resource's labels (prefect.resource.id among
	// them).
	Resource map[string]string `json:"resource"`
	// Related are the related resources' labels (each with
	// prefect.resource.role).
	Related []map[string]string `json:"related"`
	// Payload is the event's free-form data.
	Payload map[string]any `json:"payload"`
	ID      UUID           `json:"id"`
	// Follows is the id of an event this one must be processed after.
	Follows *UUID `json:"follows"`
	// Received is when the server received the event.
	Received ISOTime `json:"received"`
}

// MarshalJSON writes all eight keys in Prefect's order, nil collections as
// their empty defaults.
func (e ReceivedEvent) MarshalJSON() ([]byte, error) {
	type plain ReceivedEvent
	p := plain(e)
	if p.Resource == nil {
		p.Resource = map[string]string{}
	}
	if p.Related == nil {
		p.Related = []map[string]string{}
	}
	if p.Payload == nil {
		p.Payload = map[string]any{}
	}
	return marshalJSONNoEscape(p)
}

// marshalJSONNoEscape is json.Marshal without HTML escaping, so that the
// typed JSON written by the MarshalJSON methods of this package keeps <, >
// and & as Python's json.dumps does.
func marshalJSONNoEscape(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// unmarshalJSONNumbers is decodeJSON (which keeps numbers held in
// interfaces as json.Number, so integers and floats keep their text).
func unmarshalJSONNumbers(b []byte, v any) error { return decodeJSON(b, v) }
