package dialects_test

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/dialects"
	"github.com/prefectorm/prefectorm/internal/bigdb"
	"github.com/prefectorm/prefectorm/internal/dbtest"
)

// vacuumBigTables are the tables no statement of a pass may read whole.
var vacuumBigTables = []string{"flow_run", "flow_run_state", "flow_run_input", "task_run", "task_run_state", "log", "artifact", "events", "event_resources"}

var (
	placeholder = regexp.MustCompile(`\$\d+`)
	inList      = regexp.MustCompile(`\(\?(?:,\s*\?)*\)`)
)

// vacuumStatement is one statement a pass sent, with its arguments.
type vacuumStatement struct {
	sql  string
	vars []any
}

// TestVacuumPlans runs a dry pass over a generated, ANALYZEd database
// (bigdb.Fill and addRetentionRows, 20,000 flow runs), captures every statement it sends, and
// asserts from each distinct statement's plan (EXPLAIN on PostgreSQL,
// with sequential scans priced out, EXPLAIN QUERY PLAN on SQLite) that
// none reads a big table whole: every batch goes through an index.
func TestVacuumPlans(t *testing.T) {
	if testing.Short() {
		t.Skip("fills a database of 20,000 flow runs")
	}
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		ctx := context.Background()
		sqlDB, err := db.DB.DB()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := bigdb.Fill(ctx, sqlDB, db.Dialect.Name(), bigdb.Sizes{FlowRuns: 20_000}); err != nil {
			t.Fatal(err)
		}
		if err := addRetentionRows(ctx, sqlDB, db.Dialect.Name()); err != nil {
			t.Fatal(err)
		}
		if _, err := sqlDB.ExecContext(ctx, "ANALYZE"); err != nil {
			t.Fatal(err)
		}
		var captured []vacuumStatement
		seen := map[string]bool{}
		capture := func(tx *gorm.DB) {
			s := tx.Statement.SQL.String()
			// One plan per shape: IN lists of different lengths are one.
			shape := inList.ReplaceAllString(placeholder.ReplaceAllString(s, "?"), "(…)")
			if tx.Error == nil && !seen[shape] {
				seen[shape] = true
				captured = append(captured, vacuumStatement{s, append([]any{}, tx.Statement.Vars...)})
			}
		}
		if err := db.DB.Callback().Raw().After("gorm:raw").Register("vacuumplan:raw", capture); err != nil {
			t.Fatal(err)
		}
		if err := db.DB.Callback().Row().After("gorm:row").Register("vacuumplan:row", capture); err != nil {
			t.Fatal(err)
		}
		if err := db.DB.Callback().Update().After("gorm:update").Register("vacuumplan:update", capture); err != nil {
			t.Fatal(err)
		}
		cutoff := time.Date(2024, 8, 1, 3, 0, 0, 0, time.UTC) // about half of the generated runs
		report, err := dialects.Vacuum(ctx, db.DB, dialects.VacuumOptions{
			FlowRunsBefore: cutoff, EventsBefore: cutoff, BatchSize: 200, DryRun: true,
			EventTypesBefore: map[string]time.Time{"prefect.flow-run.Completed": cutoff.Add(time.Hour)},
			Logger:           slog.New(slog.DiscardHandler),
		})
		if err != nil {
			t.Fatal(err)
		}
		if report.FlowRuns == 0 || report.Logs == 0 || report.Events == 0 {
			t.Fatalf("the dry pass found nothing to delete: %+v", report)
		}
		if len(captured) < 10 {
			t.Fatalf("captured %d statements", len(captured))
		}
		// The check can fail: Prefect's orphaned-log batch reads log (or,
		// for its anti-join, flow_run) whole.
		orphans := vacuumStatement{sql: "DELETE FROM log WHERE id IN (SELECT id FROM log WHERE log.flow_run_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM flow_run WHERE flow_run.id = log.flow_run_id) LIMIT 200)"}
		if plan := explainVacuum(t, sqlDB, db.Dialect.Name(), orphans); vacuumFullScan(db.Dialect.Name(), plan) == "" {
			t.Errorf("Prefect's orphaned-log batch is not seen reading a table whole:\n%s", plan)
		}
		for _, s := range captured {
			if strings.HasPrefix(s.sql, "SAVEPOINT") || strings.HasPrefix(s.sql, "RELEASE") {
				continue
			}
			plan := explainVacuum(t, sqlDB, db.Dialect.Name(), s)
			if table := vacuumFullScan(db.Dialect.Name(), plan); table != "" {
				t.Errorf("statement reads %s whole:\n%s\nplan:\n%s", table, s.sql, plan)
			}
		}
	})
}

// explain returns the plan of s as text.
func explainVacuum(t *testing.T, db *sql.DB, dialect string, s vacuumStatement) string {
	t.Helper()
	prefix := "EXPLAIN "
	if dialect == "sqlite" {
		prefix = "EXPLAIN QUERY PLAN "
	}
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback() }()
	if dialect == "postgres" {
		// On tables of 20,000 rows a sequential scan can be the cheaper
		// plan; what the test asserts is that an index can serve every
		// statement: with sequential scans priced out, PostgreSQL still
		// plans one only where no index applies. (SQLite's planner is
		// checked as it is; BenchmarkVacuumBigDatabase runs the pass at
		// scale.)
		if _, err := tx.Exec("SET LOCAL enable_seqscan = off"); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := tx.Query(prefix+s.sql, s.vars...)
	if err != nil {
		t.Fatalf("%s%s: %v", prefix, s.sql, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out strings.Builder
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintln(&out, vals[len(vals)-1])
	}
	return out.String()
}

// fullScan returns the big table the plan reads whole, or "".
func vacuumFullScan(dialect, plan string) string {
	lines := strings.Split(plan, "\n")
	for _, table := range vacuumBigTables {
		if dialect == "sqlite" {
			// SCAN t, or SCAN t USING [COVERING] INDEX i: every row (a
			// SEARCH is a range of an index).
			if regexp.MustCompile(`\bSCAN ` + table + `\b`).MatchString(plan) {
				return table
			}
			continue
		}
		seq := regexp.MustCompile(`Seq Scan on ` + table + `\b`)
		index := regexp.MustCompile(`Index (Only )?Scan( Backward)? using \S+ on ` + table + `\b`)
		for i, line := range lines {
			if seq.MatchString(line) {
				return table
			}
			if !index.MatchString(line) {
				continue
			}
			// An index scan without an Index Cond reads the whole index.
			indent := len(line) - len(strings.TrimLeft(line, " "))
			cond := false
			for _, detail := range lines[i+1:] {
				if d := len(detail) - len(strings.TrimLeft(detail, " ")); d <= indent || strings.Contains(detail, "->") {
					break
				}
				if strings.Contains(detail, "Index Cond:") {
					cond = true
				}
			}
			if !cond {
				return table
			}
		}
	}
	return ""
}
