package models

// FlowRunInput is an input sent to a paused or suspended flow run (table
// flow_run_input), unique per (flow_run_id, key).
type FlowRunInput struct {
	Base
	FlowRunID UUID `gorm:"column:flow_run_id;not null" json:"flow_run_id"`
	// Key names the input within its flow run (unique per run).
	Key string `gorm:"column:key;type:VARCHAR;not null" json:"key"`
	// Value is JSON-encoded text produced by the caller (a TEXT column).
	Value string `gorm:"column:value;type:TEXT;not null" json:"value"`
	// Sender identifies who sent the input, if known.
	Sender *string `gorm:"column:sender;type:VARCHAR" json:"sender"`

	FlowRun *FlowRun `gorm:"foreignKey:FlowRunID;constraint:OnDelete:CASCADE" json:"-"`
}

// TableName returns flow_run_input.
func (FlowRunInput) TableName() string { return "flow_run_input" }
