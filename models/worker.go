package models

// Worker is a worker polling a work pool, tracked by its heartbeats (table
// worker).
type Worker struct {
	Base
	WorkPoolID UUID   `gorm:"column:work_pool_id;not null;index:ix_worker__work_pool_id;index:ix_worker__work_pool_id_last_heartbeat_time,priority:1" json:"work_pool_id"`
	Name       string `gorm:"column:name;type:VARCHAR;not null" json:"name"`
	// LastHeartbeatTime defaults to the current time (Prefect: the
	// application clock; server default now()).
	LastHeartbeatTime Timestamp `gorm:"column:last_heartbeat_time;not null;default:now();index:ix_worker__work_pool_id_last_heartbeat_time,priority:2" json:"last_heartbeat_time"`
	// HeartbeatIntervalSeconds is the interval the worker sends heartbeats at;
	// one that misses several is OFFLINE.
	HeartbeatIntervalSeconds *int `gorm:"column:heartbeat_interval_seconds;type:INTEGER" json:"heartbeat_interval_seconds"`
	// Status is ONLINE while the worker's heartbeats arrive, else OFFLINE.
	Status WorkerStatus `gorm:"column:status;not null;default:'OFFLINE'" json:"status"`

	WorkPool *WorkPool `gorm:"foreignKey:WorkPoolID;constraint:OnDelete:CASCADE" json:"-"`
}

// TableName returns worker.
func (Worker) TableName() string { return "worker" }
