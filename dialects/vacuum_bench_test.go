package dialects_test

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prefectorm/prefectorm/dialects"
	"github.com/prefectorm/prefectorm/internal/coltype"
	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/internal/testdb"
	"github.com/prefectorm/prefectorm/models"
)

// Environment of BenchmarkVacuumBigDatabase.
const (
	// EnvBenchFlowRuns sets its number of flow runs (default 20,000).
	EnvBenchFlowRuns = "PREFECTORM_BENCH_FLOW_RUNS"
	// EnvBenchVacuumBatch sets the batch size of Prefect's side and the
	// first batch size of prefectorm's (default 200, Prefect's
	// PREFECT_SERVER_SERVICES_DB_VACUUM_BATCH_SIZE).
	EnvBenchVacuumBatch = "PREFECTORM_BENCH_VACUUM_BATCH"
	// EnvBenchVacuumDuration sets prefectorm's VacuumOptions.BatchDuration
	// (a Go duration; default DefaultVacuumBatchDuration; negative: every
	// batch of the batch size, as Prefect's).
	EnvBenchVacuumDuration = "PREFECTORM_BENCH_VACUUM_DURATION"
	// EnvBenchPrefectCap, when set to a number k, stops Prefect's side
	// once it has run k times as long as prefectorm's pass: an unfinished
	// side then shows a ratio of at least k (reported as prefect/prefectorm
	// with prefect-capped 1), without waiting hours for Prefect's orphan
	// batches at a million runs. Unset, Prefect's side runs to the end.
	EnvBenchPrefectCap = "PREFECTORM_BENCH_PREFECT_CAP"
)

func envInt(b *testing.B, name string, def int) int {
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < 1 {
		b.Fatalf("%s=%q: want a positive number", name, s)
	}
	return v
}

// BenchmarkVacuumBigDatabase fills a database with N flow runs (90% of
// them COMPLETED in 2024, 10% SCHEDULED), 3N flow-run states, N task runs
// and N task-run states, 3N logs, N events and N event resources, and N/5
// flow-run inputs and artifacts (bigdb.Fill plus addRetentionRows), then
// runs on two copies of it, in the same run, the same retention
// (cutoff now: 0.9N runs, 2.7N logs, all events go): dialects.Vacuum with
// its batch sizing (first batch the batch size, then sized to
// PREFECTORM_BENCH_VACUUM_DURATION, default 250 ms), and Prefect 3.8.3's
// db_vacuum batch shape as raw SQL (each batch DELETE … WHERE id IN
// (SELECT id … LIMIT n) of the batch size, the orphaned logs found by NOT
// EXISTS, in autocommit statements, until a batch deletes nothing). It
// checks that both leave the same row counts (when Prefect's side ran to
// the end) and reports both times and their ratio. Measured on the 2-core
// CI machine, batch 200, at 1,000,000 flow runs: on PostgreSQL 91 s
// against Prefect's side stopped unfinished at 15× that
// (PREFECTORM_BENCH_PREFECT_CAP=15), its orphan-log batches having deleted
// 648,200 of 2.55M logs in 1,327 s; on SQLite 217 s against 1,660 s
// (7.6×). With fixed batches of 200 on both sides: 148 s (at least 15×)
// and 432 s (4.0×). Run it with
//
//	PREFECTORM_BENCH_FLOW_RUNS=1000000 PREFECTORM_BENCH_PREFECT_CAP=15 go test ./dialects/ -run '^$' -bench VacuumBigDatabase -benchtime 1x -timeout 3h -v
func BenchmarkVacuumBigDatabase(b *testing.B) {
	n := envInt(b, EnvBenchFlowRuns, 20_000)
	batch := envInt(b, EnvBenchVacuumBatch, 200)
	capFactor := envInt(b, EnvBenchPrefectCap, 0)
	duration := dialects.DefaultVacuumBatchDuration
	if s := os.Getenv(EnvBenchVacuumDuration); s != "" {
		var err error
		if duration, err = time.ParseDuration(s); err != nil || duration == 0 {
			b.Fatalf("%s=%q: want a non-zero Go duration", EnvBenchVacuumDuration, s)
		}
	}
	for _, dialect := range dbtest.Dialects {
		b.Run(dialect, func(b *testing.B) {
			source := filledSource(b, dialect, n)
			for i := 0; i < b.N; i++ {
				benchVacuum(b, dialect, source, n, batch, duration, capFactor)
			}
		})
	}
}

