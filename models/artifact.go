package models

// Artifact is a result, table, markdown document or link produced by a run
// (table artifact). TaskRunID and FlowRunID are plain UUIDs without foreign
// keys.
//
// Not declared here: ix_artifact__key_created_desc (key, created DESC),
// declared by the dialects because PostgreSQL's is a covering index
// (INCLUDE (...)) and SQLite's is not.
type Artifact struct {
	Base
	// Key, when set, groups the artifact with the others of that key;
	// artifact_collection tracks the latest (see dialects.CreateArtifact).
	Key       *string `gorm:"column:key;type:VARCHAR;index:ix_artifact__key" json:"key"`
	TaskRunID *UUID   `gorm:"column:task_run_id;index:ix_artifact__task_run_id" json:"task_run_id"`
	FlowRunID *UUID   `gorm:"column:flow_run_id;index:ix_artifact__flow_run_id" json:"flow_run_id"`
	// Type describes the shape of Data, e.g. result, table or markdown.
	Type *string `gorm:"column:type;type:VARCHAR" json:"type"`
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
// LatestID is NOT NULL on both dialects (on PostgreSQL since Prefect 3.1.6,
// revision 5d03c01be85e, which also added ix_artifact_collection__updated
// and moved SQLite's ix_artifact__key_created_desc from this table to
// artifact).
type ArtifactCollection struct {
	Base
	// Key is the artifact key the row tracks.
	Key string `gorm:"column:key;type:VARCHAR;not null;unique;index:ix_artifact_collection__key_latest_id,priority:1" json:"key"`
	// LatestID is the newest artifact with Key; the columns after it copy that
	// artifact's.
	LatestID  UUID    `gorm:"column:latest_id;not null;index:ix_artifact_collection__key_latest_id,priority:2" json:"latest_id"`
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
