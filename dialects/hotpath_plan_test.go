package dialects_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/dialects"
	"github.com/prefectorm/prefectorm/models"
)

// hotPath is one call of a hot-path function for the plan test and the
// benchmark.
type hotPath struct {
	name string
	call func(ctx context.Context, db *gorm.DB) error
}

// hotPaths are the worker and services hot paths, called as Prefect's
// services call them on bigdb's data (pool-1 has three queues, pool-2 a
// concurrency limit, queue-3 of every pool a queue limit).
func hotPaths(t testing.TB, db *gorm.DB) []hotPath {
	t.Helper()
	var queue1 models.WorkQueue
	if err := db.Joins("JOIN work_pool ON work_pool.id = work_queue.work_pool_id").
		Where("work_pool.name = ? AND work_queue.name = ?", "pool-1", "queue-1").Take(&queue1).Error; err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	return []hotPath{
		{"PollWorkPool/all-queues", func(ctx context.Context, db *gorm.DB) error {
			_, err := dialects.PollWorkPool(ctx, db, dialects.WorkerPoll{WorkPoolName: "pool-1", Limit: 10, Claim: dialects.ClaimNone})
			return err
		}},
		{"PollWorkPool/claim", func(ctx context.Context, db *gorm.DB) error {
			_, err := dialects.PollWorkPool(ctx, db, dialects.WorkerPoll{WorkPoolName: "pool-1", Limit: 2})
			return err
		}},
		{"PollWorkPool/pool-limit-named-queue", func(ctx context.Context, db *gorm.DB) error {
			_, err := dialects.PollWorkPool(ctx, db, dialects.WorkerPoll{WorkPoolName: "pool-2", WorkQueueNames: []string{"queue-3", "queue-1"}, Limit: 10, Claim: dialects.ClaimNone})
			return err
		}},
		{"WorkQueueRuns", func(ctx context.Context, db *gorm.DB) error {
			_, _, err := dialects.WorkQueueRuns(ctx, db, queue1.ID, dialects.WorkQueueRunsQuery{Limit: 10})
			return err
		}},
		{"LateRunsToMark", func(ctx context.Context, db *gorm.DB) error {
			_, err := dialects.LateRunsToMark(ctx, db, now.Add(-dialects.DefaultLateRunsAfter), 0)
			return err
		}},
		{"MarkLateRuns", func(ctx context.Context, db *gorm.DB) error {
			_, err := dialects.MarkLateRuns(ctx, db, now.Add(-dialects.DefaultLateRunsAfter), 2)
			return err
		}},
		{"DeploymentsToSchedule", func(ctx context.Context, db *gorm.DB) error {
			_, err := dialects.DeploymentsToSchedule(ctx, db, dialects.SchedulerQuery{})
			return err
		}},
		{"RecentDeploymentsToSchedule", func(ctx context.Context, db *gorm.DB) error {
			_, err := dialects.RecentDeploymentsToSchedule(ctx, db, 6*time.Second, 0, nil, time.Time{})
			return err
		}},
		{"SubflowRunsToCancel", func(ctx context.Context, db *gorm.DB) error {
			_, err := dialects.SubflowRunsToCancel(ctx, db, 0, nil)
			return err
		}},
		{"RunForeman", func(ctx context.Context, db *gorm.DB) error {
			_, err := dialects.RunForeman(ctx, db, dialects.Foreman{})
			return err
		}},
	}
}

// TestHotPathPlans runs every worker and services hot path on a generated,
// analysed database (bigdb, PREFECTORM_PLAN_FLOW_RUNS runs, default
// 200,000) of each dialect, EXPLAINs every SELECT and UPDATE it ran, and
// fails when a plan scans a large table sequentially or sorts many of its
// rows. Skipped with -short.
func TestHotPathPlans(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a database of 200,000 flow runs per dialect")
	}
	n := planFlowRuns(t)
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			db := bigDB(t, dialect, n)
			rec := recorder{always: true}
			rec.record(t, db.DB)
			for _, hp := range hotPaths(t, db.DB) {
				t.Run(hp.name, func(t *testing.T) {
					rec.take()
					if err := hp.call(ctx, db.DB); err != nil {
						t.Fatal(err)
					}
					stmts := rec.take()
					if len(stmts) == 0 {
						t.Fatal("no statement recorded")
					}
					for _, s := range stmts {
						plan, problems, err := explain(ctx, db.DB, s)
						if err != nil {
							t.Fatalf("EXPLAIN %s: %v", s.SQL, err)
						}
						if reason := exemptPlan(s.SQL); reason != "" {
							problems = nil
						}
						if len(problems) > 0 || testing.Verbose() {
							t.Logf("%s\n%s", short(s.SQL), short(plan))
						}
						for _, p := range problems {
							t.Errorf("%s: %s", p, short(s.SQL))
						}
					}
				})
			}
		})
	}
}

// exemptPlan returns why a statement may scan a large table: the poll's
// bookkeeping of Prefect's mark_deployments_ready updates every deployment
// of the polled queues, in bigdb a quarter of all deployments, so a
// sequential scan is the right plan there.
func exemptPlan(sql string) string {
	switch {
	case strings.HasPrefix(sql, `SELECT "id" FROM "deployment" WHERE work_queue_id IN`),
		strings.HasPrefix(sql, `UPDATE "deployment" SET "last_polled"=`):
		return "mark_deployments_ready updates all deployments of the polled queues"
	case strings.HasPrefix(sql, "SELECT deployment.id FROM deployment\nWHERE deployment.paused IS NOT"):
		// PostgreSQL's plan is the same walk (an Index Scan of
		// deployment_pkey without a condition), which the PostgreSQL check
		// does not flag.
		return "the scheduler visits every deployment, a page at a time in id order (Prefect's design)"
	}
	return ""
}

// short cuts s to a log line's worth.
func short(s string) string {
	if len(s) > 600 {
		return s[:600] + " …"
	}
	return s
}