// filledSource returns a function that makes a fresh copy of the filled
// database and returns its URL.
func filledSource(b *testing.B, dialect string, n int) func() string {
	build := func(url string) error {
		start := time.Now()
		counts, err := fillBigDB(url, n, addRetentionRows)
		if err != nil {
			return err
		}
		b.Logf("%s: filled %+v, then %d more logs, %d task-run states, %d flow-run inputs and artifacts, in %s", dialect, counts, n, n, n/5, time.Since(start).Round(time.Millisecond))
		return nil
	}
	if dialect == "postgres" {
		src := testdb.Postgres(b)
		if err := build(src); err != nil {
			b.Fatal(err)
		}
		return func() string { return testdb.PostgresCopy(b, src) }
	}
	path := testdb.SQLite(b)
	if err := build("sqlite:///" + path); err != nil {
		b.Fatal(err)
	}
	return func() string {
		dst := testdb.SQLite(b)
		if err := copyFile(path, dst); err != nil {
			b.Fatal(err)
		}
		return "sqlite:///" + dst
	}
}

// addRetentionRows adds to a bigdb database the rows retention deletes
// that bigdb.Fill does not write: a third log per flow run, a COMPLETED
// state per task run, and an input and an artifact for one flow run in
// five (half of them SCHEDULED runs, which are kept), each with an id of
// its own tag derived from its parent's.
func addRetentionRows(ctx context.Context, db *sql.DB, dialect string) error {
	id := func(tag string) string {
		if dialect == "postgres" {
			return "('" + tag + "' || substr(id::text, 9))::uuid"
		}
		return "'" + tag + "' || substr(id, 9)"
	}
	completed, null := "'COMPLETED'", "'null'"
	if dialect == "postgres" {
		completed, null = "'COMPLETED'::state_type", "'null'::json"
	}
	for _, q := range []string{
		"INSERT INTO log (id, created, updated, name, level, flow_run_id, message, timestamp) SELECT " + id("0000000a") + ", created, updated, 'prefect.flow_runs', 20, id, 'Created task run', created FROM flow_run",
		"INSERT INTO task_run_state (id, created, updated, task_run_id, type, timestamp, name, state_details) SELECT " + id("0000000b") + ", created, updated, id, " + completed + ", updated, 'Completed', '{}' FROM task_run",
		"INSERT INTO flow_run_input (id, created, updated, flow_run_id, key, value) SELECT " + id("0000000c") + ", created, updated, id, 'input', '\"v\"' FROM flow_run WHERE name LIKE '%0' OR name LIKE '%1'",
		"INSERT INTO artifact (id, created, updated, flow_run_id, type, data, metadata_) SELECT " + id("0000000d") + ", created, updated, id, 'markdown', " + null + ", " + null + " FROM flow_run WHERE name LIKE '%0' OR name LIKE '%1'",
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%w\n%s", err, q)
		}
	}
	return nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		_ = out.Close()
		return err
	}
	return out.Close()
}

// vacuumTables are the tables whose counts both sides must leave equal.
var vacuumTables = []string{"flow_run", "flow_run_state", "task_run", "task_run_state", "log", "artifact", "events", "event_resources"}

func tableCounts(b *testing.B, db *sql.DB) map[string]int64 {
	out := map[string]int64{}
	for _, t := range vacuumTables {
		var c int64
		if err := db.QueryRow("SELECT count(*) FROM " + t).Scan(&c); err != nil {
			b.Fatal(err)
		}
		out[t] = c
	}
	return out
}

