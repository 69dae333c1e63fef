package models

// Log is one log record emitted by a flow or task run (table log).
// FlowRunID and TaskRunID are plain UUIDs without foreign keys.
type Log struct {
	Base
	Name      string `gorm:"column:name;type:VARCHAR;not null" json:"name"`
	Level     int    `gorm:"column:level;type:SMALLINT;not null;index:ix_log__level" json:"level"`
	FlowRunID *UUID  `gorm:"column:flow_run_id;index:ix_log__flow_run_id;index:ix_log__flow_run_id_timestamp,priority:1" json:"flow_run_id"`
	TaskRunID *UUID  `gorm:"column:task_run_id;index:ix_log__task_run_id" json:"task_run_id"`
	Message   string `gorm:"column:message;type:TEXT;not null" json:"message"`
	// Timestamp is the client-side time of the log record.
	Timestamp Timestamp `gorm:"column:timestamp;not null;index:ix_log__timestamp;index:ix_log__flow_run_id_timestamp,priority:2" json:"timestamp"`
}

// TableName returns log.
func (Log) TableName() string { return "log" }
