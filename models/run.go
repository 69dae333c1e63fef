package models

// Run holds the columns Prefect's abstract Run class gives both flow_run and
// task_run. Embed it in FlowRun and TaskRun after their own columns.
//
// Its indexes are per table (ix_flow_run__name, ix_task_run__name, ...), so
// the tags use the unnamed `index` setting and let the naming strategy build
// ix_<table>__<column>. Indexes whose reference name does not follow that
// pattern are declared per table in internal/tableddl or not at all:
// ix_<table>__next_scheduled_start_time_asc is declared by FlowRun and TaskRun;
// ix_<table>__expected_start_time_desc and ix_<table>__end_time_desc are DESC
// on PostgreSQL but plain on SQLite and are therefore not declared.
type Run struct {
	// Name defaults in Prefect to a random two-word slug (application side;
	// there is no server default).
	Name string `gorm:"column:name;type:VARCHAR;not null;index" json:"name"`

	// Denormalised copy of the current state, maintained by orchestration.
	StateType      *StateType `gorm:"column:state_type;index" json:"state_type"`
	StateName      *string    `gorm:"column:state_name;type:VARCHAR;index" json:"state_name"`
	StateTimestamp *Timestamp `gorm:"column:state_timestamp;index" json:"state_timestamp"`

	// RunCount is how many times the run entered RUNNING.
	RunCount int `gorm:"column:run_count;type:INTEGER;not null;default:0" json:"run_count"`
	// ExpectedStartTime is when the run was expected to start: the scheduled
	// time of its first state when that is SCHEDULED, else that state's
	// timestamp.
	ExpectedStartTime *Timestamp `gorm:"column:expected_start_time" json:"expected_start_time"`
	// NextScheduledStartTime is the scheduled time while the run is SCHEDULED,
	// NULL otherwise.
	NextScheduledStartTime *Timestamp `gorm:"column:next_scheduled_start_time" json:"next_scheduled_start_time"`
	// StartTime is when the run first entered RUNNING.
	StartTime *Timestamp `gorm:"column:start_time;index" json:"start_time"`
	// EndTime is when the started run entered a terminal state; it is cleared
	// when the run leaves it.
	EndTime *Timestamp `gorm:"column:end_time" json:"end_time"`

	// TotalRunTime is the accumulated RUNNING time, incremented by
	// orchestration when a RUNNING state is exited.
	// Its server default is DDL only (serverDefault): the Go value, zero
	// included, is always written, as Prefect writes timedelta(0).
	TotalRunTime Interval `gorm:"column:total_run_time;not null;serverDefault:0" json:"total_run_time"`
}
