package migrations_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/migrations"
	"github.com/prefectorm/prefectorm/migrations/internal/frozen"
	postgresmigrations "github.com/prefectorm/prefectorm/migrations/postgres"
)

// concurrentIndexVersion is a PostgreSQL no-transaction version, frozen
// like the real ones, that builds an index on flow CONCURRENTLY.
func concurrentIndexVersion(t *testing.T) (*gormigrate.Migration, frozen.Spec) {
	t.Helper()
	fsys := fstest.MapFS{
		"0002_test_index.up.sql": {Data: []byte("-- alembic: test0002\n" + frozen.NoTransactionMarker + "\n" +
			"CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_flow__test_name ON flow (name);\n" +
			"UPDATE alembic_version SET version_num = 'test0002';\n")},
		"0002_test_index.down.sql": {Data: []byte(frozen.NoTransactionMarker + "\n" +
			"DROP INDEX CONCURRENTLY IF EXISTS ix_flow__test_name;\n" +
			"UPDATE alembic_version SET version_num = '97429116795e';\n")},
	}
	spec, err := frozen.ReadSpec(fsys, "0002_test_index", "")
	if err != nil {
		t.Fatal(err)
	}
	if !spec.NoTransaction || spec.Alembic != "test0002" {
		t.Fatalf("spec %+v", spec)
	}
	return frozen.VersionOf(fsys, spec), spec
}

// blockingVersion creates a table, then waits for its context to end.
var blockingVersion = &gormigrate.Migration{
	ID: "0002_test_blocks",
	Migrate: func(tx *gorm.DB) error {
		if err := tx.Exec("CREATE TABLE test_blocked (n INTEGER)").Error; err != nil {
			return err
		}
		<-tx.Statement.Context.Done()
		return tx.Statement.Context.Err()
	},
	Rollback: func(tx *gorm.DB) error { return nil },
}

