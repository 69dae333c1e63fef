package models

import (
	"fmt"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Sorts: the sort enums of Prefect's server/schemas/sorting.py (and
// AutomationSort), each a string type whose constants are Prefect's enum
// names. A sort is applied with
//
//	db.Clauses(models.FlowRunSortStartTimeDesc).Limit(50).Find(&runs)
//	db.Scopes(sort.Scope).Find(&runs)
//	db.Order(sort.OrderBy(db)).Find(&runs)
//
// It adds ORDER BY terms through GORM's own ORDER BY clause, so it combines
// with Order calls before and after it. (Passing the constant itself to
// db.Order does nothing: GORM's Order ignores types it does not know.)
//
// Unlike Prefect, every sort gives the same page on SQLite and PostgreSQL:
//   - id is the final tie-breaker, in the direction of the last key, so each
//     order is total and X_DESC is the exact reverse of X_ASC;
//   - NULLs are placed as PostgreSQL places them by default, last for ASC and
//     first for DESC, written explicitly as col ASC NULLS LAST / col DESC
//     NULLS FIRST (SQLite places them the other way round by default; it
//     has NULLS FIRST/LAST since 3.30, prefectorm's minimum). Both
//     databases read such an order from an ordinary index on col: it is
//     PostgreSQL's default, and SQLite scans the index's non-NULL and NULL
//     parts one after the other;
//     END_TIME_DESC renders COALESCE(end_time, 'infinity'::timestamptz)
//     DESC on PostgreSQL, the same order, so that only prefectorm's index
//     with the id tie-breaker serves it (see untilInfinity);
//   - strings are compared bytewise: COLLATE "C" on PostgreSQL (whose
//     database collation may be a locale), COLLATE BINARY on SQLite.
//
// UUIDs compare the same on both (lower-case text on SQLite, bytes on
// PostgreSQL), as do timestamps (fixed-format UTC text on SQLite). Columns
// are qualified with the table name, so the sorts also work in joins.
//
// Every sort of a table that grows large reads a LIMIT page from an index
// (Prefect's, or one of prefectorm's own indexes of migration version
// 0021_prefectorm_sort_indexes, such as the COLLATE "C" name indexes on
// PostgreSQL), instead of sorting the table: internal/plancheck's plan
// test holds every value to that on both databases.
//
// A sort is also an option of GORM's generics, ordering as Clauses does:
//
//	runs, err := gorm.G[models.FlowRun](db, models.FlowRunSortStartTimeDesc).Find(ctx)
//
// No sort orders by a state type, and db.Order("state_type") is not
// portable: SQLite stores the label and sorts alphabetically, PostgreSQL's
// state_type enum sorts in declaration order (SCHEDULED, PENDING, RUNNING,
// COMPLETED, FAILED, CANCELLED, CRASHED, PAUSED, CANCELLING); the other
// enum columns behave alike.

// sortKey is one ORDER BY key of a sort: a column of the sort's table, or
// COALESCE of several.
type sortKey struct {
	columns  []string
	desc     bool
	nullable bool
	text     bool
	// infinity makes a nullable DESC timestamp key render on PostgreSQL as
	// COALESCE(col, 'infinity'::timestamptz) DESC (see untilInfinity).
	infinity bool
}

// sortSpec is what one sort value orders by.
type sortSpec struct {
	table string
	keys  []sortKey
}

func asc(column string) sortKey  { return sortKey{columns: []string{column}} }
func desc(column string) sortKey { return sortKey{columns: []string{column}, desc: true} }

// null marks a key as nullable.
func (k sortKey) null() sortKey { k.nullable = true; return k }

// untilInfinity marks a nullable DESC timestamp key whose NULLs are a large
// group (the end_time of every unfinished run) sorted first. On PostgreSQL
// it renders as COALESCE(col, 'infinity'::timestamptz) DESC: the same
// order as col DESC NULLS FIRST, since no row stores infinity (Prefect's
// Python datetimes cannot hold it, nor can prefectorm's Timestamp), but
// only prefectorm's expression index (of version 0021, ending with id)
// serves it, where the plain order also matches Prefect's one-column
// ix_<table>__end_time_desc, which the planner prefers and which leaves
// the whole NULL group to be sorted by id. SQLite keeps col DESC NULLS
// FIRST: it has no such index to confuse it with.
func (k sortKey) untilInfinity() sortKey { k.infinity = true; return k }

// bytewise marks a key as a string compared byte by byte.
func (k sortKey) bytewise() sortKey { k.text = true; return k }

// sortEntry is one value of a sort enum.
type sortEntry[T ~string] struct {
	value T
	keys  []sortKey
}

// sortEnum is one sort enum: its Go name, table and values in Prefect's order.
type sortEnum[T ~string] struct {
	name    string
	table   string
	entries []sortEntry[T]
}

func (e sortEnum[T]) values() []T {
	out := make([]T, len(e.entries))
	for i, entry := range e.entries {
		out[i] = entry.value
	}
	return out
}

func (e sortEnum[T]) spec(v T) (sortSpec, error) {
	for _, entry := range e.entries {
		if entry.value == v {
			return sortSpec{table: e.table, keys: entry.keys}, nil
		}
	}
	names := make([]string, len(e.entries))
	for i, entry := range e.entries {
		names[i] = string(entry.value)
	}
	return sortSpec{}, fmt.Errorf("prefectorm: %s: unknown sort value %q (want one of %s)",
		e.name, string(v), strings.Join(names, ", "))
}

func (e sortEnum[T]) parse(s string) (T, error) {
	_, err := e.spec(T(s))
	if err != nil {
		return "", err
	}
	return T(s), nil
}

// columns returns the ORDER BY terms of v for stmt's dialect as raw
// columns, or an error for an unknown value.
func (e sortEnum[T]) columns(stmt *gorm.Statement, v T) ([]clause.OrderByColumn, error) {
	spec, err := e.spec(v)
	if err != nil {
		return nil, err
	}
	collate := " COLLATE BINARY"
	if isPostgres(stmt.DB) {
		collate = ` COLLATE "C"`
	}
	quote := func(column string) string {
		return stmt.Quote(clause.Column{Table: spec.table, Name: column})
	}
	var out []clause.OrderByColumn
	raw := func(sql string, desc bool) {
		out = append(out, clause.OrderByColumn{Column: clause.Column{Name: sql, Raw: true}, Desc: desc})
	}
	last := false
	for _, k := range spec.keys {
		expr := quote(k.columns[0])
		if len(k.columns) > 1 {
			quoted := make([]string, len(k.columns))
			for i, c := range k.columns {
				quoted[i] = quote(c)
			}
			expr = "COALESCE(" + strings.Join(quoted, ", ") + ")"
		}
		if k.text {
			expr += collate
		}
		switch {
		case k.infinity && k.nullable && k.desc && isPostgres(stmt.DB):
			raw("COALESCE("+expr+", 'infinity'::timestamptz) DESC", false)
		case k.nullable && k.desc:
			raw(expr+" DESC NULLS FIRST", false)
		case k.nullable:
			raw(expr+" ASC NULLS LAST", false)
		default:
			raw(expr, k.desc)
		}
		last = k.desc
	}
	if lastKey := spec.keys[len(spec.keys)-1]; len(lastKey.columns) != 1 || lastKey.columns[0] != "id" {
		raw(quote("id"), last)
	}
	return out, nil
}

// modify adds v's ORDER BY terms to stmt, or an error for an unknown value.
func (e sortEnum[T]) modify(stmt *gorm.Statement, v T) {
	cols, err := e.columns(stmt, v)
	if err != nil {
		_ = stmt.AddError(err)
		return
	}
	stmt.AddClause(clause.OrderBy{Columns: cols})
}

// orderBy returns v's ORDER BY clause for db's dialect; an unknown value is
// reported as an error of db's statement when it runs.
func (e sortEnum[T]) orderBy(db *gorm.DB, v T) clause.OrderBy {
	cols, err := e.columns(db.Statement, v)
	if err != nil {
		return clause.OrderBy{Expression: sortError{err}}
	}
	return clause.OrderBy{Columns: cols}
}

// sortError reports an unknown sort value when the statement is built.
type sortError struct{ err error }

// Build adds the error to the statement.
func (e sortError) Build(b clause.Builder) { b.AddError(e.err) }

// build writes v's ORDER BY terms (without the keyword), for use as an
// expression inside other SQL.
func (e sortEnum[T]) build(b clause.Builder, v T) {
	stmt, ok := b.(*gorm.Statement)
	if !ok {
		b.AddError(fmt.Errorf("prefectorm: %s: cannot build a sort outside a GORM statement", e.name))
		return
	}
	cols, err := e.columns(stmt, v)
	if err != nil {
		b.AddError(err)
		return
	}
	clause.OrderBy{Columns: cols}.Build(b)
}

// FlowRunSort is Prefect's FlowRunSort: the orders of flow run lists (table flow_run).
type FlowRunSort string

// FlowRunSort values, Prefect's enum names.
const (
	FlowRunSortIDDesc                    FlowRunSort = "ID_DESC"
	FlowRunSortStartTimeAsc              FlowRunSort = "START_TIME_ASC"
	FlowRunSortStartTimeDesc             FlowRunSort = "START_TIME_DESC"
	FlowRunSortExpectedStartTimeAsc      FlowRunSort = "EXPECTED_START_TIME_ASC"
	FlowRunSortExpectedStartTimeDesc     FlowRunSort = "EXPECTED_START_TIME_DESC"
	FlowRunSortNameAsc                   FlowRunSort = "NAME_ASC"
	FlowRunSortNameDesc                  FlowRunSort = "NAME_DESC"
	FlowRunSortNextScheduledStartTimeAsc FlowRunSort = "NEXT_SCHEDULED_START_TIME_ASC"
	FlowRunSortEndTimeDesc               FlowRunSort = "END_TIME_DESC"
)

var flowRunSorts = sortEnum[FlowRunSort]{name: "FlowRunSort", table: "flow_run", entries: []sortEntry[FlowRunSort]{
	{FlowRunSortIDDesc, []sortKey{desc("id")}},
	{FlowRunSortStartTimeAsc, []sortKey{sortKey{columns: []string{"start_time", "expected_start_time"}}.null()}},
	{FlowRunSortStartTimeDesc, []sortKey{sortKey{columns: []string{"start_time", "expected_start_time"}, desc: true}.null()}},
	{FlowRunSortExpectedStartTimeAsc, []sortKey{asc("expected_start_time").null()}},
	{FlowRunSortExpectedStartTimeDesc, []sortKey{desc("expected_start_time").null()}},
	{FlowRunSortNameAsc, []sortKey{asc("name").bytewise()}},
	{FlowRunSortNameDesc, []sortKey{desc("name").bytewise()}},
	{FlowRunSortNextScheduledStartTimeAsc, []sortKey{asc("next_scheduled_start_time").null()}},
	{FlowRunSortEndTimeDesc, []sortKey{desc("end_time").null().untilInfinity()}},
}}

// FlowRunSorts returns every FlowRunSort value in Prefect's order.
func FlowRunSorts() []FlowRunSort { return flowRunSorts.values() }

// ParseFlowRunSort returns the FlowRunSort named s, or an error naming s.
func ParseFlowRunSort(s string) (FlowRunSort, error) { return flowRunSorts.parse(s) }

// Build writes the ORDER BY terms of s, without the keyword.
func (s FlowRunSort) Build(b clause.Builder) { flowRunSorts.build(b, s) }

// ModifyStatement adds the ORDER BY terms of s, making s usable with db.Clauses.
func (s FlowRunSort) ModifyStatement(stmt *gorm.Statement) { flowRunSorts.modify(stmt, s) }

// Scope applies s to db, for db.Scopes.
func (s FlowRunSort) Scope(db *gorm.DB) *gorm.DB { return db.Clauses(s) }

// OrderBy returns the ORDER BY clause of s for db's dialect, for db.Order.
func (s FlowRunSort) OrderBy(db *gorm.DB) clause.OrderBy { return flowRunSorts.orderBy(db, s) }

// TaskRunSort is Prefect's TaskRunSort: the orders of task run lists (table task_run).
type TaskRunSort string

// TaskRunSort values, Prefect's enum names.
const (
	TaskRunSortIDDesc                    TaskRunSort = "ID_DESC"
	TaskRunSortExpectedStartTimeAsc      TaskRunSort = "EXPECTED_START_TIME_ASC"
	TaskRunSortExpectedStartTimeDesc     TaskRunSort = "EXPECTED_START_TIME_DESC"
	TaskRunSortNameAsc                   TaskRunSort = "NAME_ASC"
	TaskRunSortNameDesc                  TaskRunSort = "NAME_DESC"
	TaskRunSortNextScheduledStartTimeAsc TaskRunSort = "NEXT_SCHEDULED_START_TIME_ASC"
	TaskRunSortEndTimeDesc               TaskRunSort = "END_TIME_DESC"
)

var taskRunSorts = sortEnum[TaskRunSort]{name: "TaskRunSort", table: "task_run", entries: []sortEntry[TaskRunSort]{
	{TaskRunSortIDDesc, []sortKey{desc("id")}},
	{TaskRunSortExpectedStartTimeAsc, []sortKey{asc("expected_start_time").null()}},
	{TaskRunSortExpectedStartTimeDesc, []sortKey{desc("expected_start_time").null()}},
	{TaskRunSortNameAsc, []sortKey{asc("name").bytewise()}},
	{TaskRunSortNameDesc, []sortKey{desc("name").bytewise()}},
	{TaskRunSortNextScheduledStartTimeAsc, []sortKey{asc("next_scheduled_start_time").null()}},
	{TaskRunSortEndTimeDesc, []sortKey{desc("end_time").null().untilInfinity()}},
}}

// TaskRunSorts returns every TaskRunSort value in Prefect's order.
func TaskRunSorts() []TaskRunSort { return taskRunSorts.values() }

// ParseTaskRunSort returns the TaskRunSort named s, or an error naming s.
func ParseTaskRunSort(s string) (TaskRunSort, error) { return taskRunSorts.parse(s) }

// Build writes the ORDER BY terms of s, without the keyword.
func (s TaskRunSort) Build(b clause.Builder) { taskRunSorts.build(b, s) }

// ModifyStatement adds the ORDER BY terms of s, making s usable with db.Clauses.
func (s TaskRunSort) ModifyStatement(stmt *gorm.Statement) { taskRunSorts.modify(stmt, s) }

// Scope applies s to db, for db.Scopes.
func (s TaskRunSort) Scope(db *gorm.DB) *gorm.DB { return db.Clauses(s) }

// OrderBy returns the ORDER BY clause of s for db's dialect, for db.Order.
func (s TaskRunSort) OrderBy(db *gorm.DB) clause.OrderBy { return taskRunSorts.orderBy(db, s) }

// LogSort is Prefect's LogSort: the orders of log lists (table log).
type LogSort string

// LogSort values, Prefect's enum names.
const (
	LogSortTimestampAsc  LogSort = "TIMESTAMP_ASC"
	LogSortTimestampDesc LogSort = "TIMESTAMP_DESC"
)

var logSorts = sortEnum[LogSort]{name: "LogSort", table: "log", entries: []sortEntry[LogSort]{
	{LogSortTimestampAsc, []sortKey{asc("timestamp")}},
	{LogSortTimestampDesc, []sortKey{desc("timestamp")}},
}}

// LogSorts returns every LogSort value in Prefect's order.
func LogSorts() []LogSort { return logSorts.values() }

// ParseLogSort returns the LogSort named s, or an error naming s.
func ParseLogSort(s string) (LogSort, error) { return logSorts.parse(s) }

// Build writes the ORDER BY terms of s, without the keyword.
func (s LogSort) Build(b clause.Builder) { logSorts.build(b, s) }

// ModifyStatement adds the ORDER BY terms of s, making s usable with db.Clauses.
func (s LogSort) ModifyStatement(stmt *gorm.Statement) { logSorts.modify(stmt, s) }

// Scope applies s to db, for db.Scopes.
func (s LogSort) Scope(db *gorm.DB) *gorm.DB { return db.Clauses(s) }

// OrderBy returns the ORDER BY clause of s for db's dialect, for db.Order.
func (s LogSort) OrderBy(db *gorm.DB) clause.OrderBy { return logSorts.orderBy(db, s) }

// FlowSort is Prefect's FlowSort: the orders of flow lists (table flow).
type FlowSort string

// FlowSort values, Prefect's enum names.
const (
	FlowSortCreatedDesc FlowSort = "CREATED_DESC"
	FlowSortUpdatedDesc FlowSort = "UPDATED_DESC"
	FlowSortNameAsc     FlowSort = "NAME_ASC"
	FlowSortNameDesc    FlowSort = "NAME_DESC"
)

var flowSorts = sortEnum[FlowSort]{name: "FlowSort", table: "flow", entries: []sortEntry[FlowSort]{
	{FlowSortCreatedDesc, []sortKey{desc("created")}},
	{FlowSortUpdatedDesc, []sortKey{desc("updated")}},
	{FlowSortNameAsc, []sortKey{asc("name").bytewise()}},
	{FlowSortNameDesc, []sortKey{desc("name").bytewise()}},
}}

// FlowSorts returns every FlowSort value in Prefect's order.
func FlowSorts() []FlowSort { return flowSorts.values() }

// ParseFlowSort returns the FlowSort named s, or an error naming s.
func ParseFlowSort(s string) (FlowSort, error) { return flowSorts.parse(s) }

// Build writes the ORDER BY terms of s, without the keyword.
func (s FlowSort) Build(b clause.Builder) { flowSorts.build(b, s) }

// ModifyStatement adds the ORDER BY terms of s, making s usable with db.Clauses.
func (s FlowSort) ModifyStatement(stmt *gorm.Statement) { flowSorts.modify(stmt, s) }

// Scope applies s to db, for db.Scopes.
func (s FlowSort) Scope(db *gorm.DB) *gorm.DB { return db.Clauses(s) }

// OrderBy returns the ORDER BY clause of s for db's dialect, for db.Order.
func (s FlowSort) OrderBy(db *gorm.DB) clause.OrderBy { return flowSorts.orderBy(db, s) }

// DeploymentSort is Prefect's DeploymentSort: the orders of deployment lists (table deployment).
type DeploymentSort string

// DeploymentSort values, Prefect's enum names.
const (
	DeploymentSortCreatedDesc DeploymentSort = "CREATED_DESC"
	DeploymentSortUpdatedDesc DeploymentSort = "UPDATED_DESC"
	DeploymentSortNameAsc     DeploymentSort = "NAME_ASC"
	DeploymentSortNameDesc    DeploymentSort = "NAME_DESC"
)

var deploymentSorts = sortEnum[DeploymentSort]{name: "DeploymentSort", table: "deployment", entries: []sortEntry[DeploymentSort]{
	{DeploymentSortCreatedDesc, []sortKey{desc("created")}},
	{DeploymentSortUpdatedDesc, []sortKey{desc("updated")}},
	{DeploymentSortNameAsc, []sortKey{asc("name").bytewise()}},
	{DeploymentSortNameDesc, []sortKey{desc("name").bytewise()}},
}}

// DeploymentSorts returns every DeploymentSort value in Prefect's order.
func DeploymentSorts() []DeploymentSort { return deploymentSorts.values() }

// ParseDeploymentSort returns the DeploymentSort named s, or an error naming s.
func ParseDeploymentSort(s string) (DeploymentSort, error) { return deploymentSorts.parse(s) }

// Build writes the ORDER BY terms of s, without the keyword.
func (s DeploymentSort) Build(b clause.Builder) { deploymentSorts.build(b, s) }

// ModifyStatement adds the ORDER BY terms of s, making s usable with db.Clauses.
func (s DeploymentSort) ModifyStatement(stmt *gorm.Statement) { deploymentSorts.modify(stmt, s) }

// Scope applies s to db, for db.Scopes.
func (s DeploymentSort) Scope(db *gorm.DB) *gorm.DB { return db.Clauses(s) }

// OrderBy returns the ORDER BY clause of s for db's dialect, for db.Order.
func (s DeploymentSort) OrderBy(db *gorm.DB) clause.OrderBy { return deploymentSorts.orderBy(db, s) }

// ArtifactSort is Prefect's ArtifactSort: the orders of artifact lists (table artifact).
type ArtifactSort string

// ArtifactSort values, Prefect's enum names.
const (
	ArtifactSortCreatedDesc ArtifactSort = "CREATED_DESC"
	ArtifactSortUpdatedDesc ArtifactSort = "UPDATED_DESC"
	ArtifactSortIDDesc      ArtifactSort = "ID_DESC"
	ArtifactSortKeyDesc     ArtifactSort = "KEY_DESC"
	ArtifactSortKeyAsc      ArtifactSort = "KEY_ASC"
)

var artifactSorts = sortEnum[ArtifactSort]{name: "ArtifactSort", table: "artifact", entries: []sortEntry[ArtifactSort]{
	{ArtifactSortCreatedDesc, []sortKey{desc("created")}},
	{ArtifactSortUpdatedDesc, []sortKey{desc("updated")}},
	{ArtifactSortIDDesc, []sortKey{desc("id")}},
	{ArtifactSortKeyDesc, []sortKey{desc("key").null().bytewise()}},
	{ArtifactSortKeyAsc, []sortKey{asc("key").null().bytewise()}},
}}

// ArtifactSorts returns every ArtifactSort value in Prefect's order.
func ArtifactSorts() []ArtifactSort { return artifactSorts.values() }

// ParseArtifactSort returns the ArtifactSort named s, or an error naming s.
func ParseArtifactSort(s string) (ArtifactSort, error) { return artifactSorts.parse(s) }

// Build writes the ORDER BY terms of s, without the keyword.
func (s ArtifactSort) Build(b clause.Builder) { artifactSorts.build(b, s) }

// ModifyStatement adds the ORDER BY terms of s, making s usable with db.Clauses.
func (s ArtifactSort) ModifyStatement(stmt *gorm.Statement) { artifactSorts.modify(stmt, s) }

// Scope applies s to db, for db.Scopes.
func (s ArtifactSort) Scope(db *gorm.DB) *gorm.DB { return db.Clauses(s) }

// OrderBy returns the ORDER BY clause of s for db's dialect, for db.Order.
func (s ArtifactSort) OrderBy(db *gorm.DB) clause.OrderBy { return artifactSorts.orderBy(db, s) }

// ArtifactCollectionSort is Prefect's ArtifactCollectionSort: the orders of artifact collection lists (table artifact_collection).
type ArtifactCollectionSort string

// ArtifactCollectionSort values, Prefect's enum names.
const (
	ArtifactCollectionSortCreatedDesc ArtifactCollectionSort = "CREATED_DESC"
	ArtifactCollectionSortUpdatedDesc ArtifactCollectionSort = "UPDATED_DESC"
	ArtifactCollectionSortIDDesc      ArtifactCollectionSort = "ID_DESC"
	ArtifactCollectionSortKeyDesc     ArtifactCollectionSort = "KEY_DESC"
	ArtifactCollectionSortKeyAsc      ArtifactCollectionSort = "KEY_ASC"
)

var artifactCollectionSorts = sortEnum[ArtifactCollectionSort]{name: "ArtifactCollectionSort", table: "artifact_collection", entries: []sortEntry[ArtifactCollectionSort]{
	{ArtifactCollectionSortCreatedDesc, []sortKey{desc("created")}},
	{ArtifactCollectionSortUpdatedDesc, []sortKey{desc("updated")}},
	{ArtifactCollectionSortIDDesc, []sortKey{desc("id")}},
	{ArtifactCollectionSortKeyDesc, []sortKey{desc("key").bytewise()}},
	{ArtifactCollectionSortKeyAsc, []sortKey{asc("key").bytewise()}},
}}

// ArtifactCollectionSorts returns every ArtifactCollectionSort value in Prefect's order.
func ArtifactCollectionSorts() []ArtifactCollectionSort { return artifactCollectionSorts.values() }

// ParseArtifactCollectionSort returns the ArtifactCollectionSort named s, or an error naming s.
func ParseArtifactCollectionSort(s string) (ArtifactCollectionSort, error) {
	return artifactCollectionSorts.parse(s)
}

// Build writes the ORDER BY terms of s, without the keyword.
func (s ArtifactCollectionSort) Build(b clause.Builder) { artifactCollectionSorts.build(b, s) }

// ModifyStatement adds the ORDER BY terms of s, making s usable with db.Clauses.
func (s ArtifactCollectionSort) ModifyStatement(stmt *gorm.Statement) {
	artifactCollectionSorts.modify(stmt, s)
}

// Scope applies s to db, for db.Scopes.
func (s ArtifactCollectionSort) Scope(db *gorm.DB) *gorm.DB { return db.Clauses(s) }

// OrderBy returns the ORDER BY clause of s for db's dialect, for db.Order.
func (s ArtifactCollectionSort) OrderBy(db *gorm.DB) clause.OrderBy {
	return artifactCollectionSorts.orderBy(db, s)
}

// VariableSort is Prefect's VariableSort: the orders of variable lists (table variable).
type VariableSort string

// VariableSort values, Prefect's enum names.
const (
	VariableSortCreatedDesc VariableSort = "CREATED_DESC"
	VariableSortUpdatedDesc VariableSort = "UPDATED_DESC"
	VariableSortNameDesc    VariableSort = "NAME_DESC"
	VariableSortNameAsc     VariableSort = "NAME_ASC"
)

var variableSorts = sortEnum[VariableSort]{name: "VariableSort", table: "variable", entries: []sortEntry[VariableSort]{
	{VariableSortCreatedDesc, []sortKey{desc("created")}},
	{VariableSortUpdatedDesc, []sortKey{desc("updated")}},
	{VariableSortNameDesc, []sortKey{desc("name").bytewise()}},
	{VariableSortNameAsc, []sortKey{asc("name").bytewise()}},
}}

// VariableSorts returns every VariableSort value in Prefect's order.
func VariableSorts() []VariableSort { return variableSorts.values() }

// ParseVariableSort returns the VariableSort named s, or an error naming s.
func ParseVariableSort(s string) (VariableSort, error) { return variableSorts.parse(s) }

// Build writes the ORDER BY terms of s, without the keyword.
func (s VariableSort) Build(b clause.Builder) { variableSorts.build(b, s) }

// ModifyStatement adds the ORDER BY terms of s, making s usable with db.Clauses.
func (s VariableSort) ModifyStatement(stmt *gorm.Statement) { variableSorts.modify(stmt, s) }

// Scope applies s to db, for db.Scopes.
func (s VariableSort) Scope(db *gorm.DB) *gorm.DB { return db.Clauses(s) }

// OrderBy returns the ORDER BY clause of s for db's dialect, for db.Order.
func (s VariableSort) OrderBy(db *gorm.DB) clause.OrderBy { return variableSorts.orderBy(db, s) }

// BlockDocumentSort is Prefect's BlockDocumentSort: the orders of block document lists (table block_document).
type BlockDocumentSort string

// BlockDocumentSort values, Prefect's enum names.
const (
	BlockDocumentSortNameDesc            BlockDocumentSort = "NAME_DESC"
	BlockDocumentSortNameAsc             BlockDocumentSort = "NAME_ASC"
	BlockDocumentSortBlockTypeAndNameAsc BlockDocumentSort = "BLOCK_TYPE_AND_NAME_ASC"
)

var blockDocumentSorts = sortEnum[BlockDocumentSort]{name: "BlockDocumentSort", table: "block_document", entries: []sortEntry[BlockDocumentSort]{
	{BlockDocumentSortNameDesc, []sortKey{desc("name").bytewise()}},
	{BlockDocumentSortNameAsc, []sortKey{asc("name").bytewise()}},
	{BlockDocumentSortBlockTypeAndNameAsc, []sortKey{asc("block_type_name").null().bytewise(), asc("name").bytewise()}},
}}

// BlockDocumentSorts returns every BlockDocumentSort value in Prefect's order.
func BlockDocumentSorts() []BlockDocumentSort { return blockDocumentSorts.values() }

// ParseBlockDocumentSort returns the BlockDocumentSort named s, or an error naming s.
func ParseBlockDocumentSort(s string) (BlockDocumentSort, error) { return blockDocumentSorts.parse(s) }

// Build writes the ORDER BY terms of s, without the keyword.
func (s BlockDocumentSort) Build(b clause.Builder) { blockDocumentSorts.build(b, s) }

// ModifyStatement adds the ORDER BY terms of s, making s usable with db.Clauses.
func (s BlockDocumentSort) ModifyStatement(stmt *gorm.Statement) { blockDocumentSorts.modify(stmt, s) }

// Scope applies s to db, for db.Scopes.
func (s BlockDocumentSort) Scope(db *gorm.DB) *gorm.DB { return db.Clauses(s) }

// OrderBy returns the ORDER BY clause of s for db's dialect, for db.Order.
func (s BlockDocumentSort) OrderBy(db *gorm.DB) clause.OrderBy {
	return blockDocumentSorts.orderBy(db, s)
}

// AutomationSort is Prefect's AutomationSort: the orders of automation lists (table automation).
type AutomationSort string

// AutomationSort values, Prefect's enum names.
const (
	AutomationSortCreatedDesc AutomationSort = "CREATED_DESC"
	AutomationSortUpdatedDesc AutomationSort = "UPDATED_DESC"
	AutomationSortNameAsc     AutomationSort = "NAME_ASC"
	AutomationSortNameDesc    AutomationSort = "NAME_DESC"
)

var automationSorts = sortEnum[AutomationSort]{name: "AutomationSort", table: "automation", entries: []sortEntry[AutomationSort]{
	{AutomationSortCreatedDesc, []sortKey{desc("created")}},
	{AutomationSortUpdatedDesc, []sortKey{desc("updated")}},
	{AutomationSortNameAsc, []sortKey{asc("name").bytewise()}},
	{AutomationSortNameDesc, []sortKey{desc("name").bytewise()}},
}}

// AutomationSorts returns every AutomationSort value in Prefect's order.
func AutomationSorts() []AutomationSort { return automationSorts.values() }

// ParseAutomationSort returns the AutomationSort named s, or an error naming s.
func ParseAutomationSort(s string) (AutomationSort, error) { return automationSorts.parse(s) }

// Build writes the ORDER BY terms of s, without the keyword.
func (s AutomationSort) Build(b clause.Builder) { automationSorts.build(b, s) }

// ModifyStatement adds the ORDER BY terms of s, making s usable with db.Clauses.
func (s AutomationSort) ModifyStatement(stmt *gorm.Statement) { automationSorts.modify(stmt, s) }

// Scope applies s to db, for db.Scopes.
func (s AutomationSort) Scope(db *gorm.DB) *gorm.DB { return db.Clauses(s) }

// OrderBy returns the ORDER BY clause of s for db's dialect, for db.Order.
func (s AutomationSort) OrderBy(db *gorm.DB) clause.OrderBy { return automationSorts.orderBy(db, s) }
