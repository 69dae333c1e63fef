package models

// FlowRun is one run of a flow (table flow_run).
//
// Not declared here because they differ between the reference databases:
// ix_flow_run__end_time_desc and ix_flow_run__expected_start_time_desc (DESC
// on PostgreSQL, plain on SQLite), ix_flow_run_name_case_insensitive
// (SQLite only), the PostgreSQL-only trgm_ix_flow_run_name and
// ix_flow_run__coalesce_start_time_expected_start_time_asc/_desc, and the
// scheduler's partial indexes
// ix_flow_run__scheduler_deployment_id_auto_scheduled_next_schedu and
// ix_flow_run__schedule_id_scheduler (the latter over an expression that
// differs by dialect).
type FlowRun struct {
	Base
	FlowID UUID `gorm:"column:flow_id;not null;index:ix_flow_run__flow_id;uniqueIndex:uq_flow_run__flow_id_idempotency_key,priority:1" json:"flow_id"`
	// DeploymentID has no foreign key. Prefect 3.1.6 dropped its index
	// ix_flow_run__deployment_id (the scheduler's partial indexes lead with
	// it).
	DeploymentID *UUID `gorm:"column:deployment_id" json:"deployment_id"`
	// WorkQueueName is the name of the work queue the run is submitted to.
	WorkQueueName *string `gorm:"column:work_queue_name;type:VARCHAR;index:ix_flow_run__work_queue_name" json:"work_queue_name"`
	// FlowVersion is the version of the flow the run executes.
	FlowVersion *string `gorm:"column:flow_version;type:VARCHAR;index:ix_flow_run__flow_version" json:"flow_version"`
	// DeploymentVersion is the version of the deployment the run was created
	// from.
	DeploymentVersion *string `gorm:"column:deployment_version;type:VARCHAR;index:ix_flow_run__deployment_version" json:"deployment_version"`

	// Parameters are the flow's parameter values for this run.
	Parameters JSON[map[string]any] `gorm:"column:parameters;not null;default:'{}'" json:"parameters"`
	// IdempotencyKey, when set, is unique per flow
	// (uq_flow_run__flow_id_idempotency_key), so that a repeated create does
	// not make a second run (see dialects.Upsert).
	IdempotencyKey *string `gorm:"column:idempotency_key;type:VARCHAR;uniqueIndex:uq_flow_run__flow_id_idempotency_key,priority:2" json:"idempotency_key"`
	// Context is free-form additional context of the run.
	Context JSON[map[string]any] `gorm:"column:context;not null;default:'{}'" json:"context"`
	// EmpiricalPolicy holds the run's retry settings and pause bookkeeping.
	EmpiricalPolicy JSON[FlowRunPolicy] `gorm:"column:empirical_policy;not null;default:'{}'" json:"empirical_policy"`
	Tags            JSON[[]string]      `gorm:"column:tags;not null;default:'[]'" json:"tags"`
	// Labels (Prefect 3.1.5) are the run's key-value labels.
	Labels JSON[KeyValueLabels] `gorm:"column:labels" json:"labels"`
	// CreatedBy names what created the run (e.g. a deployment or an
	// automation); nil is SQL NULL.
	CreatedBy JSON[*CreatedBy] `gorm:"column:created_by" json:"created_by"`

	// InfrastructurePID identifies the run on its infrastructure, as the
	// worker reported it (e.g. a process id or a container name).
	InfrastructurePID *string `gorm:"column:infrastructure_pid;type:VARCHAR" json:"infrastructure_pid"`
	// JobVariables is nullable although it has a default.
	JobVariables JSON[map[string]any] `gorm:"column:job_variables;default:'{}'" json:"job_variables"`
	// InfrastructureDocumentID is the block document defining the run's
	// infrastructure.
	InfrastructureDocumentID *UUID `gorm:"column:infrastructure_document_id;index:ix_flow_run__infrastructure_document_id" json:"infrastructure_document_id"`
	// ParentTaskRunID is the task run a subflow run was called from; NULL for
	// top-level runs (nullable in every migrated database).
	ParentTaskRunID *UUID `gorm:"column:parent_task_run_id;index:ix_flow_run__parent_task_run_id" json:"parent_task_run_id"`
	// AutoScheduled is true for the runs the scheduler created from a
	// deployment's schedules.
	AutoScheduled bool `gorm:"column:auto_scheduled;type:BOOLEAN;not null;default:false" json:"auto_scheduled"`
	// StateID points at the current flow_run_state row.
	StateID *UUID `gorm:"column:state_id;index:ix_flow_run__state_id" json:"state_id"`
	// WorkQueueID is the work pool queue the run is submitted to.
	WorkQueueID *UUID `gorm:"column:work_queue_id;index:ix_flow_run__work_queue_id" json:"work_queue_id"`

	Run

	Flow                   *Flow          `gorm:"foreignKey:FlowID;constraint:OnDelete:CASCADE" json:"-"`
	InfrastructureDocument *BlockDocument `gorm:"foreignKey:InfrastructureDocumentID;constraint:OnDelete:CASCADE" json:"-"`
	ParentTaskRun          *TaskRun       `gorm:"foreignKey:ParentTaskRunID;constraint:OnDelete:SET NULL" json:"-"`
	State                  *FlowRunState  `gorm:"foreignKey:StateID;constraint:OnDelete:SET NULL" json:"-"`
	WorkQueue              *WorkQueue     `gorm:"foreignKey:WorkQueueID;constraint:OnDelete:SET NULL" json:"-"`
	TaskRuns               []TaskRun      `gorm:"foreignKey:FlowRunID;constraint:OnDelete:CASCADE" json:"-"`
}

// TableName returns flow_run.
func (FlowRun) TableName() string { return "flow_run" }
