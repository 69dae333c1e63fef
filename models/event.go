package models

// Event is a stored event (table events, plural).
//
// Not declared here because they differ by dialect since Prefect 3.3.4
// (PostgreSQL revision 7a73514ca2d6): SQLite keeps
// ix_events__event_related_occurred (event, related, occurred) and
// ix_events__related_resource_ids, PostgreSQL has ix_events__event_occurred
// (event, occurred) and the GIN indexes ix_events__related_gin and
// ix_events__related_resource_ids_gin instead.
type Event struct {
	Base
	// Occurred is when the event happened, by the emitter's clock.
	Occurred Timestamp `gorm:"column:occurred;not null;index:ix_events__occurred;index:ix_events__event_resource_id_occurred,priority:3" json:"occurred"`
	// Event is the event's name, e.g. prefect.flow-run.Completed.
	Event string `gorm:"column:event;type:TEXT;not null;index:ix_events__event_resource_id_occurred,priority:1" json:"event"`
	// ResourceID is the primary resource's prefect.resource.id.
	ResourceID string `gorm:"column:resource_id;type:TEXT;not null;index:ix_events__event_resource_id_occurred,priority:2" json:"resource_id"`
	// Resource is the full label map of the primary resource.
	Resource JSON[map[string]string] `gorm:"column:resource;not null" json:"resource"`
	// RelatedResourceIDs lists the related resources' prefect.resource.id.
	RelatedResourceIDs JSON[[]string] `gorm:"column:related_resource_ids;not null;default:'[]'" json:"related_resource_ids"`
	// Related lists the related resources' label maps.
	Related JSON[[]map[string]string] `gorm:"column:related;not null;default:'[]'" json:"related"`
	// Payload is the event's free-form data.
	Payload JSON[map[string]any] `gorm:"column:payload;not null" json:"payload"`
	// Received is when the server received the event.
	Received Timestamp `gorm:"column:received;not null" json:"received"`
	// Recorded is the server time the row was written.
	Recorded Timestamp `gorm:"column:recorded;not null" json:"recorded"`
	// Follows is the id of an event this one follows (no foreign key).
	Follows *UUID `gorm:"column:follows" json:"follows"`
}

// TableName returns events.
func (Event) TableName() string { return "events" }

// EventResource is one resource (primary or related) of a stored event,
// for resource-based lookups (table event_resources, plural).
type EventResource struct {
	Base
	// Occurred is a copy of the event's occurred.
	// Occurred is indexed alone since Prefect 3.7.5.
	Occurred Timestamp `gorm:"column:occurred;not null;index:ix_event_resources__occurred;index:ix_event_resources__resource_id__occurred,priority:2" json:"occurred"`
	// ResourceID is the resource's prefect.resource.id.
	ResourceID string `gorm:"column:resource_id;type:TEXT;not null;index:ix_event_resources__resource_id__occurred,priority:1" json:"resource_id"`
	// ResourceRole is "" for the primary resource, else the related
	// resource's role.
	ResourceRole string `gorm:"column:resource_role;type:TEXT;not null" json:"resource_role"`
	// Resource is the label map without prefect.resource.id and
	// prefect.resource.role (plain sa.JSON: JSON, not JSONB, on PostgreSQL).
	Resource PlainJSON[map[string]string] `gorm:"column:resource;not null" json:"resource"`
	// EventID is the owning event's id (no foreign key; indexed since
	// Prefect 3.8.0).
	EventID UUID `gorm:"column:event_id;not null;index:ix_event_resources__event_id" json:"event_id"`
}

// TableName returns event_resources.
func (EventResource) TableName() string { return "event_resources" }
