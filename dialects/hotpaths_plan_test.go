package dialects_test

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/dialects"
	"github.com/prefectorm/prefectorm/internal/bigdb"
	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/models"
)

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

// newBigDB returns a database of the dialect filled by bigdb with n flow
// runs and analysed, and the parameters of the hot paths on it.
func newBigDB(t testing.TB, dialect string, n int) (dbtest.DB, bigParams) {
	t.Helper()
	ctx := context.Background()
	db := dbtest.New(t, dialect)
	sqlDB, err := db.DB.DB()
	if err != nil {
		t.Fatal(err)
	}
	started := time.Now()
	if _, err := bigdb.Fill(ctx, sqlDB, dialect, bigdb.Sizes{FlowRuns: n}); err != nil {
		t.Fatal(err)
	}
	analyse := "ANALYZE"
	if dialect == "postgres" {
		analyse = "VACUUM ANALYZE"
	}
	if _, err := sqlDB.ExecContext(ctx, analyse); err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %d flow runs filled and analysed in %s", dialect, n, time.Since(started).Round(time.Second))
	p := bigParams{runs: n, end: bigBase.Add(time.Duration(n) * time.Second)}
	mid := bigBase.Add(time.Duration(n/2) * time.Second)
	p.windowStart, p.windowEnd = mid, mid.Add(time.Hour)
	q := db.DB.WithContext(ctx)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	rows, err := q.Raw("SELECT id FROM flow ORDER BY id LIMIT 200").Rows()
	must(err)
	for rows.Next() {
		var id models.UUID
		must(rows.Scan(&id))
		p.flowIDs = append(p.flowIDs, id)
	}
	must(rows.Close())
	must(scanRow(q.Raw("SELECT deployment_id FROM flow_run WHERE deployment_id IS NOT NULL ORDER BY id LIMIT 1"), &p.deploymentID))
	must(scanRow(q.Raw("SELECT flow_run_id FROM log ORDER BY id LIMIT 1"), &p.logRunID))
	must(scanRow(q.Raw("SELECT resource_id FROM events ORDER BY id LIMIT 1 OFFSET ?", n/2), &p.resourceID))
	must(scanRow(q.Raw("SELECT resource_id FROM event_resources ORDER BY id LIMIT 1"), &p.relatedID))
	return db, p
}

// bigCall is one hot-path call on a bigdb database.
type bigCall struct {
	name string
	run  func(ctx context.Context, db *gorm.DB) error
}