func benchVacuum(b *testing.B, dialect string, source func() string, n, batch int, duration time.Duration, capFactor int) {
	b.StopTimer()
	ctx := context.Background()
	cutoff := time.Now()

	// prefectorm.
	ours := dbtest.Open(b, source())
	oursSQL, err := ours.DB.DB()
	if err != nil {
		b.Fatal(err)
	}
	var progress strings.Builder
	var flowRunBatches []time.Duration
	b.StartTimer()
	t0 := time.Now()
	last := t0
	report, err := dialects.Vacuum(ctx, ours.DB, dialects.VacuumOptions{
		FlowRunsBefore: cutoff, EventsBefore: cutoff, BatchSize: batch, BatchDuration: duration,
		Logger: slog.New(slog.NewTextHandler(&progress, &slog.HandlerOptions{Level: slog.LevelInfo})),
		OnBatch: func(phase string, _ dialects.VacuumReport) {
			now := time.Now()
			if phase == dialects.PhaseFlowRuns {
				flowRunBatches = append(flowRunBatches, now.Sub(last))
			}
			last = now
		},
	})
	oursTook := time.Since(t0)
	b.StopTimer()
	if err != nil {
		b.Fatal(err)
	}
	oursCounts := tableCounts(b, oursSQL)

	// Prefect's batch shape on a fresh copy.
	theirs := dbtest.Open(b, source())
	theirsSQL, err := theirs.DB.DB()
	if err != nil {
		b.Fatal(err)
	}
	var budget time.Duration
	if capFactor > 0 {
		budget = time.Duration(capFactor) * oursTook
	}
	phases, theirsTook, capped := prefectVacuum(b, ctx, theirsSQL, dialect, cutoff, batch, budget)
	theirsCounts := tableCounts(b, theirsSQL)
	for _, t := range vacuumTables {
		if !capped && oursCounts[t] != theirsCounts[t] {
			b.Errorf("%s: %d rows left by Vacuum, %d by Prefect's batches", t, oursCounts[t], theirsCounts[t])
		}
	}
	b.ReportMetric(oursTook.Seconds(), "prefectorm-s")
	b.ReportMetric(theirsTook.Seconds(), "prefect-s")
	b.ReportMetric(theirsTook.Seconds()/oursTook.Seconds(), "prefect/prefectorm")
	verdict := fmt.Sprintf("%.1f× faster", theirsTook.Seconds()/oursTook.Seconds())
	if capped {
		b.ReportMetric(1, "prefect-capped")
		var left int64
		for _, t := range vacuumTables {
			left += theirsCounts[t] - oursCounts[t]
		}
		verdict = fmt.Sprintf("stopped unfinished at %d× prefectorm's time with %d rows still to delete: at least %d× faster", capFactor, left, capFactor)
	}
	var out strings.Builder
	fmt.Fprintf(&out, "\n%s, %d flow runs, batch %d (prefectorm's batch duration %s): prefectorm %.2f s (%d batches; %v), Prefect's batches %.2f s: %s\n",
		dialect, n, batch, duration, oursTook.Seconds(), report.Batches, report.Tables(), theirsTook.Seconds(), verdict)
	fmt.Fprintf(&out, "  prefectorm flow-run batches: %s\n", batchGrowth(flowRunBatches))
	for _, line := range strings.Split(progress.String(), "\n") {
		if strings.Contains(line, dialects.MsgVacuumFinished) {
			_, attrs, _ := strings.Cut(line, "phase=")
			fmt.Fprintf(&out, "  prefectorm phase=%s\n", attrs)
		}
	}
	for _, p := range phases {
		fmt.Fprintf(&out, "  Prefect %s: %.2f s, %d rows in %d batches\n", p.name, p.took.Seconds(), p.rows, p.batches)
	}
	fmt.Fprintf(&out, "  rows left: %v\n", oursCounts)
	b.Log(out.String())
}

type prefectPhase struct {
	name          string
	took          time.Duration
	rows, batches int64
}

