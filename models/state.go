package models

// FlowRunState is one state in a flow run's history (table flow_run_state).
// The run's current state is the row FlowRun.StateID points at.
//
// The unique index uq_flow_run_state__flow_run_id_timestamp_desc
// (flow_run_id, timestamp DESC) is not declared here: it is DESC on
// PostgreSQL but plain ascending on SQLite in the reference databases.
type FlowRunState struct {
	Base
	FlowRunID UUID      `gorm:"column:flow_run_id;not null" json:"flow_run_id"`
	Type      StateType `gorm:"column:type;not null;index:ix_flow_run_state__type" json:"type"`
	// Timestamp is when the run entered the state; a run's states have
	// distinct timestamps.
	Timestamp Timestamp `gorm:"column:timestamp;not null;default:now()" json:"timestamp"`
	// Name is the state's display name, e.g. Late for a late SCHEDULED state.
	Name string `gorm:"column:name;type:VARCHAR;not null;index:ix_flow_run_state__name" json:"name"`
	// Message explains the state, e.g. why the run failed.
	Message *string `gorm:"column:message;type:VARCHAR" json:"message"`

	StateDetails JSON[StateDetails] `gorm:"column:state_details;not null;default:'{}'" json:"state_details"`
	// InlineData is column data, the legacy inline result (plain JSON: nil
	// is stored as the JSON text null). New results live in the artifact
	// ResultArtifactID names; Data reads whichever holds the result.
	InlineData       PlainJSON[any] `gorm:"column:data;JSONB" json:"data"`
	ResultArtifactID *UUID          `gorm:"column:result_artifact_id;index:ix_flow_run_state__result_artifact_id" json:"result_artifact_id"`

	FlowRun        *FlowRun  `gorm:"foreignKey:FlowRunID;constraint:OnDelete:CASCADE" json:"-"`
	ResultArtifact *Artifact `gorm:"foreignKey:ResultArtifactID;constraint:OnDelete:SET NULL" json:"-"`
}

// TableName returns flow_run_state.
func (FlowRunState) TableName() string { return "flow_run_state" }

// TaskRunState is one state in a task run's history (table task_run_state).
// The run's current state is the row TaskRun.StateID points at.
//
// The unique index uq_task_run_state__task_run_id_timestamp_desc
// (task_run_id, timestamp DESC) is not declared here: it is DESC on
// PostgreSQL but plain ascending on SQLite in the reference databases.
type TaskRunState struct {
	Base
	TaskRunID UUID      `gorm:"column:task_run_id;not null" json:"task_run_id"`
	Type      StateType `gorm:"column:type;not null;index:ix_task_run_state__type" json:"type"`
	// Timestamp is when the run entered the state; a run's states have
	// distinct timestamps.
	Timestamp Timestamp `gorm:"column:timestamp;not null;default:now()" json:"timestamp"`
	// Name is the state's display name, e.g. Late for a late SCHEDULED state.
	Name string `gorm:"column:name;type:VARCHAR;not null;index:ix_task_run_state__name" json:"name"`
	// Message explains the state, e.g. why the run failed.
	Message *string `gorm:"column:message;type:VARCHAR" json:"message"`

	StateDetails JSON[StateDetails] `gorm:"column:state_details;not null;default:'{}'" json:"state_details"`
	// InlineData is column data, the legacy inline result (plain JSON: nil
	// is stored as the JSON text null). New results live in the artifact
	// ResultArtifactID names; Data reads whichever holds the result.
	InlineData       PlainJSON[any] `gorm:"column:data;JSONB" json:"data"`
	ResultArtifactID *UUID          `gorm:"column:result_artifact_id;index:ix_task_run_state__result_artifact_id" json:"result_artifact_id"`

	TaskRun        *TaskRun  `gorm:"foreignKey:TaskRunID;constraint:OnDelete:CASCADE" json:"-"`
	ResultArtifact *Artifact `gorm:"foreignKey:ResultArtifactID;constraint:OnDelete:SET NULL" json:"-"`
}

// TableName returns task_run_state.
func (TaskRunState) TableName() string { return "task_run_state" }
