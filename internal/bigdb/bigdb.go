// Package bigdb fills an empty Prefect database (prefectorm version 0001,
// Prefect 3.0, or any later version) with many rows in a few set-based
// statements (INSERT … SELECT from generate_series on PostgreSQL, from a
// recursive CTE on SQLite), for benchmarks and query-plan tests on big
// tables.
//
// Row ids are deterministic UUIDs built from a table tag and the row
// number, so children reference their parents without joins; only columns
// that exist since Prefect 3.0 are written, so any later version's schema
// accepts the rows too.
package bigdb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// Sizes sets how many rows Fill writes per table.
type Sizes struct {
	// FlowRuns is the number of flow runs; every other count derives from
	// it: 3 states per flow run, 1 task run per flow run, 2 logs per flow
	// run, 1 event and 1 event resource per flow run, a flow per 1,000 runs
	// and a deployment (with one schedule) per 100 runs, plus a fixed
	// worker setup (WorkPools pools of QueuesPerPool queues and as many
	// workers).
	FlowRuns int
}

// The fixed worker setup: pool k (1-based) is "pool-k"; its queues
// "queue-1" … "queue-3" have priorities 1 … 3, queue-3 a concurrency limit
// of QueueLimit; pool 2 has a concurrency limit of PoolLimit and pool
// PausedPool is paused. Every deployment and its runs use queue
// (deployment number - 1) mod 12 + 1 of the 12 queues, numbered pool by
// pool.
const (
	WorkPools     = 4
	QueuesPerPool = 3
	PoolLimit     = 10
	QueueLimit    = 5
	PausedPool    = 4
)

// The state mix of the flow runs, by run number x: x mod 10 = 0 is
// SCHEDULED (next_scheduled_start_time one day after its expected start);
// otherwise x mod 100 picks PENDING (1), RUNNING (2, 3), CANCELLING (4),
// PAUSED (5), FAILED (11–18), CRASHED (21–23), CANCELLED (31–34) and
// COMPLETED (the rest): 10 % scheduled, 70 % completed, 8 % failed, 3 %
// crashed, 4 % cancelled, 2 % running and 1 % each pending, cancelling and
// paused. Every 20th run (x mod 20 = 5) is a subflow: its
// parent_task_run_id is the task run of run x - 1. Task run x belongs to
// flow run x (mod the run count) and is FAILED for x mod 50 = 7, RUNNING
// for x mod 50 = 8, COMPLETED otherwise. Run x is expected to start 2024-08-01
// plus x seconds.
var flowRunMix = []struct {
	typ, name string
	cond      string // on x
}{
	{"SCHEDULED", "Scheduled", "x % 10 = 0"},
	{"PENDING", "Pending", "x % 100 = 1"},
	{"RUNNING", "Running", "x % 100 IN (2, 3)"},
	{"CANCELLING", "Cancelling", "x % 100 = 4"},
	{"PAUSED", "Paused", "x % 100 = 5"},
	{"FAILED", "Failed", "x % 100 BETWEEN 11 AND 18"},
	{"CRASHED", "Crashed", "x % 100 BETWEEN 21 AND 23"},
	{"CANCELLED", "Cancelled", "x % 100 BETWEEN 31 AND 34"},
}

// Counts are the rows Fill wrote, per table.
type Counts struct {
	Flows, Deployments, DeploymentSchedules, FlowRuns, FlowRunStates, TaskRuns, Logs, Events, EventResources int
	WorkPools, WorkQueues, Workers                                                                           int
	// Subflows is the number of flow runs with a parent task run.
	Subflows int
}

// CountsOf derives the per-table counts of s.
func CountsOf(s Sizes) Counts {
	n := s.FlowRuns
	subflows := 0
	if n >= 5 {
		subflows = (n-5)/20 + 1
	}
	return Counts{
		Flows: max(1, n/1000), Deployments: max(1, n/100), DeploymentSchedules: max(1, n/100),
		FlowRuns: n, FlowRunStates: 3 * n, TaskRuns: n, Logs: 2 * n, Events: n, EventResources: n,
		WorkPools: WorkPools, WorkQueues: WorkPools * QueuesPerPool, Workers: WorkPools * QueuesPerPool,
		Subflows: subflows,
	}
}

