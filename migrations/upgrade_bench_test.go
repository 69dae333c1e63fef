package migrations_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prefectorm/prefectorm/internal/bigdb"
	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/migrations"
)

// EnvBenchFlowRuns sets the number of flow runs of
// BenchmarkUpgradeBigDatabase (default 1,000,000).
const EnvBenchFlowRuns = "PREFECTORM_BENCH_FLOW_RUNS"

// diskSampler samples a database's size on disk while a step runs and
// keeps the largest value seen.
type diskSampler struct {
	size func() (int64, error)
	mu   sync.Mutex
	peak int64
	stop chan struct{}
	done chan struct{}
}

func (s *diskSampler) start() {
	s.stop, s.done = make(chan struct{}), make(chan struct{})
	s.peak = 0
	go func() {
		defer close(s.done)
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			s.sample()
			select {
			case <-s.stop:
				return
			case <-t.C:
			}
		}
	}()
}

func (s *diskSampler) sample() {
	if n, err := s.size(); err == nil {
		s.mu.Lock()
		s.peak = max(s.peak, n)
		s.mu.Unlock()
	}
}

// end stops sampling and returns the peak, sampling once more at the end.
func (s *diskSampler) end() int64 {
	close(s.stop)
	<-s.done
	s.sample()
	return s.peak
}

// diskSize returns a function measuring the database's bytes on disk:
// SQLite's file plus its WAL; on PostgreSQL pg_database_size plus the
// temporary files (sorts of index builds) of the server, through a
// connection of its own.
func diskSize(b *testing.B, db dbtest.DB) func() (int64, error) {
	if db.Dialect.Name() == "sqlite" {
		path := strings.TrimPrefix(db.URL, "sqlite://")
		return func() (int64, error) {
			var n int64
			for _, p := range []string{path, path + "-wal"} {
				if st, err := os.Stat(p); err == nil {
					n += st.Size()
				}
			}
			return n, nil
		}
	}
	mon, err := sql.Open("pgx", db.URL)
	if err != nil {
		b.Fatal(err)
	}
	mon.SetMaxOpenConns(1)
	b.Cleanup(func() { _ = mon.Close() })
	return func() (int64, error) {
		var n int64
		err := mon.QueryRow(`SELECT pg_database_size(current_database()) + (SELECT coalesce(sum(size), 0) FROM pg_ls_tmpdir())`).Scan(&n)
		return n, err
	}
}

// step is one timed part of the benchmark.
type step struct {
	name      string
	took      time.Duration
	before    int64 // bytes on disk before
	peak      int64 // largest size seen while it ran
	after     int64
	note      string
	reference bool // Prefect's approach, rolled back
}

// BenchmarkUpgradeBigDatabase upgrades a Prefect 3.0 database (version
// 0001) holding N flow runs, 3N flow-run states, N task runs, 2N logs, N
// events and N event resources (N from PREFECTORM_BENCH_FLOW_RUNS, default
// 1,000,000) to the newest version, one version at a time, on both
// dialects, and logs each version's time and disk growth. On the same
// data, in the same run, it then times Prefect's own approach where ours
// differs, each in a transaction that is rolled back: SQLite's batch
// rebuilds of task_run (8bb517bae6f9), deployment and deployment_schedule
// (4ad4658cbefe, a49711513ad4), and PostgreSQL's non-concurrent index
// builds on events (7a73514ca2d6) and event_resources (bad1e352c597,
// 50737cdaee36 before 3.8.0 ran them under a timeout). Run it with
//
//	go test ./migrations/ -run '^$' -bench UpgradeBigDatabase -benchtime 1x -timeout 2h -v
func BenchmarkUpgradeBigDatabase(b *testing.B) {
	n := 1_000_000
	if s := os.Getenv(EnvBenchFlowRuns); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 1 {
			b.Fatalf("%s=%q: want a positive number of flow runs", EnvBenchFlowRuns, s)
		}
		n = v
	}
	for _, dialect := range dbtest.Dialects {
		b.Run(dialect, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				benchUpgrade(b, dialect, n)
			}
		})
	}
}

