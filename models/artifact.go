package models

// Artifact is a result, table, markdown document or link produced by a run
// (table artifact). TaskRunID and FlowRunID are plain UUIDs without foreign
// keys.
//
// Not declared here: the PostgreSQL-only covering index
// ix_artifact__key_created_desc (key, created DESC) INCLUDE (...).
type Artifact struct {
	Base
	Key       *string `gorm:"column:key;type:VARCHAR;index:ix_artifact__key" json:"key"`
	TaskRunID *UUID   `gorm:"column:task_run_id;index:ix_artifact__task_run_id" json:"task_run_id"`
	FlowRunID *UUID   `gorm:"column:flow_run_id;index:ix_artifact__flow_run_id" json:"flow_run_id"`
	Type      *string `gorm:"column:type;type:VARCHAR" json:"type"`
	// Data and Metadata are plain JSON: nil is stored as the JSON text null.
	Data        PlainJSON[any]            `gorm:"column:data" json:"data"`
	Description *string                   `gorm:"column:description;type:VARCHAR" json:"description"`
	Metadata    PlainJSON[map[string]any] `gorm:"column:metadata_" json:"metadata_"`
}

// TableName returns artifact.
func (Artifact) TableName() string { return "artifact" }

// ArtifactCollection is the latest version of each keyed artifact (table
// artifact_collection): one row per key, LatestID naming the newest artifact
// row with that key (no foreign key).
//
// LatestID is NOT NULL as in the SQLite reference database; the PostgreSQL
// one leaves it nullable (the NULLABLE:postgres tag setting). The SQLite-only
// index ix_artifact__key_created_desc on this table is declared by the
// dialect. Neither reference database indexes updated here (see
// OmittedIndexes).
type ArtifactCollection struct {
	Base
	Key       string  `gorm:"column:key;type:VARCHAR;not null;unique;index:ix_artifact_collection__key_latest_id,priority:1" json:"key"`
	LatestID  UUID    `gorm:"column:latest_id;not null;NULLABLE:postgres;index:ix_artifact_collection__key_latest_id,priority:2" json:"latest_id"`
	TaskRunID *UUID   `gorm:"column:task_run_id" json:"task_run_id"`
	FlowRunID *UUID   `gorm:"column:flow_run_id" json:"flow_run_id"`
	Type      *string `gorm:"column:type;type:VARCHAR" json:"type"`
	// Data and Metadata are plain JSON: nil is stored as the JSON text null.
	Data        PlainJSON[any]            `gorm:"column:data" json:"data"`
	Description *string                   `gorm:"column:description;type:VARCHAR" json:"description"`
	Metadata    PlainJSON[map[string]any] `gorm:"column:metadata_" json:"metadata_"`
}

// TableName returns artifact_collection.
func (ArtifactCollection) TableName() string { return "artifact_collection" }

// OmittedIndexes drops Base's ix_artifact_collection__updated, which
// Prefect's migrations never created.
func (ArtifactCollection) OmittedIndexes() []string {
	return []string{"ix_artifact_collection__updated"}
}
