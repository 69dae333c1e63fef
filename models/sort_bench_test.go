package models_test

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/models"
)

// pageCase is one sort whose 10-row page BenchmarkSortedPage times three
// ways.
type pageCase struct {
	name  string
	table string
	model func() any
	sort  clause.Expression
	// before is the ORDER BY prefectorm rendered before the sorts used
	// NULLS FIRST/LAST (the same on both dialects); prefect is Prefect's
	// own (sorting.py: one key, no tie-breaker, the dialect's NULL
	// placement).
	before, prefect string
	// nulls, when set, is the plain col DESC NULLS FIRST rendering that
	// Prefect's one-column index also matches (before untilInfinity).
	nulls string
}

var pageCases = []pageCase{
	{"flow_run/START_TIME_DESC", "flow_run", func() any { return &[]models.FlowRun{} }, models.FlowRunSortStartTimeDesc,
		"(COALESCE(start_time, expected_start_time) IS NULL) DESC, COALESCE(start_time, expected_start_time) DESC, id DESC",
		"COALESCE(start_time, expected_start_time) DESC", ""},
	{"flow_run/EXPECTED_START_TIME_DESC", "flow_run", func() any { return &[]models.FlowRun{} }, models.FlowRunSortExpectedStartTimeDesc,
		"(expected_start_time IS NULL) DESC, expected_start_time DESC, id DESC", "expected_start_time DESC", ""},
	{"flow_run/NEXT_SCHEDULED_START_TIME_ASC", "flow_run", func() any { return &[]models.FlowRun{} }, models.FlowRunSortNextScheduledStartTimeAsc,
		"(next_scheduled_start_time IS NULL), next_scheduled_start_time, id", "next_scheduled_start_time ASC", ""},
	{"flow_run/END_TIME_DESC", "flow_run", func() any { return &[]models.FlowRun{} }, models.FlowRunSortEndTimeDesc,
		"(end_time IS NULL) DESC, end_time DESC, id DESC", "end_time DESC", "end_time DESC NULLS FIRST, id DESC"},
	{"task_run/END_TIME_DESC", "task_run", func() any { return &[]models.TaskRun{} }, models.TaskRunSortEndTimeDesc,
		"(end_time IS NULL) DESC, end_time DESC, id DESC", "end_time DESC", "end_time DESC NULLS FIRST, id DESC"},
	{"task_run/NEXT_SCHEDULED_START_TIME_ASC", "task_run", func() any { return &[]models.TaskRun{} }, models.TaskRunSortNextScheduledStartTimeAsc,
		"(next_scheduled_start_time IS NULL), next_scheduled_start_time, id", "next_scheduled_start_time ASC", ""},
	{"log/TIMESTAMP_DESC", "log", func() any { return &[]models.Log{} }, models.LogSortTimestampDesc,
		"timestamp DESC, id DESC", "timestamp DESC", ""},
}

// BenchmarkSortedPage times the 10-row page of a few sorts on a generated
// database of PREFECTORM_BENCH_FLOW_RUNS flow runs (internal/bigdb, then
// ANALYZE), on both dialects, three ways: "after" is the sort as
// prefectorm renders it now, "before" the rendering with (expr IS NULL)
// keys that defeated every index, "prefect" Prefect's own ORDER BY, and
// for END_TIME_DESC "nulls" the plain end_time DESC NULLS FIRST, id DESC
// (on PostgreSQL now COALESCE(end_time, 'infinity') DESC, id DESC). Each
// reads all columns, as Prefect's list endpoints do.
//
//	PREFECTORM_BENCH_FLOW_RUNS=1000000 go test ./models/ -run '^$' -bench SortedPage -benchtime 5x -timeout 2h
func BenchmarkSortedPage(b *testing.B) {
	n, _ := strconv.Atoi(os.Getenv("PREFECTORM_BENCH_FLOW_RUNS"))
	if n < 1000 {
		b.Skip("set PREFECTORM_BENCH_FLOW_RUNS (e.g. 1000000) to generate a database of that many flow runs")
	}
	for _, dialect := range dbtest.Dialects {
		b.Run(dialect, func(b *testing.B) {
			ctx := context.Background()
			db := dbtest.New(b, dialect)
			start := time.Now()
			fillSortTables(ctx, b, db, n)
			b.Logf("%s: filled and analysed %d flow runs in %v", dialect, n, time.Since(start).Round(time.Second))
			sqlDB, err := db.DB.DB()
			if err != nil {
				b.Fatal(err)
			}
			for _, c := range pageCases {
				after := db.DB.ToSQL(func(tx *gorm.DB) *gorm.DB { return tx.Clauses(c.sort).Limit(10).Find(c.model()) })
				variants := []struct{ how, sql string }{
					{"after", after},
					{"before", "SELECT * FROM " + c.table + " ORDER BY " + c.before + " LIMIT 10"},
					{"prefect", "SELECT * FROM " + c.table + " ORDER BY " + c.prefect + " LIMIT 10"},
				}
				if c.nulls != "" {
					variants = append(variants, struct{ how, sql string }{"nulls", "SELECT * FROM " + c.table + " ORDER BY " + c.nulls + " LIMIT 10"})
				}
				for _, q := range variants {
					b.Run(c.name+"/"+q.how, func(b *testing.B) {
						for b.Loop() {
							rows, err := sqlDB.QueryContext(ctx, q.sql)
							if err != nil {
								b.Fatal(err)
							}
							k := 0
							for rows.Next() {
								k++
							}
							if err := rows.Close(); err != nil || k != 10 {
								b.Fatalf("%d rows, %v", k, err)
							}
						}
					})
				}
			}
		})
	}
}
