package sqlite

import (
	"strconv"

	"gorm.io/gorm/schema"

	"github.com/prefectorm/prefectorm/internal/schemaddl"
)

// ColumnDefault renders a default tag as Prefect's SQLite databases hold it:
// now() and gen_random_uuid() as Prefect's SQL expressions, booleans and
// numbers as quoted literals ('0', '1'). A field's SQLITEDEFAULT tag setting,
// when present, is used verbatim instead (deployment_version's id, whose
// SQLite default Prefect's migration left as (GEN_RANDOM_UUID())).
func (sqliteDialect) ColumnDefault(field *schema.Field) string {
	if tag := field.TagSettings["SQLITEDEFAULT"]; tag != "" {
		return tag
	}
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
// differ from PostgreSQL's or that the models cannot declare (partial and
// expression indexes).
func (sqliteDialect) SchemaIndexes() []schemaddl.IndexDDL { return schemaddl.IndexList(sqliteIndexes) }

// indexDDL has schemaddl.IndexDDL's fields, so the list below can be unkeyed
// (see schemaddl.IndexList).
type indexDDL struct{ Table, Name, SQL string }

var sqliteIndexes = []indexDDL{
	// Case-insensitive name indexes (two with COLLATE NOCASE, the others plain).
	{"flow", "ix_flow_name_case_insensitive", "CREATE INDEX ix_flow_name_case_insensitive ON flow (name COLLATE NOCASE)"},
	{"flow_run", "ix_flow_run_name_case_insensitive", "CREATE INDEX ix_flow_run_name_case_insensitive ON flow_run (name)"},
	{"task_run", "ix_task_run_name_case_insensitive", "CREATE INDEX ix_task_run_name_case_insensitive ON task_run (name)"},
	{"deployment", "ix_deployment_name_case_insensitive", "CREATE INDEX ix_deployment_name_case_insensitive ON deployment (name)"},
	{"block_type", "ix_block_type_name_case_insensitive", "CREATE INDEX ix_block_type_name_case_insensitive ON block_type (name)"},
	{"block_document", "ix_block_document_name_case_insensitive", "CREATE INDEX ix_block_document_name_case_insensitive ON block_document (name COLLATE NOCASE)"},
	// DESC/ASC indexes that SQLite's table rebuilds left plain ascending.
	{"flow_run", "ix_flow_run__end_time_desc", "CREATE INDEX ix_flow_run__end_time_desc ON flow_run (end_time)"},
	{"flow_run", "ix_flow_run__expected_start_time_desc", "CREATE INDEX ix_flow_run__expected_start_time_desc ON flow_run (expected_start_time)"},
	{"task_run", "ix_task_run__end_time_desc", "CREATE INDEX ix_task_run__end_time_desc ON task_run (end_time)"},
	{"task_run", "ix_task_run__expected_start_time_desc", "CREATE INDEX ix_task_run__expected_start_time_desc ON task_run (expected_start_time)"},
	{"flow_run_state", "uq_flow_run_state__flow_run_id_timestamp_desc", "CREATE UNIQUE INDEX uq_flow_run_state__flow_run_id_timestamp_desc ON flow_run_state (flow_run_id, timestamp)"},
	{"task_run_state", "uq_task_run_state__task_run_id_timestamp_desc", "CREATE UNIQUE INDEX uq_task_run_state__task_run_id_timestamp_desc ON task_run_state (task_run_id, timestamp)"},
	// The artifact sort index (PostgreSQL's covers more columns).
	{"artifact", "ix_artifact__key_created_desc", "CREATE INDEX ix_artifact__key_created_desc ON artifact (key, created DESC)"},
	// The scheduler's partial indexes; the second one's expression differs
	// from PostgreSQL's.
	{"flow_run", "ix_flow_run__scheduler_deployment_id_auto_scheduled_next_schedu", "CREATE INDEX ix_flow_run__scheduler_deployment_id_auto_scheduled_next_schedu ON flow_run (deployment_id, auto_scheduled, next_scheduled_start_time) WHERE state_type = 'SCHEDULED'"},
	{"flow_run", "ix_flow_run__schedule_id_scheduler", "CREATE INDEX ix_flow_run__schedule_id_scheduler ON flow_run (deployment_id, json_extract(created_by, '$.id'), next_scheduled_start_time) WHERE state_type = 'SCHEDULED' AND auto_scheduled = 1"},
	// The events indexes that PostgreSQL replaced in Prefect 3.3.4 (revision
	// 7a73514ca2d6, PostgreSQL only).
	{"events", "ix_events__event_related_occurred", "CREATE INDEX ix_events__event_related_occurred ON events (event, related, occurred)"},
	{"events", "ix_events__related_resource_ids", "CREATE INDEX ix_events__related_resource_ids ON events (related_resource_ids)"},
	// prefectorm's own indexes of version 0022_prefectorm_worker_indexes
	// (the worker and services hot paths of package dialects).
	{"flow_run", "prefectorm_ix_flow_run__work_queue_id_scheduled", "CREATE INDEX prefectorm_ix_flow_run__work_queue_id_scheduled ON flow_run (work_queue_id, next_scheduled_start_time, id) WHERE state_type = 'SCHEDULED'"},
	{"flow_run", "prefectorm_ix_flow_run__work_queue_id_active", "CREATE INDEX prefectorm_ix_flow_run__work_queue_id_active ON flow_run (work_queue_id) WHERE state_type IN ('RUNNING', 'PENDING')"},
	{"flow_run", "prefectorm_ix_flow_run__work_queue_name_scheduled", "CREATE INDEX prefectorm_ix_flow_run__work_queue_name_scheduled ON flow_run (work_queue_name, next_scheduled_start_time, id) WHERE state_type = 'SCHEDULED'"},
	{"flow_run", "prefectorm_ix_flow_run__work_queue_name_active", "CREATE INDEX prefectorm_ix_flow_run__work_queue_name_active ON flow_run (work_queue_name) WHERE state_type IN ('RUNNING', 'PENDING', 'CANCELLING')"},
	{"flow_run", "prefectorm_ix_flow_run__late_candidates", "CREATE INDEX prefectorm_ix_flow_run__late_candidates ON flow_run (next_scheduled_start_time, id) WHERE state_type = 'SCHEDULED' AND state_name = 'Scheduled'"},
	{"flow_run", "prefectorm_ix_flow_run__active_subflows", "CREATE INDEX prefectorm_ix_flow_run__active_subflows ON flow_run (id) WHERE parent_task_run_id IS NOT NULL AND state_type IN ('PENDING', 'SCHEDULED', 'RUNNING', 'PAUSED', 'CANCELLING')"},
	{"deployment", "prefectorm_ix_deployment__ready_last_polled", "CREATE INDEX prefectorm_ix_deployment__ready_last_polled ON deployment (last_polled) WHERE status = 'READY'"},
}
