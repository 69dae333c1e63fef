// Command quickstart is the first program to run with prefectorm. It opens a
// database (./prefect.db by default), migrates it to Prefect's schema, registers a
// flow "etl" with a deployment "nightly" on the work pool "local-pool", runs
// the flow once with two task runs, logs and a result artifact, and prints
// what it reads back:
//
//	go run ./examples/quickstart
//	go run ./examples/quickstart -url postgresql://postgres@127.0.0.1:5432/prefect
//
// Running it again reuses the flow, deployment and work pool and adds one
// more flow run.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/prefectorm/prefectorm/dialects"
	"github.com/prefectorm/prefectorm/dialects/auto"
	"github.com/prefectorm/prefectorm/migrations"
	"github.com/prefectorm/prefectorm/models"
)

func main() {
	url := flag.String("url", "sqlite:///prefect.db", "database URL: sqlite:///file.db, sqlite:////abs/file.db or postgresql://user:password@host:5432/db")
	flag.Parse()
	if err := run(context.Background(), *url, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// run is the whole quickstart against the database at url; the summary is
// written to out.
func run(ctx context.Context, url string, out io.Writer) error {
	db, dialect, err := auto.Open(ctx, url, dialects.Options{})
	if err != nil {
		return err
	}
	if sqlDB, err := db.DB(); err == nil {
		defer sqlDB.Close()
	}
	if err := migrations.Migrate(ctx, db, dialect); err != nil {
		return err
	}
	db = db.WithContext(ctx)
	dep, err := registerDeployment(ctx, db)
	if err != nil {
		return fmt.Errorf("register deployment: %w", err)
	}
	runID, err := runFlow(db, dep)
	if err != nil {
		return fmt.Errorf("run flow: %w", err)
	}
	return printSummary(db, dialect, runID, out)
}

// registerDeployment writes, in one transaction, the flow "etl", the work
// pool "local-pool" with its default queue "default", and the deployment
// "nightly" with a cron schedule. Each row is upserted by its unique key, so
// running it again updates the same rows.
func registerDeployment(ctx context.Context, db *gorm.DB) (dep models.Deployment, err error) {
	err = db.Transaction(func(tx *gorm.DB) error {
		// dialects.Upsert returns the stored flow: the new one, or the
		// existing flow of that name, untouched.
		flow := models.Flow{Name: "etl"}
		if err := dialects.Upsert(ctx, tx, &flow); err != nil {
			return err
		}
		// work_pool and work_queue are not among Prefect's ten upsertable
		// tables: name their unique keys here.
		pool := models.WorkPool{Name: "local-pool", Type: "process"}
		if err := upsert(tx, []clause.Column{{Name: "name"}}, &pool, "type", "updated"); err != nil {
			return err
		}
		queue := models.WorkQueue{Name: "default", Priority: 1, WorkPoolID: pool.ID}
		if err := upsert(tx, []clause.Column{{Name: "work_pool_id"}, {Name: "name"}}, &queue, "priority", "updated"); err != nil {
			return err
		}
		if err := tx.Model(&pool).Update("default_queue_id", queue.ID).Error; err != nil {
			return err
		}
		dep = models.Deployment{Name: "nightly", FlowID: flow.ID, WorkQueueID: queue.ID.Ptr(),
			WorkQueueName: &queue.Name}
		// A deployment upsert overwrites the stored deployment, as Prefect's does.
		if err := dialects.Upsert(ctx, tx, &dep); err != nil {
			return err
		}
		// Like Prefect's deployment upsert, replace the deployment's schedules.
		if err := tx.Where("deployment_id = ?", dep.ID).Delete(&models.DeploymentSchedule{}).Error; err != nil {
			return err
		}
		utc := "UTC"
		cron := models.NewSchedule(models.CronSchedule{Cron: "0 2 * * *", Timezone: &utc})
		return tx.Create(&models.DeploymentSchedule{DeploymentID: dep.ID, Schedule: models.NewJSON(cron)}).Error
	})
	return dep, err
}

// upsert inserts row or, when a row with the same conflict columns exists,
// updates that row's listed columns; either way RETURNING reads the stored
// row's id back into row.
func upsert(tx *gorm.DB, conflict []clause.Column, row any, update ...string) error {
	return tx.Clauses(clause.OnConflict{Columns: conflict, DoUpdates: clause.AssignmentColumns(update)}).Create(row).Error
}

// runFlow creates a flow run of dep and takes it through Scheduled, Pending,
// Running and Completed, with the task runs "extract" and "load" (Pending,
// Running, Completed) while it is running, then writes the run's logs. It
// returns the flow run's id.
func runFlow(db *gorm.DB, dep models.Deployment) (models.UUID, error) {
	var clk clock
	run := models.FlowRun{FlowID: dep.FlowID, DeploymentID: dep.ID.Ptr(), WorkQueueID: dep.WorkQueueID, WorkQueueName: dep.WorkQueueName}
	run.ID = models.NewUUID()
	run.Name = "nightly-" + run.ID.String()[:8]
	var logs []models.Log
	logf := func(logger string, taskRunID *models.UUID, msg string) {
		logs = append(logs, models.Log{Name: logger, Level: 20, FlowRunID: run.ID.Ptr(), TaskRunID: taskRunID, Message: msg, Timestamp: clk.now()})
	}

	for _, typ := range []models.StateType{models.StateScheduled, models.StatePending, models.StateRunning} {
		if err := setFlowRunState(db, &run, typ, clk.now(), nil); err != nil {
			return run.ID, err
		}
	}
	logf("prefect.flow_runs", nil, fmt.Sprintf("Beginning flow run '%s' for flow 'etl'", run.Name))
	for _, key := range []string{"extract", "load"} {
		task := models.TaskRun{FlowRunID: run.ID.Ptr(), TaskKey: key, DynamicKey: "0"}
		task.Name = key + "-0"
		for _, typ := range []models.StateType{models.StatePending, models.StateRunning, models.StateCompleted} {
			if typ == models.StateCompleted {
				time.Sleep(20 * time.Millisecond) // stand-in for the task's work
			}
			if err := setTaskRunState(db, &task, typ, clk.now()); err != nil {
				return run.ID, err
			}
		}
		logf("prefect.task_runs", task.ID.Ptr(), "Finished in state Completed()")
	}
	result := map[string]any{"rows_extracted": 3, "rows_loaded": 3}
	if err := setFlowRunState(db, &run, models.StateCompleted, clk.now(), result); err != nil {
		return run.ID, err
	}
	logf("prefect.flow_runs", nil, "Finished in state Completed()")
	// One multi-row INSERT, which GORM runs in a transaction.
	return run.ID, db.Create(&logs).Error
}

// setFlowRunState makes a new state of type typ at ts the flow run's current
// state, in one transaction: it inserts the run if it has no state yet (as
// Prefect creates a run together with its first state), the result artifact
// when there is a result, and the flow_run_state row. Inserting the state is
// the transition: prefectorm's hooks point the run at it and keep the run's
// bookkeeping (state copies, start/end time, run count, total run time).
func setFlowRunState(db *gorm.DB, run *models.FlowRun, typ models.StateType, ts models.Timestamp, result any) error {
	return db.Transaction(func(tx *gorm.DB) error {
		if run.StateID == nil {
			if err := tx.Create(run).Error; err != nil {
				return fmt.Errorf("insert flow run %s: %w", run.Name, err)
			}
		}
		state := models.FlowRunState{FlowRunID: run.ID, Type: typ, Timestamp: ts}
		if typ == models.StateScheduled {
			scheduled := models.NewISOTime(ts.Time)
			state.StateDetails.V.ScheduledTime = &scheduled
		}
		if result != nil {
			kind := "result"
			artifact := models.Artifact{Type: &kind, FlowRunID: run.ID.Ptr(), Data: models.NewPlainJSON(result)}
			if err := tx.Create(&artifact).Error; err != nil {
				return fmt.Errorf("flow run %s: insert result artifact: %w", run.Name, err)
			}
			state.ResultArtifactID = artifact.ID.Ptr()
		}
		if err := tx.Create(&state).Error; err != nil {
			return fmt.Errorf("flow run %s: insert %s state: %w", run.Name, typ, err)
		}
		return tx.Take(run, "id = ?", run.ID).Error
	})
}

// setTaskRunState is setFlowRunState for a task run (without results).
func setTaskRunState(db *gorm.DB, run *models.TaskRun, typ models.StateType, ts models.Timestamp) error {
	return db.Transaction(func(tx *gorm.DB) error {
		if run.StateID == nil {
			if err := tx.Create(run).Error; err != nil {
				return fmt.Errorf("insert task run %s: %w", run.Name, err)
			}
		}
		if err := tx.Create(&models.TaskRunState{TaskRunID: run.ID, Type: typ, Timestamp: ts}).Error; err != nil {
			return fmt.Errorf("task run %s: insert %s state: %w", run.Name, typ, err)
		}
		return tx.Take(run, "id = ?", run.ID).Error
	})
}

// clock hands out strictly increasing microsecond timestamps: a run's state
// timestamps are unique (uq_flow_run_state__flow_run_id_timestamp_desc).
type clock struct{ last models.Timestamp }

func (c *clock) now() models.Timestamp {
	t := models.Now()
	if !t.After(c.last.Time) {
		t = models.NewTimestamp(c.last.Add(time.Microsecond))
	}
	c.last = t
	return t
}

// printSummary reads the flow run and what surrounds it back from the
// database and prints them.
func printSummary(db *gorm.DB, d dialects.Dialect, runID models.UUID, out io.Writer) error {
	var counts struct{ Flows, Deployments, FlowRuns, TaskRuns int64 }
	var run models.FlowRun
	var dep models.Deployment
	var states []models.FlowRunState
	var tasks []models.TaskRun
	var logs []models.Log
	for _, err := range []error{
		db.Raw(`SELECT (SELECT count(*) FROM flow) AS flows, (SELECT count(*) FROM deployment) AS deployments,
			(SELECT count(*) FROM flow_run) AS flow_runs, (SELECT count(*) FROM task_run) AS task_runs`).Scan(&counts).Error,
		db.Preload("Flow").Preload("WorkQueue.WorkPool").First(&run, "id = ?", runID).Error,
		db.Preload("Schedules").First(&dep, "id = ?", run.DeploymentID).Error,
		db.Preload("ResultArtifact").Where("flow_run_id = ?", runID).Order("timestamp").Find(&states).Error,
		db.Where("flow_run_id = ?", runID).Order("start_time").Find(&tasks).Error,
		db.Where("flow_run_id = ?", runID).Order("timestamp").Find(&logs).Error,
	} {
		if err != nil {
			return err
		}
	}

	const layout = "2006-01-02 15:04:05.000000"
	fmt.Fprintf(out, "%s database: flows: %d  deployments: %d  flow runs: %d  task runs: %d\n",
		d.Name(), counts.Flows, counts.Deployments, counts.FlowRuns, counts.TaskRuns)
	fmt.Fprintf(out, "deployment %s/%s on %s/%s", run.Flow.Name, dep.Name, run.WorkQueue.WorkPool.Name, run.WorkQueue.Name)
	for _, s := range dep.Schedules {
		if cron, ok := s.Schedule.V.Cron(); ok {
			fmt.Fprintf(out, ", cron %q", cron.Cron)
		}
	}
	fmt.Fprintf(out, "\n\nflow run %s (%s)\n", run.Name, run.ID)
	for _, s := range states {
		fmt.Fprintf(out, "  %s  %-9s  %s", s.Timestamp.Format(layout), s.Type, s.Name)
		result, err := s.Data(db) // the inline result, or the preloaded result artifact's data
		if err != nil {
			return err
		}
		if result != nil {
			data, _ := json.Marshal(result)
			fmt.Fprintf(out, "  result %s", data)
		}
		fmt.Fprintln(out)
	}
	fmt.Fprintf(out, "  total run time %v, run count %d\n", run.TotalRunTime.Duration(), run.RunCount)
	source := map[models.UUID]string{}
	for _, t := range tasks {
		source[t.ID] = t.Name
		fmt.Fprintf(out, "  task run %-10s %-9s run time %v\n", t.Name, *t.StateName, t.TotalRunTime.Duration())
	}
	fmt.Fprintln(out, "\nlogs")
	for _, l := range logs {
		from := run.Name
		if l.TaskRunID != nil {
			from = source[*l.TaskRunID]
		}
		fmt.Fprintf(out, "  %s  %-17s %-16s %s\n", l.Timestamp.Format(layout), l.Name, from, l.Message)
	}
	return nil
}