// TestInterruptedMigration kills or cancels a migration in the middle of a
// version, then runs Upgrade again: the first run leaves the database at
// the version boundary before it (nothing of the version recorded, Prefect's
// revision unchanged, the advisory lock free), and the second finishes the
// job. On PostgreSQL the interrupted version builds an index CONCURRENTLY
// on a table of 20000 rows: the build is held in its wait for writers (a
// transaction of the test holding a write lock on the table, a barrier
// rather than a race), and the backend is terminated from another
// connection or its context cancelled; the INVALID index it leaves is
// dropped and built again by the re-run.
func TestInterruptedMigration(t *testing.T) {
	tests := []struct {
		dialect   string
		name      string
		terminate bool // pg_terminate_backend instead of cancelling the context
		index     bool // the concurrent index version, else blockingVersion
	}{
		{"sqlite", "cancel during a version", false, false},
		{"postgres", "cancel during a version", false, false},
		{"postgres", "cancel during a concurrent index build", false, true},
		{"postgres", "terminate during a concurrent index build", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.dialect+"/"+tt.name, func(t *testing.T) {
			t.Parallel()
			db := dbtest.Open(t, dbtest.URL(t, tt.dialect))
			first := db.Dialect.Migrations()[:1]
			if err := migrations.Upgrade(ctx(t), db.DB, db.Dialect, migrations.WithVersions(first), quiet); err != nil {
				t.Fatal(err)
			}
			base := appliedVersions(t, db.DB)
			revision := alembicRows(t, db.DB)
			var versions []*gormigrate.Migration
			var specs []frozen.Spec
			if tt.index {
				v, spec := concurrentIndexVersion(t)
				versions, specs = append(slices.Clone(first), v), []frozen.Spec{spec}
				execSQL(t, db.DB, `INSERT INTO flow (id, name) SELECT gen_random_uuid(), 'flow-' || n FROM generate_series(1, 20000) n`)
			} else {
				versions = append(slices.Clone(first), blockingVersion)
			}
			opts := migrations.WithVersions(versions, specs...)

			runCtx, cancel := context.WithCancel(ctx(t))
			defer cancel()
			done := make(chan error, 1)
			var blocker *gorm.DB
			if tt.index {
				blocker = db.Begin()
				execSQL(t, blocker, "LOCK TABLE flow IN ROW EXCLUSIVE MODE")
				defer blocker.Rollback()
			}
			go func() { done <- migrations.Upgrade(runCtx, db.DB, db.Dialect, opts, quiet) }()
			if tt.index {
				pid := waitFor(t, db.DB, `SELECT pid FROM pg_stat_activity WHERE datname = current_database()
					AND query LIKE 'CREATE INDEX CONCURRENTLY%' AND wait_event_type = 'Lock'`)
				if bad := inspect(t, db).InvalidIndexes(); !slices.Equal(bad, []string{"flow.ix_flow__test_name"}) {
					t.Fatalf("invalid indexes during the build: %q", bad)
				}
				if tt.terminate {
					execSQL(t, db.DB, "SELECT pg_terminate_backend("+pid+")")
				} else {
					cancel()
				}
			} else {
				waitForTable(t, db, "test_blocked", tt.dialect)
				cancel()
			}
			err := <-done
			if err == nil {
				t.Fatal("interrupted Upgrade returned nil")
			}
			if blocker != nil {
				blocker.Rollback()
			}
			if !tt.terminate && !errors.Is(err, context.Canceled) {
				t.Logf("cancelled Upgrade: %v", err) // the driver's cancellation error
			}
			if got := appliedVersions(t, db.DB); !slices.Equal(got, base) {
				t.Errorf("after the interruption %s = %q, want %q", migrations.TableName, got, base)
			}
			if got := alembicRows(t, db.DB); !slices.Equal(got, revision) {
				t.Errorf("after the interruption alembic_version = %q, want %q", got, revision)
			}
			if slices.Contains(tableNames(t, db), "test_blocked") {
				t.Error("test_blocked survived the cancelled version")
			}
			if tt.dialect == "postgres" {
				requireLockFree(t, db.DB)
			}
			if tt.index {
				if bad := inspect(t, db).InvalidIndexes(); !slices.Equal(bad, []string{"flow.ix_flow__test_name"}) {
					t.Errorf("invalid indexes after the interruption: %q (want the interrupted build's)", bad)
				}
			} else {
				versions = append(slices.Clone(first), extraVersion)
				opts = migrations.WithVersions(versions)
			}

			logOpt, logs := capture()
			if err := migrations.Upgrade(ctx(t), db.DB, db.Dialect, opts, logOpt); err != nil {
				t.Fatalf("re-run: %v", err)
			}
			want := slices.Sorted(slices.Values(append(slices.Clone(base), versions[len(versions)-1].ID)))
			if got := appliedVersions(t, db.DB); !slices.Equal(got, want) {
				t.Errorf("after the re-run %s = %q, want %q", migrations.TableName, got, want)
			}
			s := inspect(t, db)
			if bad := s.InvalidIndexes(); len(bad) > 0 {
				t.Errorf("invalid indexes after the re-run: %q", bad)
			}
			if !tt.index {
				return
			}
			if _, ok := s.Tables["flow"].Indexes["ix_flow__test_name"]; !ok {
				t.Error("ix_flow__test_name missing after the re-run")
			}
			if got := alembicRows(t, db.DB); !slices.Equal(got, []string{"test0002"}) {
				t.Errorf("alembic_version = %q after the re-run", got)
			}
			dropped := 0
			for _, r := range logs.records(t) {
				if r.Msg == migrations.MsgInvalidIndex {
					dropped++
				}
			}
			if dropped != 1 {
				t.Errorf("%d invalid-index drops logged, want 1", dropped)
			}
			requireLockFree(t, db.DB)
		})
	}
}

