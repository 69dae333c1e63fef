package models

// WorkQueue is a queue of a work pool from which workers pick up flow runs
// (table work_queue).
type WorkQueue struct {
	Base
	Name string `gorm:"column:name;type:VARCHAR;not null" json:"name"`
	// Filter is the legacy queue filter; nil is stored as NULL.
	Filter JSON[*QueueFilter] `gorm:"column:filter" json:"filter"`
	// Description's server default is the empty string (SQLite DEFAULT ('')).
	Description string `gorm:"column:description;type:VARCHAR;not null;default:('')" json:"description"`
	// IsPaused stops the queue from handing out runs.
	IsPaused bool `gorm:"column:is_paused;type:BOOLEAN;not null;default:false" json:"is_paused"`
	// ConcurrencyLimit caps the queue's concurrent runs (nil: none).
	ConcurrencyLimit *int `gorm:"column:concurrency_limit;type:INTEGER" json:"concurrency_limit"`
	// Priority orders the queues of a pool (1 is the highest). Prefect
	// requires a positive priority; a zero value is written as the server
	// default 1 (present in the migrated databases, not in the ORM).
	Priority int `gorm:"column:priority;type:INTEGER;not null;default:1;index:ix_work_queue__work_pool_id_priority,priority:2" json:"priority"`
	// LastPolled is when a worker last polled the queue.
	LastPolled *Timestamp `gorm:"column:last_polled" json:"last_polled"`
	// Status is READY while workers poll the queue, NOT_READY when they do
	// not, PAUSED when it is paused.
	Status     WorkQueueStatus `gorm:"column:status;not null;default:'NOT_READY'" json:"status"`
	WorkPoolID UUID            `gorm:"column:work_pool_id;not null;index:ix_work_queue__work_pool_id;index:ix_work_queue__work_pool_id_priority,priority:1" json:"work_pool_id"`

	WorkPool *WorkPool `gorm:"foreignKey:WorkPoolID;constraint:OnDelete:CASCADE" json:"-"`
}

// TableName returns work_queue.
func (WorkQueue) TableName() string { return "work_queue" }
