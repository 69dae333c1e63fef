package dialects_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prefectorm/prefectorm/internal/coltype"
	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/internal/plancheck"
	"github.com/prefectorm/prefectorm/models"
)

// ownUIIndexes are the indexes of version 0023_prefectorm_ui_indexes,
// dropped for the "without" half of BenchmarkUIReadPaths.
var ownUIIndexes = []string{
	"prefectorm_ix_flow_run__flow_id_next_scheduled_start_time",
	"prefectorm_ix_flow_run__state_type_start_time",
	"prefectorm_ix_flow_run__deployment_id_start_time",
	"prefectorm_ix_events__resource_id_occurred",
}

// prefectQuery is Prefect 3.8.3's SQL for a hot path, written out as raw
// SQL with ? placeholders, and its arguments.
type prefectQuery struct {
	sql  []string
	args [][]any
}

// BenchmarkUIReadPaths times every hot path on a bigdb database of
// PREFECTORM_BENCH_FLOW_RUNS flow runs (skipped when unset) per dialect,
// beside Prefect's own query shape as raw SQL on the same data
// (dbtest.CompareRaw: raw-ns/op is Prefect's SQL, gorm-ns/op prefectorm's
// function), first with prefectorm's own indexes, then without them. The
// plans of both are logged.
func BenchmarkUIReadPaths(b *testing.B) {
	s := os.Getenv("PREFECTORM_BENCH_FLOW_RUNS")
	if s == "" {
		b.Skip("set PREFECTORM_BENCH_FLOW_RUNS (e.g. 1000000) to fill a big database and time the hot paths")
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1000 {
		b.Fatalf("PREFECTORM_BENCH_FLOW_RUNS=%q: want a number of at least 1000", s)
	}
	ctx := context.Background()
	for _, dialect := range dbtest.Dialects {
		b.Run(dialect, func(b *testing.B) {
			db, p := newBigDB(b, dialect, n)
			rec, err := plancheck.Record(db.DB)
			if err != nil {
				b.Fatal(err)
			}
			for _, phase := range []string{"with", "without"} {
				if phase == "without" {
					for _, ix := range ownUIIndexes {
						if err := db.Exec("DROP INDEX " + ix).Error; err != nil {
							b.Fatal(err)
						}
					}
					if err := db.Exec("ANALYZE").Error; err != nil {
						b.Fatal(err)
					}
				}
				for _, c := range bigCalls(p) {
					pq := prefectSQL(dialect, c.name, p)
					b.Run(phase+"/"+strings.ReplaceAll(c.name, " ", "_"), func(b *testing.B) {
						stmts, err := rec.Run(func() error { return c.run(ctx, db.DB) })
						if err != nil {
							b.Fatal(err)
						}
						for _, st := range stmts {
							plan, err := plancheck.ExplainStatement(ctx, db.DB, st, plancheck.ExplainOptions{})
							if err != nil {
								b.Fatal(err)
							}
							b.Logf("prefectorm plan:\n%s", plan)
						}
						for i, q := range pq.sql {
							plan, err := plancheck.ExplainStatement(ctx, db.DB, plancheck.Statement{SQL: dbtest.Rebind(dialect, q), Vars: pq.args[i]}, plancheck.ExplainOptions{})
							if err != nil {
								b.Fatalf("explain Prefect's SQL: %v\n%s", err, q)
							}
							b.Logf("Prefect plan:\n%s", plan)
						}
						dbtest.CompareRaw(b, func(int) error {
							for i, q := range pq.sql {
								if err := drain(db.ConnPool.QueryContext(ctx, dbtest.Rebind(dialect, q), pq.args[i]...)); err != nil {
									return fmt.Errorf("%w\n%s", err, q)
								}
							}
							return nil
						}, func(int) error { return c.run(ctx, db.DB) })
					})
				}
			}
		})
	}
}

// drain reads every row of a query.
func drain(rows *sql.Rows, err error) error {
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
	}
	return rows.Err()
}

