package models

// Deployment is a deployment of a flow (table deployment).
type Deployment struct {
	Base
	Name        string  `gorm:"column:name;type:VARCHAR;not null;uniqueIndex:uq_deployment__flow_id_name,priority:2" json:"name"`
	Version     *string `gorm:"column:version;type:VARCHAR" json:"version"`
	Description *string `gorm:"column:description;type:TEXT" json:"description"`
	// WorkQueueName is the name of the work queue runs are submitted to,
	// kept alongside WorkQueueID.
	WorkQueueName *string `gorm:"column:work_queue_name;type:VARCHAR;index:ix_deployment__work_queue_name" json:"work_queue_name"`
	// InfraOverrides is also exposed by Prefect's ORM as job_variables (a
	// synonym of this one column).
	InfraOverrides JSON[map[string]any] `gorm:"column:infra_overrides;not null;default:'{}'" json:"infra_overrides"`
	Path           *string              `gorm:"column:path;type:VARCHAR" json:"path"`
	Entrypoint     *string              `gorm:"column:entrypoint;type:VARCHAR" json:"entrypoint"`
	LastPolled     *Timestamp           `gorm:"column:last_polled" json:"last_polled"`
	Status         DeploymentStatus     `gorm:"column:status;not null;default:'NOT_READY'" json:"status"`
	FlowID         UUID                 `gorm:"column:flow_id;not null;index:ix_deployment__flow_id;uniqueIndex:uq_deployment__flow_id_name,priority:1" json:"flow_id"`
	WorkQueueID    *UUID                `gorm:"column:work_queue_id;index:ix_deployment__work_queue_id" json:"work_queue_id"`
	Paused         bool                 `gorm:"column:paused;type:BOOLEAN;not null;default:false;index:ix_deployment__paused" json:"paused"`
	// ConcurrencyLimit caps concurrent runs of the deployment (nil: none).
	ConcurrencyLimit *int                 `gorm:"column:concurrency_limit;type:INTEGER" json:"concurrency_limit"`
	Tags             JSON[[]string]       `gorm:"column:tags;not null;default:'[]'" json:"tags"`
	Parameters       JSON[map[string]any] `gorm:"column:parameters;not null;default:'{}'" json:"parameters"`
	// PullSteps and ParameterOpenAPISchema are nullable without a server
	// default; Prefect's ORM writes [] and {} when they are not set, here a
	// nil value is stored as NULL.
	PullSteps              JSON[[]map[string]any] `gorm:"column:pull_steps" json:"pull_steps"`
	ParameterOpenAPISchema JSON[map[string]any]   `gorm:"column:parameter_openapi_schema" json:"parameter_openapi_schema"`
	// EnforceParameterSchema has the server default false; Prefect's ORM
	// writes true when it is not set, so set it explicitly.
	EnforceParameterSchema bool             `gorm:"column:enforce_parameter_schema;type:BOOLEAN;not null;default:false" json:"enforce_parameter_schema"`
	CreatedBy              JSON[*CreatedBy] `gorm:"column:created_by" json:"created_by"`
	UpdatedBy              JSON[*UpdatedBy] `gorm:"column:updated_by" json:"updated_by"`
	// The block documents holding the deployment's infrastructure and
	// storage; deliberately not indexed.
	InfrastructureDocumentID *UUID `gorm:"column:infrastructure_document_id" json:"infrastructure_document_id"`
	StorageDocumentID        *UUID `gorm:"column:storage_document_id" json:"storage_document_id"`

	// Legacy columns that Prefect's ORM no longer maps but its migrated
	// databases still have (spec Appendix A). Schedules now live in
	// deployment_schedule; IsScheduleActive is *bool because of its server
	// default true (nil writes the default).
	Schedule         JSON[map[string]any] `gorm:"column:schedule" json:"schedule"`
	IsScheduleActive *bool                `gorm:"column:is_schedule_active;type:BOOLEAN;not null;default:true" json:"is_schedule_active"`
	FlowData         JSON[map[string]any] `gorm:"column:flow_data" json:"flow_data"`
	ManifestPath     *string              `gorm:"column:manifest_path;type:VARCHAR" json:"manifest_path"`

	// Schedules are the deployment's schedules (Prefect loads them ordered
	// by updated DESC).
	Schedules              []DeploymentSchedule `gorm:"foreignKey:DeploymentID;constraint:OnDelete:CASCADE" json:"-"`
	Flow                   *Flow                `gorm:"foreignKey:FlowID;constraint:OnDelete:CASCADE" json:"-"`
	WorkQueue              *WorkQueue           `gorm:"foreignKey:WorkQueueID;constraint:OnDelete:SET NULL" json:"-"`
	InfrastructureDocument *BlockDocument       `gorm:"foreignKey:InfrastructureDocumentID;constraint:OnDelete:CASCADE" json:"-"`
	StorageDocument        *BlockDocument       `gorm:"foreignKey:StorageDocumentID;constraint:OnDelete:CASCADE" json:"-"`
}

// TableName returns deployment.
func (Deployment) TableName() string { return "deployment" }

// TableIndexes declares ix_deployment__created.
func (Deployment) TableIndexes() []Index {
	return []Index{{Name: "ix_deployment__created", Columns: []string{"created"}}}
}