// TestInterruptedRealIndexBuild kills the newest PostgreSQL version that
// builds an index on event_resources CONCURRENTLY (Prefect's large table),
// held at its wait for writers over 20000 rows, then upgrades again: the
// schema ends identical to the newest reference, no index is invalid and
// every version is recorded once.
func TestInterruptedRealIndexBuild(t *testing.T) {
	var target string
	for _, s := range postgresmigrations.Specs() {
		if s.NoTransaction && strings.Contains(s.ID, "event_resources") {
			target = s.ID
		}
	}
	if target == "" {
		t.Fatal("no PostgreSQL version builds an event_resources index concurrently")
	}
	db := dbtest.Open(t, dbtest.URL(t, "postgres"))
	ids := versionIDs(db)
	before := ids[slices.Index(ids, target)-1]
	if err := migrations.Upgrade(ctx(t), db.DB, db.Dialect, migrations.To(before), quiet); err != nil {
		t.Fatal(err)
	}
	execSQL(t, db.DB, `INSERT INTO event_resources (id, occurred, resource_id, resource_role, resource, event_id)
		SELECT gen_random_uuid(), now(), 'prefect.flow-run.' || n, '', '{}', gen_random_uuid() FROM generate_series(1, 20000) n`)
	blocker := db.Begin()
	defer blocker.Rollback()
	execSQL(t, blocker, "LOCK TABLE event_resources IN ROW EXCLUSIVE MODE")
	done := make(chan error, 1)
	go func() { done <- migrations.Upgrade(ctx(t), db.DB, db.Dialect, quiet) }()
	pid := waitFor(t, db.DB, `SELECT pid FROM pg_stat_activity WHERE datname = current_database()
		AND query LIKE 'CREATE INDEX CONCURRENTLY%' AND wait_event_type = 'Lock'`)
	execSQL(t, db.DB, "SELECT pg_terminate_backend("+pid+")")
	if err := <-done; err == nil {
		t.Fatal("terminated Upgrade returned nil")
	}
	blocker.Rollback()
	if got := appliedVersions(t, db.DB); !slices.Equal(got, ids[:slices.Index(ids, target)]) {
		t.Errorf("after the kill %s = %q, want up to %q", migrations.TableName, got, before)
	}
	if bad := inspect(t, db).InvalidIndexes(); len(bad) != 1 {
		t.Errorf("invalid indexes after the kill: %q, want the interrupted build's", bad)
	}
	requireLockFree(t, db.DB)
	if err := migrations.Upgrade(ctx(t), db.DB, db.Dialect, quiet); err != nil {
		t.Fatalf("re-run: %v", err)
	}
	got := prefectSchema(t, db)
	if bad := got.InvalidIndexes(); len(bad) > 0 {
		t.Errorf("invalid indexes after the re-run: %q", bad)
	}
	requireSameSchema(t, "newest reference vs killed and re-run upgrade", inspect(t, latestReference(t, "postgres")), got)
	if got := appliedVersions(t, db.DB); !slices.Equal(got, ids) {
		t.Errorf("after the re-run %s = %q, want %q", migrations.TableName, got, ids)
	}
}

// waitFor polls query until it returns a row, and returns its text.
func waitFor(t *testing.T, db *gorm.DB, query string) string {
	t.Helper()
	c := ctx(t)
	for {
		var got []string
		if err := db.WithContext(c).Raw(query).Scan(&got).Error; err != nil {
			t.Fatal(err)
		}
		if len(got) > 0 {
			return got[0]
		}
		select {
		case <-c.Done():
			t.Fatalf("%s: nothing before the test's deadline", query)
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// waitForTable waits until the blocking version has created its table in
// its open transaction: on SQLite until the write lock is taken (the
// version holds it), on PostgreSQL until its backend is idle in
// transaction after the CREATE.
func waitForTable(t *testing.T, db dbtest.DB, name, dialect string) {
	t.Helper()
	if dialect == "postgres" {
		waitFor(t, db.DB, `SELECT pid FROM pg_stat_activity WHERE datname = current_database()
			AND query LIKE 'CREATE TABLE test_blocked%' AND state = 'idle in transaction'`)
		return
	}
	c := ctx(t)
	err := db.WithContext(c).Connection(func(conn *gorm.DB) error {
		defer conn.Exec("PRAGMA busy_timeout = 60000")
		if err := conn.Exec("PRAGMA busy_timeout = 0").Error; err != nil {
			return err
		}
		for conn.Exec("BEGIN IMMEDIATE").Error == nil {
			if err := conn.Exec("ROLLBACK").Error; err != nil {
				return err
			}
			select {
			case <-c.Done():
				return c.Err()
			case <-time.After(10 * time.Millisecond):
			}
		}
		return nil // the version holds the write lock
	})
	if err != nil {
		t.Fatalf("waiting for the version to take the write lock: %v", err)
	}
}

// requireLockFree fails unless another session can take the advisory lock.
func requireLockFree(t *testing.T, db *gorm.DB) {
	t.Helper()
	var got bool
	err := db.Connection(func(c *gorm.DB) error {
		if err := c.Raw("SELECT pg_try_advisory_lock(?)", migrations.AdvisoryLockKey).Scan(&got).Error; err != nil {
			return err
		}
		return c.Exec("SELECT pg_advisory_unlock(?)", migrations.AdvisoryLockKey).Error
	})
	if err != nil || !got {
		t.Errorf("advisory lock still held after the run (taken: %v, err %v)", got, err)
	}
}
