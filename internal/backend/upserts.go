package backend

import "gorm.io/gorm/clause"

// upsertColumns are Prefect's *_unique_upsert_columns: the conflict target
// of each upsertable table, backed by a unique index or constraint. They are
// the same on both dialects.
var upsertColumns = map[string][]string{
	"flow":                {"name"},
	"flow_run":            {"flow_id", "idempotency_key"},
	"task_run":            {"flow_run_id", "task_key", "dynamic_key"},
	"deployment":          {"flow_id", "name"},
	"block_type":          {"slug"},
	"block_schema":        {"checksum", "version"},
	"block_document":      {"block_type_id", "name"},
	"concurrency_limit":   {"tag"},
	"artifact_collection": {"key"},
	"saved_search":        {"name"},
}

// Upserts implements dialects.Dialect.UpsertColumns for both backends,
// which embed it.
type Upserts struct{}

// UpsertColumns returns the conflict target columns of table, or nil.
func (Upserts) UpsertColumns(table string) []clause.Column {
	names, ok := upsertColumns[table]
	if !ok {
		return nil
	}
	cols := make([]clause.Column, len(names))
	for i, name := range names {
		cols[i] = clause.Column{Name: name}
	}
	return cols
}