// prefectVacuum runs db_vacuum's tasks as Prefect 3.8.3 runs them
// (_batch_delete: each batch one autocommit DELETE of a LIMITed id
// subquery, repeated until it deletes nothing): old flow runs (their
// children go by the cascades), orphaned logs, orphaned artifacts, stale
// artifact collections (none here) and old events.
func prefectVacuum(b *testing.B, ctx context.Context, db *sql.DB, dialect string, cutoff time.Time, batch int, budget time.Duration) ([]prefectPhase, time.Duration, bool) {
	ts := any(cutoff.UTC())
	if dialect == "sqlite" {
		ts = coltype.SQLiteTime(models.NewTimestamp(cutoff).Time)
	}
	q := func(s string) string { return dbtest.Rebind(dialect, s) }
	steps := []struct {
		name, sql string
		args      []any
	}{
		{"old flow runs", "DELETE FROM flow_run WHERE id IN (SELECT id FROM flow_run WHERE parent_task_run_id IS NULL AND state_type IN ('COMPLETED', 'CANCELLED', 'FAILED', 'CRASHED') AND end_time IS NOT NULL AND end_time < ? LIMIT ?)", []any{ts, batch}},
		{"orphaned logs", "DELETE FROM log WHERE id IN (SELECT id FROM log WHERE log.flow_run_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM flow_run WHERE flow_run.id = log.flow_run_id) LIMIT ?)", []any{batch}},
		{"orphaned artifacts", "DELETE FROM artifact WHERE id IN (SELECT id FROM artifact WHERE artifact.flow_run_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM flow_run WHERE flow_run.id = artifact.flow_run_id) LIMIT ?)", []any{batch}},
		{"old event resources", "DELETE FROM event_resources WHERE id IN (SELECT id FROM event_resources WHERE occurred < ? LIMIT ?)", []any{ts, batch}},
		{"old events", "DELETE FROM events WHERE id IN (SELECT id FROM events WHERE occurred < ? LIMIT ?)", []any{ts, batch}},
	}
	var phases []prefectPhase
	b.StartTimer()
	start := time.Now()
	for _, s := range steps {
		p := prefectPhase{name: s.name}
		t0 := time.Now()
		for {
			if budget > 0 && time.Since(start) > budget {
				p.took = time.Since(t0)
				phases = append(phases, p)
				took := time.Since(start)
				b.StopTimer()
				return phases, took, true
			}
			res, err := db.ExecContext(ctx, q(s.sql), s.args...)
			if err != nil {
				b.Fatalf("%s: %v", s.name, err)
			}
			rows, _ := res.RowsAffected()
			p.batches++
			if rows == 0 {
				break
			}
			p.rows += rows
		}
		p.took = time.Since(t0)
		phases = append(phases, p)
	}
	// Stale artifact collections: one NOT EXISTS query, which finds none
	// here.
	t0 := time.Now()
	rows, err := db.QueryContext(ctx, q("SELECT id, key FROM artifact_collection WHERE NOT EXISTS (SELECT 1 FROM artifact WHERE artifact.id = artifact_collection.latest_id) LIMIT ?"), batch)
	if err != nil {
		b.Fatal(err)
	}
	_ = rows.Close()
	phases = append(phases, prefectPhase{name: "stale artifact collections", took: time.Since(t0), batches: 1})
	took := time.Since(start)
	b.StopTimer()
	return phases, took, false
}

// batchGrowth summarises batch durations: the mean of the first and of the
// last tenth, which are equal when a pass's batches cost the same
// whatever was deleted before them.
func batchGrowth(ds []time.Duration) string {
	if len(ds) < 10 {
		return fmt.Sprintf("%d batches", len(ds))
	}
	mean := func(xs []time.Duration) time.Duration {
		var sum time.Duration
		for _, x := range xs {
			sum += x
		}
		return sum / time.Duration(len(xs))
	}
	tenth := len(ds) / 10
	return fmt.Sprintf("%d batches, first tenth %s each, last tenth %s each", len(ds),
		mean(ds[:tenth]).Round(time.Microsecond), mean(ds[len(ds)-tenth:]).Round(time.Microsecond))
}
