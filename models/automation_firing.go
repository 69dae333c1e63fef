package models

// CompositeTriggerChildFiring records the firing of a child trigger of a
// compound or sequence trigger, one row per (automation, parent trigger,
// child trigger) (table composite_trigger_child_firing).
type CompositeTriggerChildFiring struct {
	Base
	AutomationID UUID `gorm:"column:automation_id;not null;uniqueIndex:uq_composite_trigger_child_firing__a_id__pt_id__ct__id,priority:1" json:"automation_id"`
	// ParentTriggerID is the compound or sequence trigger waiting for its
	// children.
	ParentTriggerID UUID `gorm:"column:parent_trigger_id;not null;uniqueIndex:uq_composite_trigger_child_firing__a_id__pt_id__ct__id,priority:2" json:"parent_trigger_id"`
	// ChildTriggerID is the child trigger that fired.
	ChildTriggerID UUID `gorm:"column:child_trigger_id;not null;uniqueIndex:uq_composite_trigger_child_firing__a_id__pt_id__ct__id,priority:3" json:"child_trigger_id"`
	// ChildFiringID is the id of the child's firing.
	ChildFiringID UUID `gorm:"column:child_firing_id;not null" json:"child_firing_id"`
	// ChildFiredAt is when the child fired.
	ChildFiredAt *Timestamp `gorm:"column:child_fired_at" json:"child_fired_at"`
	// ChildFiring is the child's firing.
	ChildFiring JSON[Firing] `gorm:"column:child_firing;not null" json:"child_firing"`

	Automation *Automation `gorm:"foreignKey:AutomationID;constraint:OnDelete:CASCADE" json:"-"`
}

// TableName returns composite_trigger_child_firing.
func (CompositeTriggerChildFiring) TableName() string { return "composite_trigger_child_firing" }

// AutomationEventFollower holds an event that arrived before the event it
// follows, until the leader is seen (table automation_event_follower).
type AutomationEventFollower struct {
	Base
	// Scope has no server default; Prefect's Python default is "".
	Scope string `gorm:"column:scope;type:VARCHAR;not null;index:ix_automation_event_follower__scope;index:ix_ae_follower_scope_leader,priority:1;uniqueIndex:uq_follower_for_scope,priority:1" json:"scope"`
	// LeaderEventID is the event the follower follows, not received yet.
	LeaderEventID UUID `gorm:"column:leader_event_id;not null;index:ix_automation_event_follower__leader_event_id;index:ix_ae_follower_scope_leader,priority:2" json:"leader_event_id"`
	// FollowerEventID is the id of the event that arrived before the one it
	// follows.
	FollowerEventID UUID `gorm:"column:follower_event_id;not null;uniqueIndex:uq_follower_for_scope,priority:2" json:"follower_event_id"`
	// Received is when the follower was received.
	Received Timestamp `gorm:"column:received;not null;index:ix_automation_event_follower__received" json:"received"`
	// Follower is the follower event, processed once its leader arrives.
	Follower JSON[ReceivedEvent] `gorm:"column:follower;not null" json:"follower"`
}

// TableName returns automation_event_follower.
func (AutomationEventFollower) TableName() string { return "automation_event_follower" }
