package dialects_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/prefectorm/prefectorm/dialects"
	"github.com/prefectorm/prefectorm/dialects/auto"
	"github.com/prefectorm/prefectorm/internal/bigdb"
	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/internal/testdb"
	"github.com/prefectorm/prefectorm/migrations"
	"github.com/prefectorm/prefectorm/models"
)

// planFlowRuns is the size of the plan tests' database
// (PREFECTORM_PLAN_FLOW_RUNS, default 200,000); -short skips the tests.
func planFlowRuns(t testing.TB) int {
	t.Helper()
	if s := os.Getenv("PREFECTORM_PLAN_FLOW_RUNS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1000 {
			t.Fatalf("PREFECTORM_PLAN_FLOW_RUNS=%q: want a number of at least 1000", s)
		}
		return n
	}
	if testing.Short() {
		t.Skip("the plan tests fill a database of 200,000 flow runs per dialect; -short skips them")
	}
	return 200_000
}

// sharedPlanDBs are the test binary's plan databases, one per dialect and
// size, shared by the worker and UI plan tests (TestWorkerPathPlans,
// TestUIReadPathPlans), which only read them (the worker test runs each
// path in a transaction it rolls back).
var sharedPlanDBs struct {
	sync.Mutex
	dbs map[string]*sharedPlanDB
	dir string // the SQLite databases' directory (removed by TestMain)
}

// sharedPlanDB is one shared plan database, built on first use.
type sharedPlanDB struct {
	db     dbtest.DB
	params bigParams
	err    error
}

// planDB returns the test binary's plan database of dialect (planFlowRuns
// flow runs filled by bigdb.Fill into the newest schema, and analysed),
// built on first use, and the hot paths' parameters on it. Tests must not
// change it.
func planDB(t testing.TB, dialect string) (dbtest.DB, bigParams) {
	t.Helper()
	n := planFlowRuns(t)
	key := fmt.Sprintf("%s-%d", dialect, n)
	sharedPlanDBs.Lock()
	defer sharedPlanDBs.Unlock()
	if s, ok := sharedPlanDBs.dbs[key]; ok {
		if s.err != nil {
			t.Fatalf("plan database %s: %v", key, s.err)
		}
		return s.db, s.params
	}
	s := &sharedPlanDB{}
	if sharedPlanDBs.dbs == nil {
		sharedPlanDBs.dbs = map[string]*sharedPlanDB{}
	}
	sharedPlanDBs.dbs[key] = s
	started := time.Now()
	var url string
	if dialect == "sqlite" {
		if sharedPlanDBs.dir == "" {
			sharedPlanDBs.dir, s.err = os.MkdirTemp("", "prefectorm-plan-")
		}
		url = "sqlite:///" + filepath.Join(sharedPlanDBs.dir, key+".db")
		if s.err == nil {
			s.err = fillPlanDB(url, n)
		}
	} else {
		url = testdb.PostgresShared(t, "bigdb-"+key, func(dsn string) error { return fillPlanDB(dsn, n) })
	}
	if s.err == nil {
		var gdb *gorm.DB
		var d dialects.Dialect
		gdb, d, s.err = auto.Open(context.Background(), url, dialects.Options{Logger: logger.Discard})
		s.db = dbtest.DB{DB: gdb, Dialect: d, URL: url}
	}
	if s.err == nil {
		s.params, s.err = readBigParams(s.db.DB, n)
	}
	if s.err != nil {
		t.Fatalf("plan database %s: %v", key, s.err)
	}
	t.Logf("%s: %d flow runs filled and analysed in %s (shared by the plan tests)", dialect, n, time.Since(started).Round(time.Second))
	return s.db, s.params
}

// closePlanDBs closes the shared plan databases and removes the SQLite
// ones (PostgreSQL's are dropped by testdb after the binary exits).
func closePlanDBs() {
	sharedPlanDBs.Lock()
	defer sharedPlanDBs.Unlock()
	for _, s := range sharedPlanDBs.dbs {
		if s.db.DB != nil {
			if sqlDB, err := s.db.DB.DB(); err == nil {
				_ = sqlDB.Close()
			}
		}
	}
	if sharedPlanDBs.dir != "" {
		_ = os.RemoveAll(sharedPlanDBs.dir)
	}
}

