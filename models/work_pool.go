package models

// WorkPool is a pool of work queues served by workers of one type (table
// work_pool).
type WorkPool struct {
	Base
	Name        string  `gorm:"column:name;type:VARCHAR;not null;unique" json:"name"`
	Description *string `gorm:"column:description;type:VARCHAR" json:"description"`
	// Type is the worker type, e.g. "process". Nullable in Prefect's ORM but
	// NOT NULL in its migrated databases (without a default).
	Type string `gorm:"column:type;type:VARCHAR;not null;index:ix_work_pool__type" json:"type"`
	// BaseJobTemplate is the job configuration template workers fill in.
	BaseJobTemplate JSON[map[string]any] `gorm:"column:base_job_template;not null;default:'{}'" json:"base_job_template"`
	// IsPaused stops the delivery of all the pool's work.
	IsPaused bool `gorm:"column:is_paused;type:BOOLEAN;not null;default:false" json:"is_paused"`
	// DefaultQueueID is the pool's default work queue. Prefect's ORM maps it
	// as a plain UUID, but its migrated databases have the foreign key
	// fk_work_pool__default_queue_id__work_queue ON DELETE RESTRICT, which
	// makes work_pool and work_queue reference each other.
	DefaultQueueID *UUID `gorm:"column:default_queue_id" json:"default_queue_id"`
	// ConcurrencyLimit caps the pool's concurrent runs (nil: none).
	ConcurrencyLimit *int `gorm:"column:concurrency_limit;type:INTEGER" json:"concurrency_limit"`
	// Status is READY while one of the pool's workers is online, NOT_READY
	// when none is, PAUSED when the pool is paused.
	Status WorkPoolStatus `gorm:"column:status;not null;default:'NOT_READY'" json:"status"`
	// LastTransitionedStatusAt and LastStatusEventID track the status
	// events emitted for the pool; the event id has no foreign key.
	LastTransitionedStatusAt *Timestamp `gorm:"column:last_transitioned_status_at" json:"last_transitioned_status_at"`
	LastStatusEventID        *UUID      `gorm:"column:last_status_event_id" json:"last_status_event_id"`
	// StorageConfiguration (Prefect 3.2.14) is where the pool's workers
	// store flow bundles and results.
	StorageConfiguration JSON[WorkPoolStorageConfiguration] `gorm:"column:storage_configuration;not null;default:'{}'" json:"storage_configuration"`

	DefaultQueue *WorkQueue `gorm:"foreignKey:DefaultQueueID;constraint:OnDelete:RESTRICT" json:"-"`
}

// TableName returns work_pool.
func (WorkPool) TableName() string { return "work_pool" }
