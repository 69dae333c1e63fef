package models

// AutomationBucket counts the events seen by one trigger of an automation
// for one bucketing key within one time window (table automation_bucket).
type AutomationBucket struct {
	Base
	AutomationID UUID `gorm:"column:automation_id;not null;index:ix_automation_bucket__automation_id__end,priority:1;uniqueIndex:uq_automation_bucket__automation_id__trigger_id__bucketing_key,priority:1" json:"automation_id"`
	// TriggerID is the id of a trigger inside the automation's trigger JSON
	// (no foreign key).
	TriggerID UUID `gorm:"column:trigger_id;not null;uniqueIndex:uq_automation_bucket__automation_id__trigger_id__bucketing_key,priority:2" json:"trigger_id"`
	// BucketingKey is the list of label values the trigger's for_each
	// selects. The migrated databases have no server default (the ORM has
	// '[]'), so a nil list is SQL NULL and rejected: set it, e.g. to
	// []string{}.
	BucketingKey JSON[[]string] `gorm:"column:bucketing_key;not null;uniqueIndex:uq_automation_bucket__automation_id__trigger_id__bucketing_key,priority:3" json:"bucketing_key"`
	// LastEvent is the most recent event counted in the bucket.
	LastEvent JSON[*ReceivedEvent] `gorm:"column:last_event" json:"last_event"`
	// Start and End bound the bucket's time window.
	Start Timestamp `gorm:"column:start;not null" json:"start"`
	// End is the column "end" (an SQL keyword; GORM quotes it).
	End Timestamp `gorm:"column:end;not null;index:ix_automation_bucket__automation_id__end,priority:2" json:"end"`
	// Count is how many matching events the window has seen.
	Count int `gorm:"column:count;type:INTEGER;not null" json:"count"`
	// LastOperation names the last change made to the bucket.
	LastOperation *string `gorm:"column:last_operation;type:VARCHAR" json:"last_operation"`
	// TriggeredAt is when the trigger fired for this window (NULL: not yet).
	TriggeredAt *Timestamp `gorm:"column:triggered_at" json:"triggered_at"`

	Automation *Automation `gorm:"foreignKey:AutomationID;constraint:OnDelete:CASCADE" json:"-"`
}

// TableName returns automation_bucket.
func (AutomationBucket) TableName() string { return "automation_bucket" }
