package postgres

import (
	"fmt"
	"reflect"
	"strings"

	"gorm.io/gorm/schema"

	"github.com/prefectorm/prefectorm/internal/schemaddl"
	"github.com/prefectorm/prefectorm/models"
)

var intervalType = reflect.TypeOf(models.Interval(0))

// ColumnDefault renders a default tag as PostgreSQL DDL: now() as
// CURRENT_TIMESTAMP (Prefect's now()), the interval zero as '00:00:00',
// everything else as written.
func (postgresDialect) ColumnDefault(field *schema.Field) string {
	tag := schemaddl.DefaultTag(field)
	if tag == "" {
		return ""
	}
	switch {
	case tag == "now()":
		return "CURRENT_TIMESTAMP"
	case field.IndirectFieldType == intervalType:
		return "'00:00:00'"
	}
	return tag
}

// SchemaPrelude creates the pg_trgm extension and Prefect's enum types.
func (postgresDialect) SchemaPrelude() []string {
	ddl := []string{"CREATE EXTENSION IF NOT EXISTS pg_trgm"}
	for _, e := range models.EnumTypes() {
		labels := make([]string, len(e.Labels()))
		for i, l := range e.Labels() {
			labels[i] = "'" + l + "'"
		}
		ddl = append(ddl, fmt.Sprintf(
			"DO $$ BEGIN CREATE TYPE %s AS ENUM (%s); EXCEPTION WHEN duplicate_object THEN NULL; END $$",
			e.EnumType(), strings.Join(labels, ", ")))
	}
	return ddl
}

// SchemaIndexes returns the indexes Prefect's PostgreSQL migrations create
// that differ from SQLite's or that the models cannot declare (partial and
// expression indexes).
func (postgresDialect) SchemaIndexes() []schemaddl.IndexDDL {
	return schemaddl.IndexList(postgresIndexes)
}

// indexDDL has schemaddl.IndexDDL's fields, so the list below can be unkeyed
// (see schemaddl.IndexList).
type indexDDL struct{ Table, Name, SQL string }

var postgresIndexes = []indexDDL{
	// Trigram indexes for name search (extension pg_trgm).
	{"flow", "trgm_ix_flow_name", "CREATE INDEX trgm_ix_flow_name ON flow USING gin (name gin_trgm_ops)"},
	{"flow_run", "trgm_ix_flow_run_name", "CREATE INDEX trgm_ix_flow_run_name ON flow_run USING gin (name gin_trgm_ops)"},
	{"task_run", "trgm_ix_task_run_name", "CREATE INDEX trgm_ix_task_run_name ON task_run USING gin (name gin_trgm_ops)"},
	{"deployment", "trgm_ix_deployment_name", "CREATE INDEX trgm_ix_deployment_name ON deployment USING gin (name gin_trgm_ops)"},
	{"block_type", "trgm_ix_block_type_name", "CREATE INDEX trgm_ix_block_type_name ON block_type USING gin (name gin_trgm_ops)"},
	{"block_document", "trgm_ix_block_document_name", "CREATE INDEX trgm_ix_block_document_name ON block_document USING gin (name gin_trgm_ops)"},
	{"work_queue", "trgm_ix_work_queue_name", "CREATE INDEX trgm_ix_work_queue_name ON work_queue USING gin (name gin_trgm_ops)"},
	{"block_schema", "ix_block_schema__capabilities", "CREATE INDEX ix_block_schema__capabilities ON block_schema USING gin (capabilities)"},
	// Sort indexes: real DESC on PostgreSQL, and the coalesce pair over the real columns.
	{"flow_run", "ix_flow_run__end_time_desc", "CREATE INDEX ix_flow_run__end_time_desc ON flow_run (end_time DESC)"},
	{"flow_run", "ix_flow_run__expected_start_time_desc", "CREATE INDEX ix_flow_run__expected_start_time_desc ON flow_run (expected_start_time DESC)"},
	{"task_run", "ix_task_run__end_time_desc", "CREATE INDEX ix_task_run__end_time_desc ON task_run (end_time DESC)"},
	{"task_run", "ix_task_run__expected_start_time_desc", "CREATE INDEX ix_task_run__expected_start_time_desc ON task_run (expected_start_time DESC)"},
	{"flow_run", "ix_flow_run__coalesce_start_time_expected_start_time_asc", "CREATE INDEX ix_flow_run__coalesce_start_time_expected_start_time_asc ON flow_run (COALESCE(start_time, expected_start_time))"},
	{"flow_run", "ix_flow_run__coalesce_start_time_expected_start_time_desc", "CREATE INDEX ix_flow_run__coalesce_start_time_expected_start_time_desc ON flow_run (COALESCE(start_time, expected_start_time) DESC)"},
	{"flow_run_state", "uq_flow_run_state__flow_run_id_timestamp_desc", "CREATE UNIQUE INDEX uq_flow_run_state__flow_run_id_timestamp_desc ON flow_run_state (flow_run_id, timestamp DESC)"},
	{"task_run_state", "uq_task_run_state__task_run_id_timestamp_desc", "CREATE UNIQUE INDEX uq_task_run_state__task_run_id_timestamp_desc ON task_run_state (task_run_id, timestamp DESC)"},
	// The scheduler's partial index and the artifact covering index.
	{"flow_run", "ix_flow_run__scheduler_deployment_id_auto_scheduled_next_schedu", "CREATE INDEX ix_flow_run__scheduler_deployment_id_auto_scheduled_next_schedu ON flow_run (deployment_id, auto_scheduled, next_scheduled_start_time) WHERE state_type = 'SCHEDULED'"},
	{"artifact", "ix_artifact__key_created_desc", "CREATE INDEX ix_artifact__key_created_desc ON artifact (key, created DESC) INCLUDE (id, updated, type, task_run_id, flow_run_id)"},
	{"flow_run", "ix_flow_run__schedule_id_scheduler", "CREATE INDEX ix_flow_run__schedule_id_scheduler ON flow_run (deployment_id, (created_by ->> 'id'), next_scheduled_start_time) WHERE state_type = 'SCHEDULED' AND auto_scheduled = true"},
	// The events indexes of Prefect 3.3.4 (revision 7a73514ca2d6, PostgreSQL
	// only), which replaced ix_events__event_related_occurred and the btree
	// ix_events__related_resource_ids.
	{"events", "ix_events__event_occurred", "CREATE INDEX ix_events__event_occurred ON events (event, occurred)"},
	{"events", "ix_events__related_gin", "CREATE INDEX ix_events__related_gin ON events USING gin (related)"},
	{"events", "ix_events__related_resource_ids_gin", "CREATE INDEX ix_events__related_resource_ids_gin ON events USING gin (related_resource_ids)"},
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