// prefectSQL returns Prefect 3.8.3's statements for the hot path called
// name (see bigCalls), as its SQLAlchemy code renders them for the
// dialect, with the same arguments.
func prefectSQL(dialect, name string, p bigParams) prefectQuery {
	pg := dialect == "postgres"
	tsv := func(t time.Time) any {
		if pg {
			return t.UTC()
		}
		return coltype.SQLiteTime(models.NewTimestamp(t).Time)
	}
	week := tsv(p.end.Add(-7 * 24 * time.Hour))
	one := func(q string, args ...any) prefectQuery { return prefectQuery{sql: []string{q}, args: [][]any{args}} }
	diffSeconds := func(a, bParam string) string {
		if pg {
			return "EXTRACT(EPOCH FROM (" + a + " - CAST(" + bParam + " AS TIMESTAMPTZ)))"
		}
		return "((julianday(" + a + ") - julianday(" + bParam + ")) * 86400.0)"
	}
	floor := func(x string) string { // SQLite has no floor without its math functions; x >= 0 here
		if pg {
			return "floor(" + x + ")"
		}
		return "CAST(" + x + " AS INTEGER)"
	}
	switch name {
	case "DashboardTaskRunCounts":
		start := p.windowStart.Truncate(time.Minute)
		end := p.windowEnd.Truncate(time.Minute).Add(time.Minute - time.Microsecond)
		delta := end.Sub(start).Seconds() / 20
		return one(`SELECT bucket, min(oldest) AS oldest, sum(failed_count) AS failed_count, sum(successful_count) AS successful_count FROM (
SELECT `+floor(diffSeconds("task_run.start_time", "?")+" / ?")+` AS bucket, min(task_run.end_time) AS oldest,
 sum(CASE WHEN task_run.state_type IN ('CRASHED', 'FAILED') THEN 1 ELSE 0 END) AS failed_count,
 sum(CASE WHEN task_run.state_type NOT IN ('CRASHED', 'FAILED') THEN 1 ELSE 0 END) AS successful_count
FROM task_run WHERE task_run.start_time >= ? AND task_run.start_time <= ? AND task_run.state_type IN ('COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED')
GROUP BY bucket, task_run.start_time) AS anon_1 GROUP BY anon_1.bucket ORDER BY oldest ASC`,
			tsv(start), delta, tsv(p.windowStart), tsv(p.windowEnd))
	case "CountTaskRunsByState":
		return one(`SELECT task_run.state_type, count(*) AS count FROM task_run WHERE task_run.state_type IS NOT NULL AND task_run.start_time >= ? AND task_run.start_time <= ? GROUP BY task_run.state_type`,
			tsv(p.windowStart), tsv(p.windowEnd))
	case "FlowRunHistory":
		return prefectHistory(pg, tsv, p)
	case "NextRunsByFlow":
		ids := make([]any, len(p.flowIDs))
		for i, id := range p.flowIDs {
			ids[i] = id.String()
		}
		in := strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ")
		if pg {
			return one(`SELECT fr.id, fr.name, fr.flow_id, fr.state_name, fr.state_type, fr.state_name, fr.next_scheduled_start_time
FROM (SELECT DISTINCT flow_id FROM flow_run WHERE flow_id IN (`+in+`) AND state_type = 'SCHEDULED') AS unique_flows
CROSS JOIN LATERAL (SELECT * FROM flow_run fr WHERE fr.flow_id = unique_flows.flow_id AND fr.state_type = 'SCHEDULED'
 ORDER BY fr.next_scheduled_start_time ASC LIMIT 1) fr`, ids...)
		}
		return one(`WITH min_times AS (SELECT flow_id, MIN(next_scheduled_start_time) AS min_next_scheduled_start_time
 FROM flow_run WHERE flow_id IN (`+in+`) AND state_type = 'SCHEDULED' GROUP BY flow_id)
SELECT fr.id, fr.name, fr.flow_id, fr.state_name, fr.state_type, fr.next_scheduled_start_time
FROM flow_run fr JOIN min_times mt ON fr.flow_id = mt.flow_id AND fr.next_scheduled_start_time = mt.min_next_scheduled_start_time
WHERE fr.state_type = 'SCHEDULED'`, ids...)
	case "CountFlowRunsByState":
		// Prefect's UI asks /flow_runs/count once per state type; the
		// grouped count is the same work in one statement.
		return one(`SELECT flow_run.state_type, count(*) AS count FROM flow_run WHERE flow_run.start_time >= ? AND flow_run.start_time <= ? AND flow_run.state_type IS NOT NULL GROUP BY flow_run.state_type`,
			tsv(p.windowStart), tsv(p.windowEnd))
	case "CountFlowRuns failed 7d":
		return one(`SELECT count(*) AS count_1 FROM flow_run WHERE flow_run.state_type IN ('FAILED', 'CRASHED') AND flow_run.start_time >= ?`, week)
	case "RecentFlowRuns failed 7d":
		return one(`SELECT * FROM flow_run WHERE flow_run.state_type IN ('FAILED', 'CRASHED') AND flow_run.start_time >= ?
ORDER BY coalesce(flow_run.start_time, flow_run.expected_start_time) DESC LIMIT 10 OFFSET 0`, week)
	case "PaginateFlowRuns deployment", "PaginateFlowRuns deployment START_TIME_DESC":
		order, offset := "flow_run.id DESC", 0
		if strings.HasSuffix(name, "START_TIME_DESC") {
			order, offset = "coalesce(flow_run.start_time, flow_run.expected_start_time) DESC", 10
		}
		dep := p.deploymentID.String()
		return prefectQuery{
			sql: []string{
				`SELECT count(*) AS count_1 FROM flow_run JOIN deployment ON deployment.id = flow_run.deployment_id WHERE deployment.id IN (?)`,
				`SELECT * FROM flow_run WHERE EXISTS (SELECT 1 FROM deployment WHERE deployment.id = flow_run.deployment_id AND deployment.id IN (?)) ORDER BY ` + order + ` LIMIT 10 OFFSET ` + strconv.Itoa(offset),
			},
			args: [][]any{{dep}, {dep}},
		}
	case "ReadLogs":
		return one(`SELECT * FROM log WHERE log.flow_run_id IN (?) ORDER BY log.timestamp ASC LIMIT 200 OFFSET 0`, p.logRunID.String())
	case "ReadEvents by time":
		return one(`SELECT * FROM events WHERE events.occurred >= ? AND events.occurred <= ? ORDER BY events.occurred DESC LIMIT 50 OFFSET 0`,
			tsv(p.windowStart), tsv(p.windowEnd))
	case "ReadEvents by resource":
		return one(`SELECT * FROM events WHERE events.occurred >= ? AND events.occurred <= ? AND events.resource_id IN (?) ORDER BY events.occurred DESC LIMIT 50 OFFSET 0`,
			tsv(bigBase), tsv(p.end), p.resourceID)
	case "ReadEvents by any resource":
		return one(`SELECT * FROM events WHERE events.occurred >= ? AND events.occurred <= ? AND events.id IN (
 SELECT event_resources.event_id FROM event_resources WHERE event_resources.occurred >= ? AND event_resources.occurred <= ? AND event_resources.resource_id IN (?))
ORDER BY events.occurred DESC LIMIT 50 OFFSET 0`,
			tsv(p.windowStart), tsv(p.windowEnd), tsv(p.windowStart), tsv(p.windowEnd), p.relatedID)
	}
	panic("no Prefect SQL for " + name)
}

