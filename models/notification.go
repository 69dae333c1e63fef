package models

// FlowRunNotificationPolicy sends a notification through a block document
// when flow runs with matching tags enter matching states (table
// flow_run_notification_policy, formerly flow_run_alert_policy). Prefect
// 3.4.0 turned each policy into an automation and dropped the table;
// CreateSchema does not create it and All does not list it (see Dropped).
//
// Deprecated: dropped by Prefect 3.4.0 (revision 7655f31c5157 / 4160a4841eed); usable only on databases migrated to a version before that.
type FlowRunNotificationPolicy struct {
	Base
	// IsActive is *bool because of its server default true: nil writes the
	// default (Prefect's default too), false is written as false.
	IsActive *bool `gorm:"column:is_active;type:BOOLEAN;not null;default:true" json:"is_active"`
	// StateNames and Tags select the flow runs; empty matches all.
	StateNames JSON[[]string] `gorm:"column:state_names;not null;default:'[]'" json:"state_names"`
	Tags       JSON[[]string] `gorm:"column:tags;not null;default:'[]'" json:"tags"`
	// MessageTemplate is the notification text with placeholders (nil:
	// Prefect's default text).
	MessageTemplate *string `gorm:"column:message_template;type:VARCHAR" json:"message_template"`
	// BlockDocumentID is the notification block that sends the message.
	BlockDocumentID UUID `gorm:"column:block_document_id;not null" json:"block_document_id"`

	// BlockDocument's foreign key keeps the name it had when the table was
	// called flow_run_alert_policy.
	BlockDocument *BlockDocument `gorm:"foreignKey:BlockDocumentID;constraint:fk_flow_run_alert_policy__block_document_id__block_document,OnDelete:CASCADE" json:"-"`
}

// TableName returns flow_run_notification_policy.
func (FlowRunNotificationPolicy) TableName() string { return "flow_run_notification_policy" }

// FlowRunNotificationQueue is a pending notification: a policy matched by a
// flow run state (table flow_run_notification_queue). Both ids deliberately
// have no foreign key. Not created by CreateSchema nor listed by All (see
// Dropped).
//
// Deprecated: dropped by Prefect 3.4.0 (revision 7655f31c5157 / 4160a4841eed); usable only on databases migrated to a version before that.
type FlowRunNotificationQueue struct {
	Base
	// FlowRunNotificationPolicyID and FlowRunStateID are the policy and the
	// state change a queued notification is for.
	FlowRunNotificationPolicyID UUID `gorm:"column:flow_run_notification_policy_id;not null" json:"flow_run_notification_policy_id"`
	FlowRunStateID              UUID `gorm:"column:flow_run_state_id;not null" json:"flow_run_state_id"`
}

// TableName returns flow_run_notification_queue.
func (FlowRunNotificationQueue) TableName() string { return "flow_run_notification_queue" }
