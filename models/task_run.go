package models

// TaskRun is one run of a task (table task_run). FlowRunID is NULL for task
// runs submitted outside a flow run (NULLs never collide in
// uq_task_run__flow_run_id_task_key_dynamic_key).
//
// Not declared here because they differ between the reference databases:
// ix_task_run__end_time_desc and ix_task_run__expected_start_time_desc (DESC
// on PostgreSQL, plain on SQLite), ix_task_run_name_case_insensitive (SQLite
// only) and trgm_ix_task_run_name (PostgreSQL only).
type TaskRun struct {
	Base
	// FlowRunID is the flow run the task runs in; NULL for a task run outside
	// any flow run.
	FlowRunID *UUID `gorm:"column:flow_run_id;index:ix_task_run__flow_run_id;uniqueIndex:uq_task_run__flow_run_id_task_key_dynamic_key,priority:1" json:"flow_run_id"`
	// TaskKey identifies the task (its function): the same for every run of
	// it.
	TaskKey string `gorm:"column:task_key;type:VARCHAR;not null;uniqueIndex:uq_task_run__flow_run_id_task_key_dynamic_key,priority:2" json:"task_key"`
	// DynamicKey tells the runs of one task within one flow run apart.
	DynamicKey string `gorm:"column:dynamic_key;type:VARCHAR;not null;uniqueIndex:uq_task_run__flow_run_id_task_key_dynamic_key,priority:3" json:"dynamic_key"`
	// CacheKey, when set, lets a later run with the same key reuse this run's
	// COMPLETED state instead of running.
	CacheKey *string `gorm:"column:cache_key;type:VARCHAR" json:"cache_key"`
	// CacheExpiration is when that cached state stops being reused (NULL:
	// never).
	CacheExpiration *Timestamp `gorm:"column:cache_expiration" json:"cache_expiration"`
	// TaskVersion is the version of the task that runs.
	TaskVersion *string `gorm:"column:task_version;type:VARCHAR" json:"task_version"`
	// FlowRunRunCount is the run count of the flow run when the task run last
	// entered RUNNING: the flow run retry it belongs to.
	FlowRunRunCount int `gorm:"column:flow_run_run_count;type:INTEGER;not null;default:0" json:"flow_run_run_count"`

	// EmpiricalPolicy holds the task run's retry settings.
	EmpiricalPolicy JSON[TaskRunPolicy] `gorm:"column:empirical_policy;not null;default:'{}'" json:"empirical_policy"`
	// TaskInputs records, per parameter, where its value came from (upstream
	// task runs, flow parameters, constants); Prefect draws the run graph from
	// it.
	TaskInputs JSON[TaskInputs] `gorm:"column:task_inputs;not null;default:'{}'" json:"task_inputs"`
	Tags       JSON[[]string]   `gorm:"column:tags;not null;default:'[]'" json:"tags"`
	// Labels (Prefect 3.1.5) are the run's key-value labels.
	Labels JSON[KeyValueLabels] `gorm:"column:labels" json:"labels"`
	// StateID points at the current task_run_state row. It has no foreign
	// key since Prefect 3.4.7 (revisions 8bb517bae6f9 / 3b86c5ea017a, a
	// deadlock fix): deleting a task run state leaves it as it was.
	StateID *UUID `gorm:"column:state_id;index:ix_task_run__state_id" json:"state_id"`

	Run

	FlowRun *FlowRun      `gorm:"foreignKey:FlowRunID;constraint:OnDelete:CASCADE" json:"-"`
	State   *TaskRunState `gorm:"foreignKey:StateID;constraint:-" json:"-"`
}

// TableName returns task_run.
func (TaskRun) TableName() string { return "task_run" }