// prefectHistory is run_history's statement for flow runs with an
// expected_start_time window (the dashboard's), with the estimates inline
// (Prefect's hybrid expressions, without the correlated sub-select).
func prefectHistory(pg bool, tsv func(time.Time) any, p bigParams) prefectQuery {
	start, end, now := tsv(p.windowStart), tsv(p.windowEnd), tsv(p.end)
	if pg {
		q := `WITH intervals AS (
 SELECT dt AS interval_start, dt + CAST(? AS INTERVAL) AS interval_end
 FROM generate_series(CAST(? AS TIMESTAMPTZ), CAST(? AS TIMESTAMPTZ), CAST(? AS INTERVAL)) AS dt WHERE dt < CAST(? AS TIMESTAMPTZ) LIMIT 500),
runs AS (SELECT flow_run.id, flow_run.expected_start_time,
  CASE WHEN flow_run.state_type = 'RUNNING' THEN flow_run.total_run_time + (CAST(? AS TIMESTAMPTZ) - flow_run.state_timestamp) ELSE flow_run.total_run_time END AS estimated_run_time,
  CASE WHEN flow_run.start_time > flow_run.expected_start_time THEN flow_run.start_time - flow_run.expected_start_time
       WHEN flow_run.start_time IS NULL AND flow_run.state_type NOT IN ('COMPLETED', 'CANCELLED', 'FAILED', 'CRASHED') AND flow_run.expected_start_time < CAST(? AS TIMESTAMPTZ) THEN CAST(? AS TIMESTAMPTZ) - flow_run.expected_start_time
       ELSE interval '0' END AS estimated_start_time_delta,
  flow_run.state_type, flow_run.state_name
 FROM flow_run WHERE flow_run.expected_start_time >= ? AND flow_run.expected_start_time <= ?),
counts AS (SELECT intervals.interval_start, intervals.interval_end,
  CASE WHEN count(runs.id) = 0 THEN NULL ELSE jsonb_build_object('state_type', runs.state_type, 'state_name', runs.state_name, 'count_runs', count(runs.id),
   'sum_estimated_run_time', sum(greatest(0, EXTRACT(EPOCH FROM runs.estimated_run_time))),
   'sum_estimated_lateness', sum(greatest(0, EXTRACT(EPOCH FROM runs.estimated_start_time_delta)))) END AS state_agg
 FROM intervals LEFT OUTER JOIN runs ON runs.expected_start_time >= intervals.interval_start AND runs.expected_start_time < intervals.interval_end
 GROUP BY intervals.interval_start, intervals.interval_end, runs.state_type, runs.state_name)
SELECT counts.interval_start, counts.interval_end, coalesce(jsonb_agg(counts.state_agg) FILTER (WHERE counts.state_agg IS NOT NULL), '[]') AS states
FROM counts GROUP BY counts.interval_start, counts.interval_end ORDER BY counts.interval_start LIMIT 500`
		return prefectQuery{sql: []string{q}, args: [][]any{{"1 minute", start, end, "1 minute", end, now, now, now, start, end}}}
	}
	q := `WITH RECURSIVE intervals(interval_start, interval_end, counter) AS (
 SELECT ?, strftime('%Y-%m-%d %H:%M:%f000', julianday(?) + 1.0 / 1440), 1
 UNION ALL SELECT interval_end, strftime('%Y-%m-%d %H:%M:%f000', julianday(interval_end) + 1.0 / 1440), counter + 1 FROM intervals
 WHERE interval_start < ? AND counter < 500),
runs AS (SELECT flow_run.id, flow_run.expected_start_time,
  CASE WHEN flow_run.state_type = 'RUNNING' THEN julianday(flow_run.total_run_time) - 2440587.5 + julianday(?) - julianday(flow_run.state_timestamp) ELSE julianday(flow_run.total_run_time) - 2440587.5 END AS estimated_run_time,
  CASE WHEN flow_run.start_time > flow_run.expected_start_time THEN julianday(flow_run.start_time) - julianday(flow_run.expected_start_time)
       WHEN flow_run.start_time IS NULL AND flow_run.state_type NOT IN ('COMPLETED', 'CANCELLED', 'FAILED', 'CRASHED') AND flow_run.expected_start_time < ? THEN julianday(?) - julianday(flow_run.expected_start_time)
       ELSE 0 END AS estimated_start_time_delta,
  flow_run.state_type, flow_run.state_name
 FROM flow_run WHERE flow_run.expected_start_time >= ? AND flow_run.expected_start_time <= ?),
counts AS (SELECT intervals.interval_start, intervals.interval_end,
  CASE WHEN count(runs.id) = 0 THEN NULL ELSE json_object('state_type', runs.state_type, 'state_name', runs.state_name, 'count_runs', count(runs.id),
   'sum_estimated_run_time', sum(max(0, runs.estimated_run_time * 86400.0)),
   'sum_estimated_lateness', sum(max(0, runs.estimated_start_time_delta * 86400.0))) END AS state_agg
 FROM intervals LEFT OUTER JOIN runs ON runs.expected_start_time >= intervals.interval_start AND runs.expected_start_time < intervals.interval_end
 GROUP BY intervals.interval_start, intervals.interval_end, runs.state_type, runs.state_name)
SELECT counts.interval_start, counts.interval_end, coalesce(json_group_array(json(counts.state_agg)) FILTER (WHERE counts.state_agg IS NOT NULL), '[]') AS states
FROM counts GROUP BY counts.interval_start, counts.interval_end ORDER BY counts.interval_start LIMIT 500`
	stop := tsv(p.windowEnd.Add(-time.Minute))
	return prefectQuery{sql: []string{q}, args: [][]any{{start, start, stop, now, now, now, start, end}}}
}