// finalType is the CASE expression of flow run x's current state type
// (name false) or state name (name true).
func finalType(name bool) string {
	var b strings.Builder
	b.WriteString("CASE")
	for _, m := range flowRunMix {
		v := m.typ
		if name {
			v = m.name
		}
		b.WriteString(" WHEN " + m.cond + " THEN '" + v + "'")
	}
	if name {
		b.WriteString(" ELSE 'Completed' END")
	} else {
		b.WriteString(" ELSE 'COMPLETED' END")
	}
	return b.String()
}

// started is true for runs whose current state has a start time, ended for
// those in a terminal state.
const (
	notStarted = "(x % 10 = 0 OR x % 100 = 1)"
	terminal   = "(x % 10 <> 0 AND x % 100 NOT BETWEEN 1 AND 5)"
)

// Table tags of the generated ids.
const (
	tagFlow = iota + 1
	tagDeployment
	tagSchedule
	tagFlowRun
	tagFlowRunState
	tagTaskRun
	tagLog
	tagEvent
	tagEventResource
	tagWorkPool
	tagWorkQueue
	tagWorker
)

// dialect holds the SQL fragments that differ between the dialects.
type dialect struct {
	postgres bool
}

// series is a row source "g(x)" of 1 … n.
func (d dialect) with(n int) string {
	if d.postgres {
		return ""
	}
	return fmt.Sprintf("WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g WHERE x < %d) ", n)
}

func (d dialect) from(n int) string {
	if d.postgres {
		return fmt.Sprintf(" FROM generate_series(1, %d) AS g(x)", n)
	}
	return " FROM g"
}

// id is the deterministic UUID of row number expr of a table tag.
func (d dialect) id(tag int, expr string) string {
	if d.postgres {
		return fmt.Sprintf("('%08x-0000-4000-8000-' || lpad(to_hex(%s), 12, '0'))::uuid", tag, expr)
	}
	return fmt.Sprintf("printf('%08x-0000-4000-8000-%%012x', %s)", tag, expr)
}

// ts is a timestamp secs seconds after 2024-08-01 UTC.
func (d dialect) ts(secs string) string {
	if d.postgres {
		return fmt.Sprintf("(timestamptz '2024-08-01 00:00:00+00' + (%s) * interval '1 second')", secs)
	}
	return fmt.Sprintf("strftime('%%Y-%%m-%%d %%H:%%M:%%f000', '2024-08-01', '+' || (%s) || ' seconds')", secs)
}

// json casts a text expression to the JSON column type.
func (d dialect) json(expr string) string {
	if d.postgres {
		return "(" + expr + ")::jsonb"
	}
	return expr
}

// enum casts a text expression to a PostgreSQL enum type.
func (d dialect) enum(expr, typ string) string {
	if d.postgres {
		return "(" + expr + ")::" + typ
	}
	return expr
}

func (d dialect) boolean(expr string) string {
	if d.postgres {
		return "(" + expr + ")"
	}
	return "CASE WHEN " + expr + " THEN 1 ELSE 0 END"
}

// textCast casts an integer expression just before it to text on
// PostgreSQL (for ||); SQLite converts by itself.
func (d dialect) textCast() string {
	if d.postgres {
		return "::text"
	}
	return ""
}

// seconds is a total_run_time value of expr seconds.
func (d dialect) seconds(expr string) string {
	if d.postgres {
		return "(" + expr + ") * interval '1 second'"
	}
	return "(" + expr + ") * 1.0"
}

// updateFrom updates table from a row source g(x) of 1 … n, joined by
// where (which names the series as g.x).
func (d dialect) updateFrom(n int, table, set, where string) string {
	if d.postgres {
		return fmt.Sprintf("UPDATE %s SET %s FROM generate_series(1, %d) AS g(x) WHERE %s", table, set, n, where)
	}
	return d.with(n) + fmt.Sprintf("UPDATE %s SET %s FROM g WHERE %s", table, set, where)
}

// text concatenates; both dialects spell it ||, PostgreSQL needs x as text.
func (d dialect) x() string {
	if d.postgres {
		return "x::text"
	}
	return "x"
}

// Fill writes the rows of s into the empty Prefect tables of db
// ("sqlite" or "postgres" names the dialect), in one transaction on one
// connection.
func Fill(ctx context.Context, db *sql.DB, dialectName string, s Sizes) (Counts, error) {
	if s.FlowRuns < 1 {
		return Counts{}, fmt.Errorf("bigdb: Sizes.FlowRuns = %d: want at least 1", s.FlowRuns)
	}
	d := dialect{postgres: dialectName == "postgres"}
	c := CountsOf(s)
	conn, err := db.Conn(ctx)
	if err != nil {
		return c, err
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return c, err
	}
	defer func() { _ = tx.Rollback() }()
	for _, q := range statements(d, c) {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return c, fmt.Errorf("bigdb: %w\n%s", err, q)
		}
	}
	return c, tx.Commit()
}

