package models

import (
	"math"
	"strconv"
)

// Log is one log record emitted by a flow or task run (table log).
// FlowRunID and TaskRunID are plain UUIDs without foreign keys.
type Log struct {
	Base
	// Name is the logger's name.
	Name string `gorm:"column:name;type:VARCHAR;not null" json:"name"`
	// Level is the record's numeric logging level (Python's: 10 DEBUG to
	// 50 CRITICAL), a SMALLINT: a value outside -32768..32767 is refused
	// on both dialects before any SQL is sent (ValidateRow).
	Level     int    `gorm:"column:level;type:SMALLINT;not null;index:ix_log__level" json:"level"`
	FlowRunID *UUID  `gorm:"column:flow_run_id;index:ix_log__flow_run_id;index:ix_log__flow_run_id_timestamp,priority:1" json:"flow_run_id"`
	TaskRunID *UUID  `gorm:"column:task_run_id;index:ix_log__task_run_id" json:"task_run_id"`
	Message   string `gorm:"column:message;type:TEXT;not null" json:"message"`
	// Timestamp is the client-side time of the log record. Left zero on
	// create it is the application clock, as Prefect's default (the hooks
	// fill it, tag prefectDefault).
	Timestamp Timestamp `gorm:"column:timestamp;not null;prefectDefault:now;index:ix_log__timestamp;index:ix_log__flow_run_id_timestamp,priority:2" json:"timestamp"`
}

// TableName returns log.
func (Log) TableName() string { return "log" }

// ValidateRow refuses a level that does not fit log.level's SMALLINT
// (PostgreSQL would refuse it, SQLite would store it).
func (l Log) ValidateRow(writes func(column string) bool) error {
	if writes("level") && (l.Level < math.MinInt16 || l.Level > math.MaxInt16) {
		return &ValueError{Column: "log.level", Type: "smallint", Value: strconv.Itoa(l.Level), Reason: "out of range -32768..32767"}
	}
	return nil
}