// newBigDB returns a private database of dialect (for a benchmark that
// drops indexes) filled as planDB's, and the hot paths' parameters on it.
func newBigDB(t testing.TB, dialect string, n int) (dbtest.DB, bigParams) {
	t.Helper()
	url := dbtest.URL(t, dialect)
	if err := fillPlanDB(url, n); err != nil {
		t.Fatal(err)
	}
	db := dbtest.Open(t, url)
	p, err := readBigParams(db.DB, n)
	if err != nil {
		t.Fatal(err)
	}
	return db, p
}

// fillBigDB creates the newest schema in the empty database at url,
// fills it with bigdb.Fill's n flow runs, runs more on it (when not nil)
// and analyses it (VACUUM ANALYZE on PostgreSQL, which also sets the
// visibility map index-only scans use; on SQLite the WAL is checkpointed
// into the file, so that it can be copied).
func fillBigDB(url string, n int, more func(ctx context.Context, db *sql.DB, dialect string) error) (bigdb.Counts, error) {
	ctx := context.Background()
	db, d, err := auto.Open(ctx, url, dialects.Options{Logger: logger.Discard})
	if err != nil {
		return bigdb.Counts{}, err
	}
	sqlDB, err := db.DB()
	if err != nil {
		return bigdb.Counts{}, err
	}
	defer sqlDB.Close()
	if err := migrations.CreateSchema(ctx, db, d); err != nil {
		return bigdb.Counts{}, err
	}
	counts, err := bigdb.Fill(ctx, sqlDB, d.Name(), bigdb.Sizes{FlowRuns: n})
	if err != nil {
		return counts, err
	}
	if more != nil {
		if err := more(ctx, sqlDB, d.Name()); err != nil {
			return counts, err
		}
	}
	finish := []string{"ANALYZE", "PRAGMA wal_checkpoint(TRUNCATE)"}
	if d.Name() == "postgres" {
		finish = []string{"VACUUM ANALYZE"}
	}
	for _, q := range finish {
		if _, err := sqlDB.ExecContext(ctx, q); err != nil {
			return counts, err
		}
	}
	return counts, sqlDB.Close()
}

// fillPlanDB is fillBigDB without extra rows.
func fillPlanDB(url string, n int) error {
	_, err := fillBigDB(url, n, nil)
	return err
}

// bigBase is the time bigdb's run number 0 is expected to start at.
var bigBase = time.Date(2024, 8, 1, 0, 0, 0, 0, time.UTC)

// bigParams are the arguments of the hot paths on a bigdb database: ids
// read back from it and windows inside its time span (run x is expected at
// bigBase + x seconds and starts a second later).
type bigParams struct {
	runs                   int
	flowIDs                []models.UUID
	deploymentID           models.UUID
	logRunID               models.UUID
	resourceID, relatedID  string
	windowStart, windowEnd time.Time // one hour in the middle of the span
	end                    time.Time // the last run's expected start
}

// readBigParams reads the hot paths' parameters from db, filled with n
// flow runs.
func readBigParams(db *gorm.DB, n int) (bigParams, error) {
	p := bigParams{runs: n, end: bigBase.Add(time.Duration(n) * time.Second)}
	mid := bigBase.Add(time.Duration(n/2) * time.Second)
	p.windowStart, p.windowEnd = mid, mid.Add(time.Hour)
	q := db.WithContext(context.Background())
	rows, err := q.Raw("SELECT id FROM flow ORDER BY id LIMIT 200").Rows()
	if err != nil {
		return p, err
	}
	for rows.Next() {
		var id models.UUID
		if err := rows.Scan(&id); err != nil {
			_ = rows.Close()
			return p, err
		}
		p.flowIDs = append(p.flowIDs, id)
	}
	if err := rows.Close(); err != nil {
		return p, err
	}
	for _, r := range []struct {
		dst   any
		query string
		args  []any
	}{
		{&p.deploymentID, "SELECT deployment_id FROM flow_run WHERE deployment_id IS NOT NULL ORDER BY id LIMIT 1", nil},
		{&p.logRunID, "SELECT flow_run_id FROM log ORDER BY id LIMIT 1", nil},
		{&p.resourceID, "SELECT resource_id FROM events ORDER BY id LIMIT 1 OFFSET ?", []any{n / 2}},
		{&p.relatedID, "SELECT resource_id FROM event_resources ORDER BY id LIMIT 1", nil},
	} {
		if err := scanRow(q.Raw(r.query, r.args...), r.dst); err != nil {
			return p, fmt.Errorf("%s: %w", r.query, err)
		}
	}
	return p, nil
}
