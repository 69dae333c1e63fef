package models

// DeploymentVersion is one version of a deployment's configuration, per
// branch (table deployment_version, added by Prefect 3.2.15, revisions
// bbca16f6f218 / 06b7c293bc69). Prefect 3.8.3's ORM does not map the table;
// its columns are those of the migration.
//
// Unlike every other table, its id and timestamps have the migration's own
// server defaults: gen_random_uuid() and CURRENT_TIMESTAMP. On SQLite that
// id default is GEN_RANDOM_UUID(), a function SQLite lacks, so a raw INSERT
// without id fails there; through GORM, the hooks package fills id,
// created and updated as for every model.
type DeploymentVersion struct {
	ID      UUID      `gorm:"column:id;primaryKey;default:gen_random_uuid();SQLITEDEFAULT:(GEN_RANDOM_UUID())" json:"id"`
	Created Timestamp `gorm:"column:created;not null;default:CURRENT_TIMESTAMP" json:"created"`
	Updated Timestamp `gorm:"column:updated;not null;default:CURRENT_TIMESTAMP;index" json:"updated"`

	DeploymentID UUID `gorm:"column:deployment_id;not null;index:ix_deployment_version__deployment_id;uniqueIndex:uq_deployment_version__deployment__branch,priority:1" json:"deployment_id"`
	// Branch is the version's branch; NULLs never collide in
	// uq_deployment_version__deployment__branch.
	Branch *string `gorm:"column:branch;type:VARCHAR;uniqueIndex:uq_deployment_version__deployment__branch,priority:2" json:"branch"`
	// VersionInfo describes the version; the zero value is the server
	// default {}.
	VersionInfo JSON[VersionInfo] `gorm:"column:version_info;not null;default:'{}'" json:"version_info"`
	// Description and the fields after it are the deployment's fields of the
	// same names as of this version.
	Description            *string                `gorm:"column:description;type:TEXT" json:"description"`
	Tags                   JSON[[]string]         `gorm:"column:tags;not null;default:'[]'" json:"tags"`
	Labels                 JSON[KeyValueLabels]   `gorm:"column:labels" json:"labels"`
	Entrypoint             *string                `gorm:"column:entrypoint;type:VARCHAR" json:"entrypoint"`
	PullSteps              JSON[[]map[string]any] `gorm:"column:pull_steps" json:"pull_steps"`
	Parameters             JSON[map[string]any]   `gorm:"column:parameters;not null;default:'{}'" json:"parameters"`
	ParameterOpenAPISchema JSON[map[string]any]   `gorm:"column:parameter_openapi_schema" json:"parameter_openapi_schema"`
	EnforceParameterSchema bool                   `gorm:"column:enforce_parameter_schema;type:BOOLEAN;not null;default:false" json:"enforce_parameter_schema"`
	WorkQueueID            *UUID                  `gorm:"column:work_queue_id;index:ix_deployment_version__work_queue_id" json:"work_queue_id"`
	WorkQueueName          *string                `gorm:"column:work_queue_name;type:VARCHAR;index:ix_deployment_version__work_queue_name" json:"work_queue_name"`
	InfraOverrides         JSON[map[string]any]   `gorm:"column:infra_overrides;not null;default:'{}'" json:"infra_overrides"`

	Deployment *Deployment `gorm:"foreignKey:DeploymentID;constraint:OnDelete:CASCADE" json:"-"`
	WorkQueue  *WorkQueue  `gorm:"foreignKey:WorkQueueID;constraint:OnDelete:SET NULL" json:"-"`
}

// TableName returns deployment_version.
func (DeploymentVersion) TableName() string { return "deployment_version" }
