package models

// Agent is a legacy agent polling a work queue (table agent).
type Agent struct {
	Base
	Name        string `gorm:"column:name;type:VARCHAR;not null;unique" json:"name"`
	WorkQueueID UUID   `gorm:"column:work_queue_id;not null;index:ix_agent__work_queue_id" json:"work_queue_id"`
	// LastActivityTime defaults to the current time (Prefect: the
	// application clock; server default now()).
	LastActivityTime Timestamp `gorm:"column:last_activity_time;not null;default:now()" json:"last_activity_time"`

	// WorkQueue's foreign key has no ON DELETE action (NO ACTION): a work
	// queue with agents cannot be deleted.
	WorkQueue *WorkQueue `gorm:"foreignKey:WorkQueueID" json:"-"`
}

// TableName returns agent.
func (Agent) TableName() string { return "agent" }
