package dialects_test

import (
	"context"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/dialects"
	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/internal/plancheck"
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

// workerPlanRules judge the worker and services paths' plans on dialect:
// no sequential scan of a large table, no sort of more than 5,000
// estimated rows, and no full scan of an index of one: on SQLite unless
// the index is partial (it holds only the runs of its state), on
// PostgreSQL unless a LIMIT stops it (the queue's runs in the order of
// next_scheduled_start_time, until the LIMIT's are found).
func workerPlanRules(dialect string) plancheck.Rules {
	r := workerRules
	if dialect == "postgres" {
		r.IndexScans, r.PartialIndexes = plancheck.IndexScansUnderLimit, true
	}
	return r
}

// workerRules are workerPlanRules on SQLite.
var workerRules = plancheck.Rules{
	Large:          []string{"flow_run", "flow_run_state", "task_run", "task_run_state", "log", "events", "event_resources", "deployment"},
	MaxSortRows:    5000,
	IndexScans:     plancheck.IndexScansFail,
	PartialIndexes: true,
	Exempt: []plancheck.Exemption{
		// The poll's bookkeeping of Prefect's mark_deployments_ready
		// updates every deployment of the polled queues, in bigdb a
		// quarter of all deployments, so a sequential scan is the right
		// plan there.
		{Prefix: `SELECT "id" FROM "deployment" WHERE work_queue_id IN`, Reason: "mark_deployments_ready updates all deployments of the polled queues"},
		{Prefix: `UPDATE "deployment" SET "last_polled"=`, Reason: "mark_deployments_ready updates all deployments of the polled queues"},
		{Prefix: "SELECT deployment.id FROM deployment\nWHERE deployment.paused IS NOT", Reason: "the scheduler visits every deployment, a page at a time in id order (Prefect's design)"},
	},
}

// TestWorkerPathPlans runs every worker and services hot path on the plan
// database of each dialect (planDB: 200,000 flow runs, shared with
// TestUIReadPathPlans), each in a transaction it rolls back (the poll
// claims runs, MarkLateRuns marks them), and fails when the plan of any
// statement it sent breaks workerPlanRules.
func TestWorkerPathPlans(t *testing.T) {
	for _, dialect := range dbtest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			db, _ := planDB(t, dialect)
			rec, err := plancheck.Record(db.DB)
			if err != nil {
				t.Fatal(err)
			}
			for _, hp := range hotPaths(t, db.DB) {
				t.Run(hp.name, func(t *testing.T) {
					tx := db.DB.WithContext(ctx).Begin()
					if tx.Error != nil {
						t.Fatal(tx.Error)
					}
					defer tx.Rollback()
					stmts, err := rec.Run(func() error { return hp.call(ctx, tx) })
					if err != nil {
						t.Fatal(err)
					}
					checkPlans(ctx, t, tx, workerPlanRules(dialect), stmts)
				})
			}
		})
	}
}
