package dialects_test

import (
	"context"
	"database/sql"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/dialects"
	"github.com/prefectorm/prefectorm/internal/coltype"
	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/internal/plancheck"
	"github.com/prefectorm/prefectorm/models"
)

// ownWorkerIndexes are the indexes of version 0022_prefectorm_worker_indexes,
// dropped for the benchmark's prefect-schema variant.
var ownWorkerIndexes = []string{
	"prefectorm_ix_flow_run__work_queue_id_scheduled", "prefectorm_ix_flow_run__work_queue_id_active",
	"prefectorm_ix_flow_run__work_queue_name_scheduled", "prefectorm_ix_flow_run__work_queue_name_active",
	"prefectorm_ix_flow_run__late_candidates", "prefectorm_ix_flow_run__active_subflows",
	"prefectorm_ix_deployment__ready_last_polled",
}

// benchPath is a hot path beside Prefect's own SQL for it.
type benchPath struct {
	name string
	orm  func(ctx context.Context, db *gorm.DB) error
	raw  func(ctx context.Context, db *sql.DB) error
}

// BenchmarkWorkerPaths times every worker and services hot path on a bigdb
// database of PREFECTORM_BENCH_FLOW_RUNS flow runs (skipped when unset) of
// each dialect (PREFECTORM_BENCH_DIALECTS, default "sqlite,postgres"),
// through prefectorm (gorm-ns/op) beside Prefect's own query shape as raw
// SQL (raw-ns/op), first with prefectorm's own indexes (own-indexes), then
// with them dropped (prefect-schema). It logs the plan of prefectorm's
// statements in each variant. Run with e.g. -benchtime 5x.
func BenchmarkWorkerPaths(b *testing.B) {
	n, _ := strconv.Atoi(os.Getenv("PREFECTORM_BENCH_FLOW_RUNS"))
	if n == 0 {
		b.Skip("set PREFECTORM_BENCH_FLOW_RUNS, e.g. 1000000")
	}
	names := cmpOr(os.Getenv("PREFECTORM_BENCH_DIALECTS"), "sqlite,postgres")
	for _, dialect := range strings.Split(names, ",") {
		b.Run(dialect, func(b *testing.B) {
			ctx := context.Background()
			start := time.Now()
			db, _ := newBigDB(b, dialect, n)
			b.Logf("%s: %d flow runs generated and analysed in %s", dialect, n, time.Since(start).Round(time.Second))
			sqlDB, err := db.DB.DB()
			if err != nil {
				b.Fatal(err)
			}
			rec, err := plancheck.Record(db.DB)
			if err != nil {
				b.Fatal(err)
			}
			for _, variant := range []string{"own-indexes", "prefect-schema"} {
				if variant == "prefect-schema" {
					for _, idx := range ownWorkerIndexes {
						if err := db.Exec("DROP INDEX " + idx).Error; err != nil {
							b.Fatal(err)
						}
					}
				}
				b.Run(variant, func(b *testing.B) {
					for _, p := range benchPaths(b, db) {
						b.Run(p.name, func(b *testing.B) {
							stmts, err := rec.Run(func() error { return p.orm(ctx, db.DB) })
							if err != nil {
								b.Fatal(err)
							}
							for _, s := range stmts {
								if plan, err := plancheck.ExplainStatement(ctx, db.DB, s, plancheck.ExplainOptions{}); err == nil {
									b.Logf("%s\n%s", short(s.SQL), plan)
								}
							}
							dbtest.CompareRaw(b,
								func(int) error { return p.raw(ctx, sqlDB) },
								func(int) error { return p.orm(ctx, db.DB) })
						})
					}
				})
			}
		})
	}
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// tsArg is t as Prefect binds a timestamp on the dialect.
func tsArg(dialect string, t time.Time) any {
	if dialect == "sqlite" {
		return t.UTC().Format(coltype.SQLiteTimeLayout)
	}
	return t.UTC()
}

// benchPaths are the hot paths with Prefect's SQL for each (Prefect 3.8.3:
// get-runs-from-worker-queues.sql, get_scheduled_flow_runs_from_work_queues,
// late_runs, scheduler, cancellation_cleanup, foreman), on bigdb's data.
func benchPaths(b *testing.B, db dbtest.DB) []benchPath {
	b.Helper()
	dialect := db.Dialect.Name()
	pg := dialect == "postgres"
	var pool models.WorkPool
	if err := db.Where("name = ?", "pool-1").Take(&pool).Error; err != nil {
		b.Fatal(err)
	}
	var queues []models.WorkQueue
	if err := db.Where("work_pool_id = ?", pool.ID).Order("priority").Find(&queues).Error; err != nil {
		b.Fatal(err)
	}
	queue1 := queues[0]
	now := time.Now().UTC()
	q := func(s string) string { return dbtest.Rebind(dialect, s) }
	queueIDs := []any{queues[0].ID.String(), queues[1].ID.String(), queues[2].ID.String()}
	exec := func(ctx context.Context, db *sql.DB, query string, args ...any) error {
		rows, err := db.QueryContext(ctx, q(query), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
		}
		return rows.Err()
	}
	pollSQL := prefectWorkerPollSQLite
	if pg {
		pollSQL = prefectWorkerPollPostgres
	}
	wqSQL := prefectWorkQueueRunsSQLite
	if pg {
		wqSQL = prefectWorkQueueRunsPostgres
	}
	trueLit := "1"
	if pg {
		trueLit = "true"
	}
	return []benchPath{
		{"PollWorkPool",
			func(ctx context.Context, db *gorm.DB) error {
				_, err := dialects.PollWorkPool(ctx, db, dialects.WorkerPoll{WorkPoolName: "pool-1", Limit: 10, Claim: dialects.ClaimNone})
				return err
			},
			func(ctx context.Context, db *sql.DB) error {
				// The poll (in its transaction), then record_work_queue_polls
				// and mark_deployments_ready.
				tx, err := db.BeginTx(ctx, nil)
				if err != nil {
					return err
				}
				defer func() { _ = tx.Rollback() }()
				args := []any{1000, 1000, pool.ID.String(), 10}
				if !pg {
					args = []any{sql.Named("queue_limit", 1000), sql.Named("worker_limit", 1000), sql.Named("work_pool_id", pool.ID.String()), sql.Named("limit", 10)}
				}
				rows, err := tx.QueryContext(ctx, q(pollSQL), args...)
				if err != nil {
					return err
				}
				for rows.Next() {
				}
				if err := rows.Close(); err != nil {
					return err
				}
				if err := tx.Commit(); err != nil {
					return err
				}
				polled := tsArg(dialect, time.Now())
				if _, err := db.ExecContext(ctx, q("UPDATE work_queue SET last_polled = ?, updated = ? WHERE id IN (?, ?, ?)"), append([]any{polled, polled}, queueIDs...)...); err != nil {
					return err
				}
				_, err = db.ExecContext(ctx, q("UPDATE deployment SET status = 'READY', last_polled = ? WHERE work_queue_id IN (?, ?, ?)"), append([]any{polled}, queueIDs...)...)
				return err
			}},
		{"WorkQueueRuns",
			func(ctx context.Context, db *gorm.DB) error {
				_, _, err := dialects.WorkQueueRuns(ctx, db, queue1.ID, dialects.WorkQueueRunsQuery{Limit: 10})
				return err
			},
			func(ctx context.Context, db *sql.DB) error {
				if pg {
					return exec(ctx, db, wqSQL, 10, queue1.ID.String())
				}
				return exec(ctx, db, wqSQL, 10, 10, queue1.ID.String())
			}},
		{"LateRunsToMark",
			func(ctx context.Context, db *gorm.DB) error {
				_, err := dialects.LateRunsToMark(ctx, db, now.Add(-15*time.Second), 0)
				return err
			},
			func(ctx context.Context, db *sql.DB) error {
				return exec(ctx, db, "SELECT flow_run.id, flow_run.next_scheduled_start_time FROM flow_run WHERE flow_run.next_scheduled_start_time <= ? AND flow_run.state_type = ? AND flow_run.state_name = ? LIMIT ?",
					tsArg(dialect, now.Add(-15*time.Second)), "SCHEDULED", "Scheduled", 400)
			}},
		{"DeploymentsToSchedule",
			func(ctx context.Context, db *gorm.DB) error {
				_, err := dialects.DeploymentsToSchedule(ctx, db, dialects.SchedulerQuery{Now: now})
				return err
			},
			func(ctx context.Context, db *sql.DB) error {
				id := "json_extract(flow_run.created_by, '$.id')"
				if pg {
					id = "(flow_run.created_by ->> 'id')"
				}
				sub := "FROM flow_run WHERE flow_run.deployment_id = deployment_schedule.deployment_id AND flow_run.state_type = ? AND flow_run.next_scheduled_start_time >= ? AND flow_run.auto_scheduled = " + trueLit + " AND " + id + " = CAST(deployment_schedule.id AS VARCHAR)"
				t, h := tsArg(dialect, now), tsArg(dialect, now.Add(time.Hour))
				return exec(ctx, db, "SELECT deployment.id FROM deployment WHERE deployment.paused IS NOT "+trueLit+
					" AND EXISTS (SELECT 1 FROM deployment_schedule WHERE deployment_schedule.deployment_id = deployment.id AND deployment_schedule.active IS "+trueLit+
					" AND ((SELECT count(*) "+sub+") < ? OR (SELECT max(flow_run.next_scheduled_start_time) "+sub+") < ?)) ORDER BY deployment.id LIMIT ?",
					"SCHEDULED", t, 3, "SCHEDULED", t, h, 100)
			}},
		{"RecentDeploymentsToSchedule",
			func(ctx context.Context, db *gorm.DB) error {
				_, err := dialects.RecentDeploymentsToSchedule(ctx, db, 6*time.Second, 0, nil, now)
				return err
			},
			func(ctx context.Context, db *sql.DB) error {
				return exec(ctx, db, "SELECT deployment.id FROM deployment WHERE deployment.paused IS NOT "+trueLit+
					" AND deployment.updated >= ? AND EXISTS (SELECT deployment_schedule.deployment_id FROM deployment_schedule WHERE deployment_schedule.deployment_id = deployment.id AND deployment_schedule.active IS "+trueLit+") ORDER BY deployment.id LIMIT ?",
					tsArg(dialect, now.Add(-6*time.Second)), 100)
			}},
		{"SubflowRunsToCancel",
			func(ctx context.Context, db *gorm.DB) error {
				_, err := dialects.SubflowRunsToCancel(ctx, db, 0, nil)
				return err
			},
			func(ctx context.Context, db *sql.DB) error {
				return exec(ctx, db, "SELECT flow_run.id FROM flow_run WHERE (flow_run.state_type = ? OR flow_run.state_type = ? OR flow_run.state_type = ? OR flow_run.state_type = ? OR flow_run.state_type = ?) AND flow_run.parent_task_run_id IS NOT NULL ORDER BY flow_run.id LIMIT ?",
					"PENDING", "SCHEDULED", "RUNNING", "PAUSED", "CANCELLING", 200)
			}},
		{"StaleDeployments",
			func(ctx context.Context, db *gorm.DB) error {
				_, err := dialects.StaleDeployments(ctx, db, dialects.Foreman{Now: now})
				return err
			},
			func(ctx context.Context, db *sql.DB) error {
				t := tsArg(dialect, now.Add(-time.Minute))
				return exec(ctx, db, "SELECT deployment.id FROM deployment LEFT OUTER JOIN work_queue ON work_queue.id = deployment.work_queue_id WHERE deployment.status = ? AND deployment.last_polled IS NOT NULL AND ((work_queue.last_polled IS NULL AND deployment.last_polled < ?) OR (work_queue.last_polled IS NOT NULL AND deployment.last_polled < ? AND work_queue.last_polled < ?))",
					"READY", t, t, t)
			}},
	}
}

// Prefect 3.8.3's get-runs-from-worker-queues.sql, rendered for one work
// pool id, no queue ids and no time bounds, respecting queue priorities;
// parameters: queue_limit, worker_limit, work pool id, limit.
const prefectWorkerPollPostgres = `WITH pool_slots AS (
    SELECT wp.id, GREATEST (0, wp.concurrency_limit - COUNT(fr.id)) AS available_slots
    FROM work_pool wp
        JOIN work_queue wq ON wq.work_pool_id = wp.id
        LEFT JOIN flow_run fr ON wq.id = fr.work_queue_id AND fr.state_type IN ('RUNNING', 'PENDING')
    WHERE wp.is_paused IS FALSE AND wq.is_paused IS FALSE AND wp.concurrency_limit IS NOT NULL
    GROUP BY wp.id
),
queue_slots AS (
    SELECT wq.id, GREATEST (0, wq.concurrency_limit - COUNT(fr.id)) AS available_slots
    FROM work_queue wq
        LEFT JOIN flow_run fr ON wq.id = fr.work_queue_id AND fr.state_type IN ('RUNNING', 'PENDING')
    WHERE wq.is_paused IS FALSE AND wq.concurrency_limit IS NOT NULL
    GROUP BY wq.id
)
SELECT wp.id AS run_work_pool_id, fr_outer.work_queue_id AS run_work_queue_id, fr_outer.*
FROM work_pool wp
    LEFT JOIN pool_slots ON wp.id = pool_slots.id
    CROSS JOIN LATERAL (
        SELECT fr_inner.*, wq.priority as work_queue_priority
        FROM work_queue wq
            LEFT JOIN queue_slots ON wq.id = queue_slots.id
            CROSS JOIN LATERAL (
                SELECT fr.* FROM flow_run fr
                WHERE fr.work_queue_id = wq.id
                    AND fr.state_type = 'SCHEDULED'
                    AND (fr.empirical_policy->>'retry_type' IS NULL OR fr.empirical_policy->>'retry_type' != 'in_process')
                ORDER BY fr.next_scheduled_start_time ASC
                LIMIT LEAST (?::int, queue_slots.available_slots)
                FOR UPDATE SKIP LOCKED
            ) fr_inner
        WHERE wq.work_pool_id = wp.id AND wq.is_paused IS FALSE
        ORDER BY wq.priority ASC, fr_inner.next_scheduled_start_time ASC
        LIMIT LEAST (?::int, pool_slots.available_slots)) fr_outer
WHERE wp.is_paused IS FALSE AND wp.id IN (?::uuid)
ORDER BY work_queue_priority ASC, next_scheduled_start_time ASC
LIMIT ?`

// prefectWorkerPollSQLite is the SQLite template, rendered likewise;
// named parameters queue_limit, work_pool_id, worker_limit and limit.
const prefectWorkerPollSQLite = `WITH worker_slots AS (
    SELECT wp.id, MAX(0, wp.concurrency_limit - count(fr.id)) AS available_slots
    FROM work_pool wp
        JOIN work_queue wq ON wq.work_pool_id = wp.id
        LEFT JOIN flow_run fr ON wq.id = fr.work_queue_id AND fr.state_type in('RUNNING', 'PENDING')
    WHERE wp.is_paused IS FALSE AND wp.concurrency_limit IS NOT NULL
    GROUP BY wp.id
),
queue_slots AS (
    SELECT wq.id, MAX(0, wq.concurrency_limit - count(fr.id)) AS available_slots
    FROM work_queue wq
    LEFT JOIN flow_run fr ON wq.id = fr.work_queue_id AND fr.state_type in('RUNNING', 'PENDING')
    WHERE wq.is_paused IS FALSE AND wq.concurrency_limit IS NOT NULL
    GROUP BY wq.id
),
scheduled_flow_runs AS (
    SELECT wp.id AS run_work_pool_id, wq.id AS run_work_queue_id, fr.*,
        worker_slots.available_slots as available_worker_slots,
        ROW_NUMBER() OVER (PARTITION BY wp.id ORDER BY wq.priority ASC, fr.next_scheduled_start_time) AS work_pool_rank
    FROM work_pool wp
        JOIN work_queue wq ON wq.work_pool_id = wp.id
        LEFT JOIN worker_slots ON wp.id = worker_slots.id
        LEFT JOIN queue_slots ON wq.id = queue_slots.id
        JOIN (
            SELECT fr.*, ROW_NUMBER() OVER (PARTITION BY work_queue_id ORDER BY next_scheduled_start_time) AS work_queue_rank
            FROM flow_run fr
            WHERE fr.state_type = 'SCHEDULED'
            AND (json_extract(fr.empirical_policy, '$.retry_type') IS NULL OR json_extract(fr.empirical_policy, '$.retry_type') != 'in_process')
            ) fr
        ON fr.work_queue_id = wq.id AND work_queue_rank <= MIN(COALESCE(queue_slots.available_slots, :queue_limit), :queue_limit)
    WHERE wp.is_paused IS FALSE AND wq.is_paused IS FALSE AND wp.id IN (:work_pool_id)
)
SELECT * FROM scheduled_flow_runs
WHERE work_pool_rank <= MIN(COALESCE(available_worker_slots, :worker_limit), :worker_limit)
ORDER BY work_pool_rank ASC, next_scheduled_start_time ASC
LIMIT :limit`

// Prefect 3.8.3's get_scheduled_flow_runs_from_work_queues as SQLAlchemy
// compiles it for one queue id with limit_per_queue; parameters: the limit,
// the queue id.
const prefectWorkQueueRunsPostgres = `WITH concurrency_queues AS (
    SELECT work_queue.id AS id, greatest(0, work_queue.concurrency_limit - count(flow_run.id)) AS available_slots
    FROM work_queue LEFT OUTER JOIN flow_run ON flow_run.work_queue_name = work_queue.name
        AND flow_run.state_type IN ('RUNNING', 'PENDING', 'CANCELLING')
    WHERE work_queue.concurrency_limit IS NOT NULL GROUP BY work_queue.id)
SELECT scheduled_flow_runs.*, work_queue.id AS wq_id
FROM work_queue LEFT OUTER JOIN concurrency_queues ON work_queue.id = concurrency_queues.id
JOIN LATERAL (SELECT flow_run.* FROM flow_run
    WHERE flow_run.work_queue_name = work_queue.name AND flow_run.state_type = 'SCHEDULED'
    ORDER BY flow_run.next_scheduled_start_time
    LIMIT least(?::int, concurrency_queues.available_slots) FOR UPDATE SKIP LOCKED) AS scheduled_flow_runs ON true
WHERE work_queue.is_paused IS false AND work_queue.id IN (?::uuid)
ORDER BY scheduled_flow_runs.next_scheduled_start_time, scheduled_flow_runs.id`

// prefectWorkQueueRunsSQLite is the SQLite form (row_number instead of the
// lateral join); parameters: the limit twice, the queue id.
const prefectWorkQueueRunsSQLite = `WITH concurrency_queues AS (
    SELECT work_queue.id AS id, max(0, work_queue.concurrency_limit - count(flow_run.id)) AS available_slots
    FROM work_queue LEFT OUTER JOIN flow_run ON flow_run.work_queue_name = work_queue.name
        AND flow_run.state_type IN ('RUNNING', 'PENDING', 'CANCELLING')
    WHERE work_queue.concurrency_limit IS NOT NULL GROUP BY work_queue.id)
SELECT scheduled_flow_runs.*, work_queue.id AS wq_id
FROM work_queue LEFT OUTER JOIN concurrency_queues ON work_queue.id = concurrency_queues.id
JOIN (SELECT row_number() OVER (PARTITION BY flow_run.work_queue_name ORDER BY flow_run.next_scheduled_start_time) AS rank, flow_run.*
    FROM flow_run WHERE flow_run.state_type = 'SCHEDULED') AS scheduled_flow_runs
    ON scheduled_flow_runs.work_queue_name = work_queue.name
    AND scheduled_flow_runs.rank <= min(coalesce(concurrency_queues.available_slots, ?), ?)
WHERE work_queue.is_paused IS 0 AND work_queue.id IN (?)
ORDER BY scheduled_flow_runs.next_scheduled_start_time, scheduled_flow_runs.id`