func bigCalls(p bigParams) []bigCall {
	week := p.end.Add(-7 * 24 * time.Hour)
	failed := []models.StateType{models.StateFailed, models.StateCrashed}
	discard := func(_ any, err error) error { return err }
	return []bigCall{
		{"DashboardTaskRunCounts", func(ctx context.Context, db *gorm.DB) error {
			return discard(dialects.DashboardTaskRunCounts(ctx, db, p.windowStart, p.windowEnd, dialects.TaskRunFilter{}))
		}},
		{"CountTaskRunsByState", func(ctx context.Context, db *gorm.DB) error {
			return discard(dialects.CountTaskRunsByState(ctx, db, dialects.TaskRunFilter{StartTimeAfter: p.windowStart, StartTimeBefore: p.windowEnd}))
		}},
		{"FlowRunHistory", func(ctx context.Context, db *gorm.DB) error {
			return discard(dialects.FlowRunHistory(ctx, db, dialects.HistoryOptions{Start: p.windowStart, End: p.windowEnd, Interval: time.Minute, Now: p.end}))
		}},
		{"NextRunsByFlow", func(ctx context.Context, db *gorm.DB) error {
			return discard(dialects.NextRunsByFlow(ctx, db, p.flowIDs))
		}},
		{"CountFlowRunsByState", func(ctx context.Context, db *gorm.DB) error {
			return discard(dialects.CountFlowRunsByState(ctx, db, dialects.FlowRunFilter{StartTimeAfter: p.windowStart, StartTimeBefore: p.windowEnd}))
		}},
		{"CountFlowRuns failed 7d", func(ctx context.Context, db *gorm.DB) error {
			return discard(dialects.CountFlowRuns(ctx, db, dialects.FlowRunFilter{StateTypes: failed, StartTimeAfter: week}))
		}},
		{"RecentFlowRuns failed 7d", func(ctx context.Context, db *gorm.DB) error {
			return discard(dialects.RecentFlowRuns(ctx, db, dialects.FlowRunFilter{StateTypes: failed, StartTimeAfter: week}, 10, 0))
		}},
		{"PaginateFlowRuns deployment", func(ctx context.Context, db *gorm.DB) error {
			return discard(dialects.PaginateFlowRuns(ctx, db, dialects.FlowRunFilter{DeploymentIDs: []models.UUID{p.deploymentID}}, "", 1, 10))
		}},
		{"PaginateFlowRuns deployment START_TIME_DESC", func(ctx context.Context, db *gorm.DB) error {
			return discard(dialects.PaginateFlowRuns(ctx, db, dialects.FlowRunFilter{DeploymentIDs: []models.UUID{p.deploymentID}}, models.FlowRunSortStartTimeDesc, 2, 10))
		}},
		{"ReadLogs", func(ctx context.Context, db *gorm.DB) error {
			return discard(dialects.ReadLogs(ctx, db, dialects.LogFilter{FlowRunIDs: []models.UUID{p.logRunID}}, "", 200, 0))
		}},
		{"ReadEvents by time", func(ctx context.Context, db *gorm.DB) error {
			return discard(dialects.ReadEvents(ctx, db, dialects.EventFilter{Since: p.windowStart, Until: p.windowEnd}, 0, 0))
		}},
		{"ReadEvents by resource", func(ctx context.Context, db *gorm.DB) error {
			return discard(dialects.ReadEvents(ctx, db, dialects.EventFilter{Since: bigBase, Until: p.end, ResourceIDs: []string{p.resourceID}}, 0, 0))
		}},
		{"ReadEvents by any resource", func(ctx context.Context, db *gorm.DB) error {
			return discard(dialects.ReadEvents(ctx, db, dialects.EventFilter{Since: p.windowStart, Until: p.windowEnd, AnyResourceIDs: []string{p.relatedID}}, 0, 0))
		}},
	}
}

// planTestRuns is the size of the plan test's database.
func planTestRuns(t *testing.T) int {
	if s := os.Getenv("PREFECTORM_PLAN_FLOW_RUNS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1000 {
			t.Fatalf("PREFECTORM_PLAN_FLOW_RUNS=%q: want a number of flow runs of at least 1000", s)
		}
		return n
	}
	if testing.Short() {
		t.Skip("the plan test fills a database of 200,000 flow runs; -short skips it")
	}
	return 200_000
}

// TestUIReadPathPlans fills a database of 200,000 flow runs per dialect,
// runs every hot path, and fails when the plan of any of its statements
// reads a large table whole (a sequential or full index scan) or sorts
// more than maxSortRows rows.
func TestUIReadPathPlans(t *testing.T) {
	n := planTestRuns(t)
	ctx := context.Background()
	for _, dialect := range dbtest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			db, p := newBigDB(t, dialect, n)
			rec := recordStatements(t, db.DB)
			for _, c := range bigCalls(p) {
				t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
					stmts, err := rec.run(func() error { return c.run(ctx, db.DB) })
					if err != nil {
						t.Fatal(err)
					}
					if len(stmts) == 0 {
						t.Fatal("no statement recorded")
					}
					for _, s := range stmts {
						problems, plan, err := planProblems(ctx, db.DB, s)
						if err != nil {
							t.Fatalf("explain %s: %v", s.SQL, err)
						}
						if len(problems) > 0 {
							t.Errorf("%s\n%s\nplan:\n%s", strings.Join(problems, "; "), s.SQL, plan)
						}
					}
				})
			}
		})
	}
}
