// Package bigdb fills a Prefect 3.0 database (prefectorm version 0001) with
// many rows in a few set-based statements (INSERT … SELECT from
// generate_series on PostgreSQL, from a recursive CTE on SQLite), for
// benchmarks of migrations and queries on big tables.
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
	// it unless set: 3 states per flow run, 1 task run per flow run, 2
	// logs per flow run, 1 event and 1 event resource per flow run, a flow
	// per 1,000 runs and a deployment (with one schedule) per 100 runs.
	FlowRuns int
}

// Counts are the rows Fill wrote, per table.
type Counts struct {
	Flows, Deployments, DeploymentSchedules, FlowRuns, FlowRunStates, TaskRuns, Logs, Events, EventResources int
}

// CountsOf derives the per-table counts of s.
func CountsOf(s Sizes) Counts {
	n := s.FlowRuns
	return Counts{
		Flows: max(1, n/1000), Deployments: max(1, n/100), DeploymentSchedules: max(1, n/100),
		FlowRuns: n, FlowRunStates: 3 * n, TaskRuns: n, Logs: 2 * n, Events: n, EventResources: n,
	}
}

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

// text concatenates; both dialects spell it ||, PostgreSQL needs x as text.
func (d dialect) x() string {
	if d.postgres {
		return "x::text"
	}
	return "x"
}

// Fill writes the rows of s into the empty Prefect 3.0 tables of db
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
		d.with(c.Deployments)+"INSERT INTO deployment (id, name, flow_id, status, tags, parameters, infra_overrides) SELECT "+
			d.id(tagDeployment, "x")+", 'deployment-' || "+x+", "+d.id(tagFlow, fmt.Sprintf("x %% %d + 1", c.Flows))+", "+
			d.enum("'READY'", "deployment_status")+", "+d.json("'[\"bench\"]'")+", "+d.json("'{}'")+", "+d.json("'{}'")+d.from(c.Deployments),
		d.with(c.DeploymentSchedules)+"INSERT INTO deployment_schedule (id, deployment_id, schedule, active) SELECT "+
			d.id(tagSchedule, "x")+", "+d.id(tagDeployment, "x")+", "+d.json("'{\"interval\": 3600.0}'")+", "+d.boolean("x % 2 = 0")+d.from(c.DeploymentSchedules),
	)
	// A tenth of the flow runs are SCHEDULED (the scheduler's partial
	// indexes hold them), the rest COMPLETED.
	stateOf := func(k int) string {
		switch k {
		case 0:
			return "'SCHEDULED'"
		case 1:
			return "CASE WHEN x % 10 = 0 THEN 'SCHEDULED' ELSE 'PENDING' END"
		}
		return "CASE WHEN x % 10 = 0 THEN 'SCHEDULED' ELSE 'COMPLETED' END"
	}
	deployment := d.id(tagDeployment, fmt.Sprintf("x %% %d + 1", c.Deployments))
	flowRun := "INSERT INTO flow_run (id, created, updated, flow_id, deployment_id, work_queue_name, name, parameters, context, empirical_policy, tags, created_by, auto_scheduled, state_id, state_type, state_name, state_timestamp, run_count, expected_start_time, next_scheduled_start_time, start_time, end_time, total_run_time) SELECT " +
		strings.Join([]string{
			d.id(tagFlowRun, "x"), d.ts("x"), d.ts("x"),
			d.id(tagFlow, fmt.Sprintf("x %% %d + 1", c.Flows)), deployment, "'default'", "'run-' || " + x,
			d.json("'{}'"), d.json("'{}'"), d.json("'{}'"), d.json("'[\"bench\"]'"),
			d.json(`'{"id": "' || ` + func() string {
				if d.postgres {
					return deployment + "::text"
				}
				return deployment
			}() + ` || '", "type": "SCHEDULE", "display_value": "interval"}'`),
			d.boolean("x % 10 = 0"), d.id(tagFlowRunState, "3 * x"),
			d.enum(stateOf(2), "state_type"), "CASE WHEN x % 10 = 0 THEN 'Scheduled' ELSE 'Completed' END", d.ts("x + 2"),
			"CASE WHEN x % 10 = 0 THEN 0 ELSE 1 END", d.ts("x"), "CASE WHEN x % 10 = 0 THEN " + d.ts("x + 86400") + " END",
			"CASE WHEN x % 10 = 0 THEN NULL ELSE " + d.ts("x + 1") + " END", "CASE WHEN x % 10 = 0 THEN NULL ELSE " + d.ts("x + 2") + " END",
			func() string {
				if d.postgres {
					return "interval '1 second'"
				}
				return "1.0"
			}(),
		}, ", ")
	stateCols := func(k int) string {
		return "SELECT " + d.id(tagFlowRunState, fmt.Sprintf("3 * x - %d", 2-k)) + ", " + d.ts(fmt.Sprintf("x + %d", k)) + ", " + d.ts(fmt.Sprintf("x + %d", k)) + ", " +
			d.id(tagFlowRun, "x") + ", " + d.enum(stateOf(k), "state_type") + ", " + d.ts(fmt.Sprintf("x + %d", k)) + ", " +
			"initcap(lower(" + stateOf(k) + "))" + ", " + d.json("'{}'")
	}
	if !d.postgres {
		// SQLite lacks initcap.
		stateCols = func(k int) string {
			name := strings.ReplaceAll(strings.ReplaceAll(strings.ReplaceAll(stateOf(k), "'SCHEDULED'", "'Scheduled'"), "'PENDING'", "'Pending'"), "'COMPLETED'", "'Completed'")
			return "SELECT " + d.id(tagFlowRunState, fmt.Sprintf("3 * x - %d", 2-k)) + ", " + d.ts(fmt.Sprintf("x + %d", k)) + ", " + d.ts(fmt.Sprintf("x + %d", k)) + ", " +
				d.id(tagFlowRun, "x") + ", " + stateOf(k) + ", " + d.ts(fmt.Sprintf("x + %d", k)) + ", " + name + ", '{}'"
		}
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
				d.json("'{}'"), d.json("'{}'"), d.json("'[]'"), "'task-' || " + x, d.enum("'COMPLETED'", "state_type"), "'Completed'", d.ts("x + 2"), "1",
				d.ts("x + 1"), d.ts("x + 1"), d.ts("x + 2"), func() string {
					if d.postgres {
						return "interval '1 second'"
					}
					return "1.0"
				}(),
			}, ", ")+d.from(c.TaskRuns),
		d.with(c.Logs)+"INSERT INTO log (id, created, updated, name, level, flow_run_id, task_run_id, message, timestamp) SELECT "+
			strings.Join([]string{
				d.id(tagLog, "x"), d.ts("x"), d.ts("x"), "'prefect.flow_runs'", "20",
				d.id(tagFlowRun, fmt.Sprintf("(x - 1) %% %d + 1", c.FlowRuns)),
				"CASE WHEN x % 2 = 0 THEN " + d.id(tagTaskRun, fmt.Sprintf("(x - 1) %% %d + 1", c.TaskRuns)) + " END",
				"'Finished in state Completed() for log line ' || " + x, d.ts("x"),
			}, ", ")+d.from(c.Logs),
	)
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