func benchUpgrade(b *testing.B, dialect string, n int) {
	b.StopTimer()
	ctx := context.Background()
	db := dbtest.Open(b, dbtest.URL(b, dialect))
	ids := versionIDs(db)
	if err := migrations.Upgrade(ctx, db.DB, db.Dialect, migrations.To(ids[0]), quiet); err != nil {
		b.Fatal(err)
	}
	sqlDB, err := db.DB.DB()
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	counts, err := bigdb.Fill(ctx, sqlDB, dialect, bigdb.Sizes{FlowRuns: n})
	if err != nil {
		b.Fatal(err)
	}
	if dialect == "postgres" {
		if _, err := sqlDB.ExecContext(ctx, "VACUUM ANALYZE"); err != nil {
			b.Fatal(err)
		}
	} else if _, err := sqlDB.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: filled %+v in %s", dialect, counts, time.Since(start).Round(time.Millisecond))
	sampler := &diskSampler{size: diskSize(b, db)}
	run := func(name string, reference bool, fn func() (string, error)) step {
		s := step{name: name, reference: reference}
		s.before, _ = sampler.size()
		sampler.start()
		t0 := time.Now()
		note, err := fn()
		s.took = time.Since(t0)
		s.peak = sampler.end()
		s.after, _ = sampler.size()
		if err != nil {
			b.Fatalf("%s: %v", name, err)
		}
		s.note = note
		return s
	}
	var steps []step
	b.StartTimer()
	total := time.Now()
	for _, id := range ids[1:] {
		steps = append(steps, run(id, false, func() (string, error) {
			return "", migrations.Upgrade(ctx, db.DB, db.Dialect, migrations.To(id), quiet)
		}))
	}
	upgradeTook := time.Since(total)
	b.StopTimer()
	if dialect == "sqlite" {
		if _, err := sqlDB.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
			b.Fatal(err)
		}
		steps = append(steps, prefectSQLiteRebuilds(b, ctx, sqlDB, run)...)
	} else {
		steps = append(steps, prefectPostgresIndexes(b, ctx, sqlDB, run)...)
	}
	b.ReportMetric(upgradeTook.Seconds(), "upgrade-s")
	var table strings.Builder
	fmt.Fprintf(&table, "\n%s, %d flow runs: upgrade %s → %s took %s\n", dialect, n, ids[0], ids[len(ids)-1], upgradeTook.Round(time.Millisecond))
	fmt.Fprintf(&table, "| step | time | disk before | peak extra | after − before | note |\n|---|---|---|---|---|---|\n")
	for _, s := range steps {
		name := s.name
		if s.reference {
			name = "Prefect: " + name
		} else {
			b.ReportMetric(s.took.Seconds(), "s-"+s.name[:4])
		}
		fmt.Fprintf(&table, "| %s | %.3f s | %s | %s | %s | %s |\n", name, s.took.Seconds(), mib(s.before), mib(s.peak-s.before), mib(s.after-s.before), s.note)
	}
	b.Log(table.String())
}

// mib formats bytes as MiB.
func mib(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }

type runFunc func(name string, reference bool, fn func() (string, error)) step

// prefectSQLiteRebuilds times Prefect's batch rebuilds ("move and copy":
// create _alembic_tmp_<table>, copy every row, drop, rename, recreate the
// indexes it reflects) of task_run, deployment and deployment_schedule on
// the upgraded data, each rolled back.
func prefectSQLiteRebuilds(b *testing.B, ctx context.Context, db *sql.DB, run runFunc) []step {
	var out []step
	for _, tc := range []struct {
		table, revision string
		skip            []string // indexes that did not exist yet at that revision
	}{
		{"task_run", "8bb517bae6f9 task_run rebuild", []string{"ix_task_run__state_type_start_time"}},
		{"deployment", "4ad4658cbefe/a49711513ad4 deployment rebuild", []string{"ix_deployment__version_id"}},
		{"deployment_schedule", "a49711513ad4 deployment_schedule rebuild", []string{"ix_deployment_schedule__slug", "ix_deployment_schedule__deployment_id__slug"}},
	} {
		out = append(out, run(tc.revision, true, func() (string, error) {
			return sqliteRebuild(ctx, db, tc.table, tc.skip)
		}))
		if _, err := db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
			b.Fatal(err)
		}
	}
	return out
}

