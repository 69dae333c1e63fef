package sqlite

import (
	"strconv"

	"gorm.io/gorm/schema"

	"github.com/prefectorm/prefectorm/internal/schemaddl"
)

// ColumnDefault renders a default tag as Prefect's SQLite databases hold it:
// now() and gen_random_uuid() as Prefect's SQL expressions, booleans and
// numbers as quoted literals ('0', '1').
func (sqliteDialect) ColumnDefault(field *schema.Field) string {
	tag := schemaddl.DefaultTag(field)
	if tag == "" {
		return ""
	}
	switch tag {
	case "now()":
		return "(" + sqliteNow + ")"
	case "gen_random_uuid()":
		return "(" + sqliteGenerateUUID + ")"
	case "true":
		return "'1'"
	case "false":
		return "'0'"
	}
	if _, err := strconv.ParseFloat(tag, 64); err == nil {
		return "'" + tag + "'"
	}
	return tag
}

// SchemaPrelude returns nothing: SQLite has no extensions or enum types.
func (sqliteDialect) SchemaPrelude() []string { return nil }

// SchemaIndexes returns the indexes Prefect's SQLite migrations create that
// differ from PostgreSQL's.
func (sqliteDialect) SchemaIndexes() []schemaddl.IndexDDL {
	out := make([]schemaddl.IndexDDL, len(sqliteIndexes))
	for i, idx := range sqliteIndexes {
		out[i] = schemaddl.IndexDDL(idx)
	}
	return out
}

// indexDDL is schemaddl.IndexDDL, local so the list below can be unkeyed.
type indexDDL struct{ Table, Name, SQL string }

var sqliteIndexes = []indexDDL{
	// Case-insensitive name indexes (two with COLLATE NOCASE, the others plain).
	{"flow", "ix_flow_name_case_insensitive", "CREATE INDEX ix_flow_name_case_insensitive ON flow (name COLLATE NOCASE)"},
	{"flow_run", "ix_flow_run_name_case_insensitive", "CREATE INDEX ix_flow_run_name_case_insensitive ON flow_run (name)"},
	{"task_run", "ix_task_run_name_case_insensitive", "CREATE INDEX ix_task_run_name_case_insensitive ON task_run (name)"},
	{"deployment", "ix_deployment_name_case_insensitive", "CREATE INDEX ix_deployment_name_case_insensitive ON deployment (name)"},
	{"block_type", "ix_block_type_name_case_insensitive", "CREATE INDEX ix_block_type_name_case_insensitive ON block_type (name)"},
	{"block_document", "ix_block_document_name_case_insensitive", "CREATE INDEX ix_block_document_name_case_insensitive ON block_document (name COLLATE NOCASE)"},
	{"block_document", "ix_block_document__block_type_name_name", "CREATE INDEX ix_block_document__block_type_name_name ON block_document (block_type_name, name)"},
	// DESC/ASC indexes that SQLite's table rebuilds left plain ascending.
	{"flow_run", "ix_flow_run__end_time_desc", "CREATE INDEX ix_flow_run__end_time_desc ON flow_run (end_time)"},
	{"flow_run", "ix_flow_run__expected_start_time_desc", "CREATE INDEX ix_flow_run__expected_start_time_desc ON flow_run (expected_start_time)"},
	{"task_run", "ix_task_run__end_time_desc", "CREATE INDEX ix_task_run__end_time_desc ON task_run (end_time)"},
	{"task_run", "ix_task_run__expected_start_time_desc", "CREATE INDEX ix_task_run__expected_start_time_desc ON task_run (expected_start_time)"},
	{"flow_run_state", "uq_flow_run_state__flow_run_id_timestamp_desc", "CREATE UNIQUE INDEX uq_flow_run_state__flow_run_id_timestamp_desc ON flow_run_state (flow_run_id, timestamp)"},
	{"task_run_state", "uq_task_run_state__task_run_id_timestamp_desc", "CREATE UNIQUE INDEX uq_task_run_state__task_run_id_timestamp_desc ON task_run_state (task_run_id, timestamp)"},
	// Named after artifact but created on artifact_collection by Prefect's migrations.
	{"artifact_collection", "ix_artifact__key_created_desc", "CREATE INDEX ix_artifact__key_created_desc ON artifact_collection (key, created DESC)"},
}
