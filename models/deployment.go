package models

// Deployment is a deployment of a flow (table deployment), as of Prefect
// 3.8.3. Prefect 3.1.6 dropped the legacy columns schedule,
// is_schedule_active, flow_data and manifest_path (revisions a49711513ad4 /
// 5d03c01be85e); they are no longer mapped.
type Deployment struct {
	Base
	Name string `gorm:"column:name;type:VARCHAR;not null;uniqueIndex:uq_deployment__flow_id_name,priority:2" json:"name"`
	// Version is the deployment's version label, if any.
	Version     *string `gorm:"column:version;type:VARCHAR" json:"version"`
	Description *string `gorm:"column:description;type:TEXT" json:"description"`
	// WorkQueueName is the name of the work queue runs are submitted to,
	// kept alongside WorkQueueID.
	WorkQueueName *string `gorm:"column:work_queue_name;type:VARCHAR;index:ix_deployment__work_queue_name" json:"work_queue_name"`
	// InfraOverrides is also exposed by Prefect's ORM as job_variables (a
	// synonym of this one column).
	InfraOverrides JSON[map[string]any] `gorm:"column:infra_overrides;not null;default:'{}'" json:"infra_overrides"`
	// Path is the working directory of the flow's code, relative to its remote
	// storage or absolute.
	Path *string `gorm:"column:path;type:VARCHAR" json:"path"`
	// Entrypoint locates the flow function relative to Path (e.g.
	// flows.py:my_flow).
	Entrypoint *string `gorm:"column:entrypoint;type:VARCHAR" json:"entrypoint"`
	// LastPolled is when a worker last polled for the deployment's runs.
	LastPolled *Timestamp `gorm:"column:last_polled" json:"last_polled"`
	// Status is READY while workers poll for the deployment's runs, else
	// NOT_READY.
	Status      DeploymentStatus `gorm:"column:status;not null;default:'NOT_READY'" json:"status"`
	FlowID      UUID             `gorm:"column:flow_id;not null;index:ix_deployment__flow_id;uniqueIndex:uq_deployment__flow_id_name,priority:1" json:"flow_id"`
	WorkQueueID *UUID            `gorm:"column:work_queue_id;index:ix_deployment__work_queue_id" json:"work_queue_id"`
	// Paused stops the scheduler from creating runs from the deployment's
	// schedules.
	Paused bool `gorm:"column:paused;type:BOOLEAN;not null;default:false;index:ix_deployment__paused" json:"paused"`
	// ConcurrencyLimit caps concurrent runs of the deployment (nil: none).
	// Prefect 3.0.3 deprecated it in favour of ConcurrencyLimitID (its
	// migration copies the limit into a concurrency_limit_v2 row named
	// "deployment:<id>"); Prefect's ORM still maps it.
	ConcurrencyLimit *int `gorm:"column:concurrency_limit;type:INTEGER" json:"concurrency_limit"`
	// ConcurrencyLimitID (Prefect 3.0.3) is the deployment's global
	// concurrency limit; deleting the limit sets it NULL.
	ConcurrencyLimitID *UUID `gorm:"column:concurrency_limit_id" json:"concurrency_limit_id"`
	// ConcurrencyOptions (Prefect 3.0.3) says what happens to a run when the
	// limit is reached; nil is SQL NULL.
	ConcurrencyOptions JSON[*ConcurrencyOptions] `gorm:"column:concurrency_options" json:"concurrency_options"`
	Tags               JSON[[]string]            `gorm:"column:tags;not null;default:'[]'" json:"tags"`
	// Labels (Prefect 3.1.5) are the deployment's key-value labels.
	Labels JSON[KeyValueLabels] `gorm:"column:labels" json:"labels"`
	// Parameters are the parameter values of the runs the deployment creates.
	Parameters JSON[map[string]any] `gorm:"column:parameters;not null;default:'{}'" json:"parameters"`
	// PullSteps are the steps a worker runs to fetch the flow's code before
	// a run (e.g. a git clone); ParameterOpenAPISchema is the flow's
	// parameter schema, defaults included. Both are nullable without a
	// server default; Prefect's ORM writes [] and {} when they are not set,
	// here a nil value is stored as NULL.
	PullSteps              JSON[[]map[string]any] `gorm:"column:pull_steps" json:"pull_steps"`
	ParameterOpenAPISchema JSON[map[string]any]   `gorm:"column:parameter_openapi_schema" json:"parameter_openapi_schema"`
	// EnforceParameterSchema is *bool so that false can be written: nil on
	// create writes Prefect's application default true (the hooks fill it,
	// tag prefectDefault); the server default false applies only to raw SQL
	// inserts that omit the column.
	EnforceParameterSchema *bool            `gorm:"column:enforce_parameter_schema;type:BOOLEAN;not null;serverDefault:false;prefectDefault:true" json:"enforce_parameter_schema"`
	CreatedBy              JSON[*CreatedBy] `gorm:"column:created_by" json:"created_by"`
	UpdatedBy              JSON[*UpdatedBy] `gorm:"column:updated_by" json:"updated_by"`
	// The block documents holding the deployment's infrastructure and
	// storage; deliberately not indexed.
	InfrastructureDocumentID *UUID `gorm:"column:infrastructure_document_id" json:"infrastructure_document_id"`
	StorageDocumentID        *UUID `gorm:"column:storage_document_id" json:"storage_document_id"`
	// VersionID (Prefect 3.2.15) is the deployment's current
	// deployment_version row. Like Prefect's, the column has no foreign key
	// (deployment_version references deployment instead), and Prefect's ORM
	// does not map it.
	VersionID *UUID `gorm:"column:version_id;index:ix_deployment__version_id" json:"version_id"`

	// Schedules are the deployment's schedules (Prefect loads them ordered
	// by updated DESC).
	Schedules []DeploymentSchedule `gorm:"foreignKey:DeploymentID;constraint:OnDelete:CASCADE" json:"-"`
	// Versions are the deployment's deployment_version rows.
	Versions               []DeploymentVersion `gorm:"foreignKey:DeploymentID;constraint:OnDelete:CASCADE" json:"-"`
	Flow                   *Flow               `gorm:"foreignKey:FlowID;constraint:OnDelete:CASCADE" json:"-"`
	WorkQueue              *WorkQueue          `gorm:"foreignKey:WorkQueueID;constraint:OnDelete:SET NULL" json:"-"`
	InfrastructureDocument *BlockDocument      `gorm:"foreignKey:InfrastructureDocumentID;constraint:OnDelete:CASCADE" json:"-"`
	StorageDocument        *BlockDocument      `gorm:"foreignKey:StorageDocumentID;constraint:OnDelete:CASCADE" json:"-"`
	// GlobalConcurrencyLimit is the limit ConcurrencyLimitID names.
	GlobalConcurrencyLimit *ConcurrencyLimitV2 `gorm:"foreignKey:ConcurrencyLimitID;constraint:OnDelete:SET NULL" json:"-"`
}

// TableName returns deployment.
func (Deployment) TableName() string { return "deployment" }