func sqliteRebuild(ctx context.Context, db *sql.DB, table string, skip []string) (string, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
		return "", err
	}
	defer func() { _, _ = conn.ExecContext(context.Background(), "PRAGMA foreign_keys = ON") }()
	var ddl string
	if err := conn.QueryRowContext(ctx, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", table).Scan(&ddl); err != nil {
		return "", err
	}
	rows, err := conn.QueryContext(ctx, "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", table)
	if err != nil {
		return "", err
	}
	var indexes []string
	for rows.Next() {
		var name, q string
		if err := rows.Scan(&name, &q); err != nil {
			return "", err
		}
		keep := true
		for _, s := range skip {
			keep = keep && s != name
		}
		if keep {
			indexes = append(indexes, q)
		}
	}
	if err := rows.Close(); err != nil {
		return "", err
	}
	tmp := "_alembic_tmp_" + table
	stmts := []string{
		strings.Replace(ddl, `"`+table+`"`, `"`+tmp+`"`, 1),
		`INSERT INTO "` + tmp + `" SELECT * FROM "` + table + `"`,
		`DROP TABLE "` + table + `"`,
		`ALTER TABLE "` + tmp + `" RENAME TO "` + table + `"`,
	}
	stmts = append(stmts, indexes...)
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return "", err
	}
	defer func() { _ = tx.Rollback() }()
	for _, q := range stmts {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return "", fmt.Errorf("%w: %s", err, q)
		}
	}
	return fmt.Sprintf("copy + %d indexes, rolled back", len(indexes)), nil
}

// prefectPostgresIndexes times Prefect's non-concurrent index builds on
// the upgraded data, each in a transaction rolled back: 7a73514ca2d6's
// three on events, and plain builds of the event_resources indexes that
// our 0019/0020 (and Prefect's bad1e352c597/50737cdaee36) build
// concurrently.
func prefectPostgresIndexes(b *testing.B, ctx context.Context, db *sql.DB, run runFunc) []step {
	var out []step
	for _, tc := range []struct {
		name  string
		stmts []string
	}{
		{"7a73514ca2d6 events indexes, not CONCURRENTLY", []string{
			"CREATE INDEX bench_events__related_gin ON events USING gin (related)",
			"CREATE INDEX bench_events__event_occurred ON events (event, occurred)",
			"CREATE INDEX bench_events__related_resource_ids_gin ON events USING gin (related_resource_ids)",
		}},
		{"bad1e352c597 event_resources (occurred), not CONCURRENTLY", []string{"CREATE INDEX bench_event_resources__occurred ON event_resources (occurred)"}},
		{"50737cdaee36 event_resources (event_id), not CONCURRENTLY", []string{"CREATE INDEX bench_event_resources__event_id ON event_resources (event_id)"}},
		{"a1b2c3d4e5f6 flow_run scheduler index, not CONCURRENTLY", []string{"CREATE INDEX bench_flow_run__schedule_id_scheduler ON flow_run (deployment_id, (created_by->>'id'), next_scheduled_start_time) WHERE state_type = 'SCHEDULED' AND auto_scheduled = true"}},
		{"09a9e091e578 task_run (state_type, start_time), not CONCURRENTLY", []string{"CREATE INDEX bench_task_run__state_type_start_time ON task_run (state_type, start_time)"}},
	} {
		out = append(out, run(tc.name, true, func() (string, error) {
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				return "", err
			}
			defer func() { _ = tx.Rollback() }()
			var parts []string
			for _, q := range tc.stmts {
				t0 := time.Now()
				if _, err := tx.ExecContext(ctx, q); err != nil {
					return "", fmt.Errorf("%w: %s", err, q)
				}
				parts = append(parts, fmt.Sprintf("%s %.3f s", strings.Fields(q)[2], time.Since(t0).Seconds()))
			}
			return strings.Join(parts, "; ") + "; rolled back", nil
		}))
	}
	_ = b
	return out
}