// statements returns Fill's SQL.
func statements(d dialect, c Counts) []string {
	x := d.x()
	var out []string
	if !d.postgres {
		// Flow runs and their states reference each other: check the
		// foreign keys at commit.
		out = append(out, "PRAGMA defer_foreign_keys = ON")
	}
	out = append(out,
		d.with(c.Flows)+"INSERT INTO flow (id, name, tags) SELECT "+d.id(tagFlow, "x")+", 'flow-' || "+x+", "+d.json("'[]'")+d.from(c.Flows),
	)
	// The worker setup: pools, their queues (the pools' default queue is
	// queue-1), and a worker per queue, half of them with a stale heartbeat.
	nq := c.WorkQueues
	out = append(out,
		d.with(c.WorkPools)+"INSERT INTO work_pool (id, name, type, base_job_template, is_paused, concurrency_limit, status) SELECT "+
			d.id(tagWorkPool, "x")+", 'pool-' || "+x+", 'process', "+d.json("'{}'")+", "+d.boolean(fmt.Sprintf("x = %d", PausedPool))+
			fmt.Sprintf(", CASE WHEN x = 2 THEN %d END, ", PoolLimit)+d.enum(fmt.Sprintf("CASE WHEN x = %d THEN 'PAUSED' ELSE 'READY' END", PausedPool), "work_pool_status")+d.from(c.WorkPools),
		d.with(nq)+"INSERT INTO work_queue (id, name, priority, concurrency_limit, status, last_polled, work_pool_id) SELECT "+
			d.id(tagWorkQueue, "x")+", 'queue-' || "+fmt.Sprintf("((x - 1) %% %d + 1)", QueuesPerPool)+d.textCast()+", "+fmt.Sprintf("(x - 1) %% %d + 1", QueuesPerPool)+
			fmt.Sprintf(", CASE WHEN (x - 1) %% %d + 1 = %d THEN %d END, ", QueuesPerPool, QueuesPerPool, QueueLimit)+d.enum("'READY'", "work_queue_status")+", "+d.ts("0")+", "+
			d.id(tagWorkPool, fmt.Sprintf("(x - 1) / %d + 1", QueuesPerPool))+d.from(nq),
		d.updateFrom(c.WorkPools, "work_pool", "default_queue_id = "+d.id(tagWorkQueue, fmt.Sprintf("(g.x - 1) * %d + 1", QueuesPerPool)), "work_pool.id = "+d.id(tagWorkPool, "g.x")),
		d.with(c.Workers)+"INSERT INTO worker (id, work_pool_id, name, last_heartbeat_time, heartbeat_interval_seconds, status) SELECT "+
			d.id(tagWorker, "x")+", "+d.id(tagWorkPool, fmt.Sprintf("(x - 1) / %d + 1", QueuesPerPool))+", 'worker-' || "+x+", "+
			"CASE WHEN x % 2 = 0 THEN "+d.ts("0")+" ELSE "+d.ts(fmt.Sprint(c.FlowRuns))+" END, 30, "+
			d.enum("CASE WHEN x % 2 = 0 THEN 'OFFLINE' ELSE 'ONLINE' END", "worker_status")+d.from(c.Workers),
	)
	// queueOf is the queue number (1 … 12) of deployment number expr.
	queueOf := func(expr string) string { return fmt.Sprintf("((%s - 1) %% %d + 1)", expr, nq) }
	queueName := func(expr string) string {
		return fmt.Sprintf("'queue-' || ((%s - 1) %% %d + 1)", queueOf(expr), QueuesPerPool) + d.textCast()
	}
	out = append(out,
		d.with(c.Deployments)+"INSERT INTO deployment (id, name, flow_id, status, tags, parameters, infra_overrides, work_queue_name, work_queue_id) SELECT "+
			d.id(tagDeployment, "x")+", 'deployment-' || "+x+", "+d.id(tagFlow, fmt.Sprintf("x %% %d + 1", c.Flows))+", "+
			d.enum("'READY'", "deployment_status")+", "+d.json("'[\"bench\"]'")+", "+d.json("'{}'")+", "+d.json("'{}'")+", "+
			queueName("x")+", "+d.id(tagWorkQueue, queueOf("x"))+d.from(c.Deployments),
		d.with(c.DeploymentSchedules)+"INSERT INTO deployment_schedule (id, deployment_id, schedule, active) SELECT "+
			d.id(tagSchedule, "x")+", "+d.id(tagDeployment, "x")+", "+d.json("'{\"interval\": 3600.0}'")+", "+d.boolean("x % 2 = 0")+d.from(c.DeploymentSchedules),
	)
	// stateOf is the type of state k (0, 1, 2) of run x: SCHEDULED,
	// then PENDING, then the run's current type (see flowRunMix); a
	// SCHEDULED run has three SCHEDULED states.
	stateOf := func(k int) string {
		switch k {
		case 0:
			return "'SCHEDULED'"
		case 1:
			return "CASE WHEN x % 10 = 0 THEN 'SCHEDULED' ELSE 'PENDING' END"
		}
		return finalType(false)
	}
	nameOf := func(k int) string {
		switch k {
		case 0:
			return "'Scheduled'"
		case 1:
			return "CASE WHEN x % 10 = 0 THEN 'Scheduled' ELSE 'Pending' END"
		}
		return finalType(true)
	}
	deployment := d.id(tagDeployment, fmt.Sprintf("x %% %d + 1", c.Deployments))
	deploymentNo := fmt.Sprintf("(x %% %d + 1)", c.Deployments)
	flowRun := "INSERT INTO flow_run (id, created, updated, flow_id, deployment_id, work_queue_name, work_queue_id, name, parameters, context, empirical_policy, tags, created_by, auto_scheduled, state_id, state_type, state_name, state_timestamp, run_count, expected_start_time, next_scheduled_start_time, start_time, end_time, total_run_time) SELECT " +
		strings.Join([]string{
			d.id(tagFlowRun, "x"), d.ts("x"), d.ts("x"),
			d.id(tagFlow, fmt.Sprintf("x %% %d + 1", c.Flows)), deployment, queueName(deploymentNo), d.id(tagWorkQueue, queueOf(deploymentNo)), "'run-' || " + x,
			d.json("'{}'"), d.json("'{}'"), d.json("'{}'"), d.json("'[\"bench\"]'"),
			d.json(`'{"id": "' || ` + func() string {
				if d.postgres {
					return deployment + "::text"
				}
				return deployment
			}() + ` || '", "type": "SCHEDULE", "display_value": "interval"}'`),
			d.boolean("x % 10 = 0"), d.id(tagFlowRunState, "3 * x"),
			d.enum(stateOf(2), "state_type"), nameOf(2), d.ts("x + 2"),
			"CASE WHEN " + notStarted + " THEN 0 ELSE 1 END", d.ts("x"), "CASE WHEN x % 10 = 0 THEN " + d.ts("x + 86400") + " END",
			"CASE WHEN " + notStarted + " THEN NULL ELSE " + d.ts("x + 1") + " END", "CASE WHEN " + terminal + " THEN " + d.ts("x + 2") + " END",
			"CASE WHEN " + notStarted + " THEN " + d.seconds("0") + " ELSE " + d.seconds("1") + " END",
		}, ", ")
	stateCols := func(k int) string {
		return "SELECT " + d.id(tagFlowRunState, fmt.Sprintf("3 * x - %d", 2-k)) + ", " + d.ts(fmt.Sprintf("x + %d", k)) + ", " + d.ts(fmt.Sprintf("x + %d", k)) + ", " +
			d.id(tagFlowRun, "x") + ", " + d.enum(stateOf(k), "state_type") + ", " + d.ts(fmt.Sprintf("x + %d", k)) + ", " +
			nameOf(k) + ", " + d.json("'{}'")
	}
	stateInsert := "INSERT INTO flow_run_state (id, created, updated, flow_run_id, type, timestamp, name, state_details) "
	states := stateCols(0) + d.from(c.FlowRuns) + " UNION ALL " + stateCols(1) + d.from(c.FlowRuns) + " UNION ALL " + stateCols(2) + d.from(c.FlowRuns)
	if d.postgres {
		// PostgreSQL checks NOT DEFERRABLE foreign keys at the end of each
		// statement: one statement writes both sides of the cycle.
		out = append(out, "WITH runs AS ("+flowRun+d.from(c.FlowRuns)+" RETURNING 1) "+stateInsert+states)
	} else {
		out = append(out, d.with(c.FlowRuns)+flowRun+d.from(c.FlowRuns), d.with(c.FlowRuns)+stateInsert+states)
	}
	out = append(out,
		d.with(c.TaskRuns)+"INSERT INTO task_run (id, created, updated, flow_run_id, task_key, dynamic_key, flow_run_run_count, empirical_policy, task_inputs, tags, name, state_type, state_name, state_timestamp, run_count, expected_start_time, start_time, end_time, total_run_time) SELECT "+
			strings.Join([]string{
				d.id(tagTaskRun, "x"), d.ts("x + 1"), d.ts("x + 2"), d.id(tagFlowRun, fmt.Sprintf("(x - 1) %% %d + 1", c.FlowRuns)),
				"'task-' || " + fmt.Sprintf("((x - 1) / %d)", c.FlowRuns) + func() string {
					if d.postgres {
						return "::text"
					}
					return ""
				}(), "'0'", "1",
				d.json("'{}'"), d.json("'{}'"), d.json("'[]'"), "'task-' || " + x,
				d.enum("CASE x % 50 WHEN 7 THEN 'FAILED' WHEN 8 THEN 'RUNNING' ELSE 'COMPLETED' END", "state_type"),
				"CASE x % 50 WHEN 7 THEN 'Failed' WHEN 8 THEN 'Running' ELSE 'Completed' END", d.ts("x + 2"), "1",
				d.ts("x + 1"), d.ts("x + 1"), "CASE WHEN x % 50 <> 8 THEN " + d.ts("x + 2") + " END", d.seconds("1"),
			}, ", ")+d.from(c.TaskRuns),
		d.with(c.Logs)+"INSERT INTO log (id, created, updated, name, level, flow_run_id, task_run_id, message, timestamp) SELECT "+
			strings.Join([]string{
				d.id(tagLog, "x"), d.ts("x"), d.ts("x"), "'prefect.flow_runs'", "20",
				d.id(tagFlowRun, fmt.Sprintf("(x - 1) %% %d + 1", c.FlowRuns)),
				"CASE WHEN x % 2 = 0 THEN " + d.id(tagTaskRun, fmt.Sprintf("(x - 1) %% %d + 1", c.TaskRuns)) + " END",
				"'Finished in state Completed() for log line ' || " + x, d.ts("x"),
			}, ", ")+d.from(c.Logs),
	)
	// Every 20th flow run is a subflow of the run before it.
	if c.Subflows > 0 {
		out = append(out, d.updateFrom(c.FlowRuns, "flow_run", "parent_task_run_id = "+d.id(tagTaskRun, "g.x - 1"),
			"g.x % 20 = 5 AND flow_run.id = "+d.id(tagFlowRun, "g.x")))
	}
	// One event per flow run, with the flow and deployment as related
	// resources, and one event resource per event.
	runID := d.id(tagFlowRun, fmt.Sprintf("(x - 1) %% %d + 1", c.FlowRuns))
	if d.postgres {
		runID += "::text"
	}
	flowID := d.id(tagFlow, fmt.Sprintf("x %% %d + 1", c.Flows))
	if d.postgres {
		flowID += "::text"
	}
	out = append(out,
		d.with(c.Events)+"INSERT INTO events (id, occurred, event, resource_id, resource, related_resource_ids, related, payload, received, recorded) SELECT "+
			strings.Join([]string{
				d.id(tagEvent, "x"), d.ts("x"), "'prefect.flow-run.Completed'", "'prefect.flow-run.' || " + runID,
				d.json(`'{"prefect.resource.id": "prefect.flow-run.' || ` + runID + ` || '"}'`),
				d.json(`'["prefect.flow.' || ` + flowID + ` || '"]'`),
				d.json(`'[{"prefect.resource.id": "prefect.flow.' || ` + flowID + ` || '", "prefect.resource.role": "flow"}]'`),
				d.json("'{}'"), d.ts("x"), d.ts("x"),
			}, ", ")+d.from(c.Events),
		d.with(c.EventResources)+"INSERT INTO event_resources (id, occurred, resource_id, resource_role, resource, event_id) SELECT "+
			strings.Join([]string{
				d.id(tagEventResource, "x"), d.ts("x"), "'prefect.flow.' || " + flowID, "'flow'",
				d.json(`'{"prefect.resource.id": "prefect.flow.' || ` + flowID + ` || '", "prefect.resource.role": "flow"}'`),
				d.id(tagEvent, fmt.Sprintf("(x - 1) %% %d + 1", c.Events)),
			}, ", ")+d.from(c.EventResources),
	)
	return out
}
