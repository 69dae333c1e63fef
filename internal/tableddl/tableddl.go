// Package tableddl declares, per table, the indexes and multi-column UNIQUE
// constraints of Prefect's schema that gorm tags on the models cannot
// express: indexes over a column of the shared Base (id, created), indexes
// whose name does not follow ix_<table>__<column>, and UNIQUE constraints
// over several columns. The schema builder (migrations.CreateSchema) reads
// them by table name, so package models carries no schema-builder methods.
package tableddl

// Index is a table-level index. A column may carry a direction, e.g.
// "created DESC".
type Index struct {
	Name    string
	Columns []string
	Unique  bool
}

// UniqueConstraint is a named multi-column UNIQUE constraint (single-column
// ones use the gorm `unique` tag).
type UniqueConstraint struct {
	Name    string
	Columns []string
}

// indexes are keyed by table name.
var indexes = map[string][]Index{
	"block_schema": {{Name: "ix_block_schema__created", Columns: []string{"created"}}},
	"deployment":   {{Name: "ix_deployment__created", Columns: []string{"created"}}},
	"events": {
		{Name: "ix_events__event__id", Columns: []string{"event", "id"}},
		{Name: "ix_events__event_occurred_id", Columns: []string{"event", "occurred", "id"}},
		{Name: "ix_events__occurred_id", Columns: []string{"occurred", "id"}},
	},
	"flow": {{Name: "ix_flow__created", Columns: []string{"created"}}},
	// A Run column whose index name does not follow ix_<table>__<column>.
	"flow_run": {{Name: "ix_flow_run__next_scheduled_start_time_asc", Columns: []string{"next_scheduled_start_time"}}},
	// Run columns whose index names do not follow ix_<table>__<column>;
	// ix_task_run__state_type_start_time is Prefect 3.6.21's.
	"task_run": {
		{Name: "ix_task_run__next_scheduled_start_time_asc", Columns: []string{"next_scheduled_start_time"}},
		{Name: "ix_task_run__state_type_start_time", Columns: []string{"state_type", "start_time"}},
	},
	"task_run_state_cache": {{Name: "ix_task_run_state_cache__cache_key_created_desc", Columns: []string{"cache_key", "created DESC"}}},
}

// uniqueConstraints are keyed by table name.
var uniqueConstraints = map[string][]UniqueConstraint{
	"flow_run_input": {{Name: "uq_flow_run_input__flow_run_id_key", Columns: []string{"flow_run_id", "key"}}},
	"work_queue":     {{Name: "uq_work_queue__work_pool_id_name", Columns: []string{"work_pool_id", "name"}}},
	"worker":         {{Name: "uq_worker__work_pool_id_name", Columns: []string{"work_pool_id", "name"}}},
}

// Indexes returns the table-level indexes of table.
func Indexes(table string) []Index { return indexes[table] }

// UniqueConstraints returns the multi-column UNIQUE constraints of table.
func UniqueConstraints(table string) []UniqueConstraint { return uniqueConstraints[table] }
