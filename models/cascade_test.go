package models_test

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/internal/schemadiff"
	"github.com/prefectorm/prefectorm/models"
)

// ON DELETE rules, as the schema catalogs name them.
const (
	onDeleteCascade  = "CASCADE"
	onDeleteSetNull  = "SET NULL"
	onDeleteRestrict = "RESTRICT"
	onDeleteNoAction = "NO ACTION"
)

// fkColumn is a foreign key column: table.column references ref.id.
type fkColumn struct {
	table, column, ref string
}

func (c fkColumn) String() string { return c.table + "." + c.column + " -> " + c.ref }

// fkRow is a row that references the deleted parent, directly or through a
// chain of foreign keys with the same rule: before the delete, table.column
// of the row id holds was.
type fkRow struct {
	table, column string
	id, was       models.UUID
}

// deletion is what a case's setup built: the parent to delete (a pointer to
// a model) and every row that references it.
type deletion struct {
	parent any
	rows   []fkRow
	// unblock, for RESTRICT and NO ACTION, removes the blocking reference;
	// deleting the parent must then succeed.
	unblock func() error
}

// TestOnDeleteRules deletes a parent row through GORM (db.Delete) for every
// foreign key of the schema and reads back what the database did to the
// referencing rows: CASCADE removes them (and nothing else), SET NULL keeps
// them with the column NULL, RESTRICT and NO ACTION refuse the delete and
// change nothing. The expected rules are those of Prefect's migrated
// databases (testdata/prefect-3.0-*.sql). A last subtest requires every
// foreign key in the live catalog to be covered by a case, with the same rule.
func TestOnDeleteRules(t *testing.T) {
	tests := []struct {
		name string
		rule string
		// fks are the foreign keys the case covers; setup returns at least
		// one row for each of them and no other.
		fks   []fkColumn
		setup func(t *testing.T, db dbtest.DB) deletion
	}{
		{
			name: "flow removes its flow runs, their states, task runs and task run states",
			rule: onDeleteCascade,
			fks: []fkColumn{
				{"flow_run", "flow_id", "flow"},
				{"flow_run_state", "flow_run_id", "flow_run"},
				{"task_run", "flow_run_id", "flow_run"},
				{"task_run_state", "task_run_id", "task_run"},
			},
			setup: func(t *testing.T, db dbtest.DB) deletion {
				flow := models.Flow{Name: "cascade-flow-runs"}
				mustCreate(t, db, &flow)
				run := flowRunOf(t, db, flow.ID, "cascade-flow-runs", nil)
				runState := currentFlowRunState(t, db, &run)
				task := taskRunOf(t, db, &run.ID, "cascade-flow-runs", nil)
				taskState := currentTaskRunState(t, db, &task)
				return deletion{parent: &flow, rows: []fkRow{
					{"flow_run", "flow_id", run.ID, flow.ID},
					{"flow_run_state", "flow_run_id", runState.ID, run.ID},
					{"task_run", "flow_run_id", task.ID, run.ID},
					{"task_run_state", "task_run_id", taskState.ID, task.ID},
				}}
			},
		},
		{
			name: "flow removes its deployments and their schedules",
			rule: onDeleteCascade,
			fks: []fkColumn{
				{"deployment", "flow_id", "flow"},
				{"deployment_schedule", "deployment_id", "deployment"},
			},
			setup: func(t *testing.T, db dbtest.DB) deletion {
				flow := models.Flow{Name: "cascade-flow-deployments"}
				mustCreate(t, db, &flow)
				dep := models.Deployment{Name: "cascade", FlowID: flow.ID}
				mustCreate(t, db, &dep)
				sched := models.DeploymentSchedule{DeploymentID: dep.ID,
					Schedule: models.NewJSON(models.NewSchedule(models.NewIntervalSchedule(time.Hour)))}
				mustCreate(t, db, &sched)
				return deletion{parent: &flow, rows: []fkRow{
					{"deployment", "flow_id", dep.ID, flow.ID},
					{"deployment_schedule", "deployment_id", sched.ID, dep.ID},
				}}
			},
		},
		{
			name: "deployment removes its schedules and versions",
			rule: onDeleteCascade,
			fks: []fkColumn{
				{"deployment_schedule", "deployment_id", "deployment"},
				{"deployment_version", "deployment_id", "deployment"},
			},
			setup: func(t *testing.T, db dbtest.DB) deletion {
				flow := models.Flow{Name: "cascade-deployment-schedules"}
				mustCreate(t, db, &flow)
				dep := models.Deployment{Name: "cascade", FlowID: flow.ID}
				mustCreate(t, db, &dep)
				a := models.DeploymentSchedule{DeploymentID: dep.ID,
					Schedule: models.NewJSON(models.NewSchedule(models.NewIntervalSchedule(time.Hour)))}
				b := models.DeploymentSchedule{DeploymentID: dep.ID, Active: boolPtr(false),
					Schedule: models.NewJSON(models.NewSchedule(models.NewIntervalSchedule(time.Minute)))}
				main, feature := "main", "feature"
				v1 := models.DeploymentVersion{DeploymentID: dep.ID, Branch: &main}
				v2 := models.DeploymentVersion{DeploymentID: dep.ID, Branch: &feature}
				mustCreate(t, db, &a, &b, &v1, &v2)
				return deletion{parent: &dep, rows: []fkRow{
					{"deployment_schedule", "deployment_id", a.ID, dep.ID},
					{"deployment_schedule", "deployment_id", b.ID, dep.ID},
					{"deployment_version", "deployment_id", v1.ID, dep.ID},
					{"deployment_version", "deployment_id", v2.ID, dep.ID},
				}}
			},
		},
		{
			name: "flow run removes its inputs",
			rule: onDeleteCascade,
			fks:  []fkColumn{{"flow_run_input", "flow_run_id", "flow_run"}},
			setup: func(t *testing.T, db dbtest.DB) deletion {
				run := newFlowRun(t, db, "cascade-flow-run-inputs", nil)
				input := models.FlowRunInput{FlowRunID: run.ID, Key: "approval", Value: `{"ok": true}`}
				mustCreate(t, db, &input)
				return deletion{parent: &run, rows: []fkRow{
					{"flow_run_input", "flow_run_id", input.ID, run.ID},
				}}
			},
		},
		{
			name: "task run removes its states",
			rule: onDeleteCascade,
			fks:  []fkColumn{{"task_run_state", "task_run_id", "task_run"}},
			setup: func(t *testing.T, db dbtest.DB) deletion {
				// A task run outside any flow run (flow_run_id NULL).
				task := taskRunOf(t, db, nil, "cascade-task-run-states", nil)
				old := models.TaskRunState{TaskRunID: task.ID, Type: models.StatePending, Name: "Pending",
					Timestamp: models.NewTimestamp(time.Now().Add(-time.Minute))}
				mustCreate(t, db, &old)
				current := currentTaskRunState(t, db, &task)
				return deletion{parent: &task, rows: []fkRow{
					{"task_run_state", "task_run_id", old.ID, task.ID},
					{"task_run_state", "task_run_id", current.ID, task.ID},
				}}
			},
		},
		{
			name: "work pool removes its queues, default queue included, and its workers",
			rule: onDeleteCascade,
			fks: []fkColumn{
				{"work_queue", "work_pool_id", "work_pool"},
				{"worker", "work_pool_id", "work_pool"},
			},
			setup: func(t *testing.T, db dbtest.DB) deletion {
				pool := models.WorkPool{Name: "cascade-pool", Type: "process"}
				mustCreate(t, db, &pool)
				def := models.WorkQueue{Name: "default", WorkPoolID: pool.ID}
				other := models.WorkQueue{Name: "other", WorkPoolID: pool.ID, Priority: 2}
				mustCreate(t, db, &def, &other)
				mustUpdate(t, db, &pool, "default_queue_id", def.ID)
				worker := models.Worker{Name: "worker", WorkPoolID: pool.ID}
				mustCreate(t, db, &worker)
				return deletion{parent: &pool, rows: []fkRow{
					{"work_queue", "work_pool_id", def.ID, pool.ID},
					{"work_queue", "work_pool_id", other.ID, pool.ID},
					{"worker", "work_pool_id", worker.ID, pool.ID},
				}}
			},
		},
		{
			name: "block type removes its schemas and documents",
			rule: onDeleteCascade,
			fks: []fkColumn{
				{"block_schema", "block_type_id", "block_type"},
				{"block_document", "block_type_id", "block_type"},
			},
			setup: func(t *testing.T, db dbtest.DB) deletion {
				deleted := blockType(t, db, "cascade-type")
				kept := blockType(t, db, "cascade-type-kept")
				schema := blockSchema(t, db, deleted.ID, "cascade-type")
				keptSchema := blockSchema(t, db, kept.ID, "cascade-type-kept")
				// The document's schema belongs to the other type, so only
				// block_document.block_type_id can remove it.
				doc := blockDocument(t, db, deleted.ID, keptSchema.ID, "cascade-type")
				return deletion{parent: &deleted, rows: []fkRow{
					{"block_schema", "block_type_id", schema.ID, deleted.ID},
					{"block_document", "block_type_id", doc.ID, deleted.ID},
				}}
			},
		},
		{
			name: "block schema removes its documents and the references from and to it",
			rule: onDeleteCascade,
			fks: []fkColumn{
				{"block_document", "block_schema_id", "block_schema"},
				{"block_schema_reference", "parent_block_schema_id", "block_schema"},
				{"block_schema_reference", "reference_block_schema_id", "block_schema"},
			},
			setup: func(t *testing.T, db dbtest.DB) deletion {
				typ := blockType(t, db, "cascade-schema")
				deleted := blockSchema(t, db, typ.ID, "cascade-schema")
				nested := blockSchema(t, db, typ.ID, "cascade-schema-nested")
				outer := blockSchema(t, db, typ.ID, "cascade-schema-outer")
				doc := blockDocument(t, db, typ.ID, deleted.ID, "cascade-schema")
				toNested := models.BlockSchemaReference{Name: "nested", ParentBlockSchemaID: deleted.ID, ReferenceBlockSchemaID: nested.ID}
				fromOuter := models.BlockSchemaReference{Name: "inner", ParentBlockSchemaID: outer.ID, ReferenceBlockSchemaID: deleted.ID}
				mustCreate(t, db, &toNested, &fromOuter)
				return deletion{parent: &deleted, rows: []fkRow{
					{"block_document", "block_schema_id", doc.ID, deleted.ID},
					{"block_schema_reference", "parent_block_schema_id", toNested.ID, deleted.ID},
					{"block_schema_reference", "reference_block_schema_id", fromOuter.ID, deleted.ID},
				}}
			},
		},
		{
			name: "block document removes the flow runs and deployments using it and the references from and to it",
			rule: onDeleteCascade,
			fks: []fkColumn{
				{"flow_run", "infrastructure_document_id", "block_document"},
				{"deployment", "infrastructure_document_id", "block_document"},
				{"deployment", "storage_document_id", "block_document"},
				{"block_document_reference", "parent_block_document_id", "block_document"},
				{"block_document_reference", "reference_block_document_id", "block_document"},
			},
			setup: func(t *testing.T, db dbtest.DB) deletion {
				typ := blockType(t, db, "cascade-document")
				schema := blockSchema(t, db, typ.ID, "cascade-document")
				deleted := blockDocument(t, db, typ.ID, schema.ID, "deleted")
				other := blockDocument(t, db, typ.ID, schema.ID, "other")
				flow := models.Flow{Name: "cascade-block-document"}
				mustCreate(t, db, &flow)
				run := flowRunOf(t, db, flow.ID, "cascade-block-document", func(r *models.FlowRun) {
					r.InfrastructureDocumentID = &deleted.ID
				})
				infra := models.Deployment{Name: "infra", FlowID: flow.ID, InfrastructureDocumentID: &deleted.ID}
				storage := models.Deployment{Name: "storage", FlowID: flow.ID, StorageDocumentID: &deleted.ID}
				toOther := models.BlockDocumentReference{Name: "nested", ParentBlockDocumentID: deleted.ID, ReferenceBlockDocumentID: other.ID}
				fromOther := models.BlockDocumentReference{Name: "inner", ParentBlockDocumentID: other.ID, ReferenceBlockDocumentID: deleted.ID}
				mustCreate(t, db, &infra, &storage, &toOther, &fromOther)
				return deletion{parent: &deleted, rows: []fkRow{
					{"flow_run", "infrastructure_document_id", run.ID, deleted.ID},
					{"deployment", "infrastructure_document_id", infra.ID, deleted.ID},
					{"deployment", "storage_document_id", storage.ID, deleted.ID},
					{"block_document_reference", "parent_block_document_id", toOther.ID, deleted.ID},
					{"block_document_reference", "reference_block_document_id", fromOther.ID, deleted.ID},
				}}
			},
		},
		{
			name: "automation removes its buckets, related resources and child trigger firings",
			rule: onDeleteCascade,
			fks: []fkColumn{
				{"automation_bucket", "automation_id", "automation"},
				{"automation_related_resource", "automation_id", "automation"},
				{"composite_trigger_child_firing", "automation_id", "automation"},
			},
			setup: func(t *testing.T, db dbtest.DB) deletion {
				trigger := models.NewEventTrigger(models.PostureReactive)
				auto := models.Automation{Name: "cascade-automation",
					Trigger: models.NewJSON(models.NewServerTrigger(trigger)), Actions: models.NewJSON([]models.Action{})}
				mustCreate(t, db, &auto)
				now := models.Now()
				bucket := models.AutomationBucket{AutomationID: auto.ID, TriggerID: trigger.ID,
					BucketingKey: models.NewJSON([]string{}), Start: now, End: models.NewTimestamp(now.Add(time.Minute))}
				resource := "prefect.deployment." + models.NewUUID().String()
				related := models.AutomationRelatedResource{AutomationID: auto.ID, ResourceID: &resource}
				firing := models.CompositeTriggerChildFiring{AutomationID: auto.ID, ParentTriggerID: models.NewUUID(),
					ChildTriggerID: trigger.ID, ChildFiringID: models.NewUUID(),
					ChildFiring: models.NewJSON(models.Firing{ID: models.NewUUID(), Trigger: models.NewServerTrigger(trigger),
						TriggerStates: []models.TriggerState{models.TriggerStateTriggered}, Triggered: models.NewISOTime(now.Time)})}
				mustCreate(t, db, &bucket, &related, &firing)
				return deletion{parent: &auto, rows: []fkRow{
					{"automation_bucket", "automation_id", bucket.ID, auto.ID},
					{"automation_related_resource", "automation_id", related.ID, auto.ID},
					{"composite_trigger_child_firing", "automation_id", firing.ID, auto.ID},
				}}
			},
		},
		{
			name: "work queue unsets deployment, deployment version and flow run work_queue_id",
			rule: onDeleteSetNull,
			fks: []fkColumn{
				{"deployment", "work_queue_id", "work_queue"},
				{"deployment_version", "work_queue_id", "work_queue"},
				{"flow_run", "work_queue_id", "work_queue"},
			},
			setup: func(t *testing.T, db dbtest.DB) deletion {
				queue := workQueue(t, db, "set-null-queue")
				flow := models.Flow{Name: "set-null-queue"}
				mustCreate(t, db, &flow)
				dep := models.Deployment{Name: "queued", FlowID: flow.ID, WorkQueueID: &queue.ID}
				mustCreate(t, db, &dep)
				version := models.DeploymentVersion{DeploymentID: dep.ID, WorkQueueID: &queue.ID}
				mustCreate(t, db, &version)
				run := flowRunOf(t, db, flow.ID, "set-null-queue", func(r *models.FlowRun) { r.WorkQueueID = &queue.ID })
				return deletion{parent: &queue, rows: []fkRow{
					{"deployment", "work_queue_id", dep.ID, queue.ID},
					{"deployment_version", "work_queue_id", version.ID, queue.ID},
					{"flow_run", "work_queue_id", run.ID, queue.ID},
				}}
			},
		},
		{
			name: "flow run state unsets flow_run.state_id",
			rule: onDeleteSetNull,
			fks:  []fkColumn{{"flow_run", "state_id", "flow_run_state"}},
			setup: func(t *testing.T, db dbtest.DB) deletion {
				run := newFlowRun(t, db, "set-null-flow-run-state", nil)
				state := currentFlowRunState(t, db, &run)
				return deletion{parent: &state, rows: []fkRow{
					{"flow_run", "state_id", run.ID, state.ID},
				}}
			},
		},
		{
			name: "global concurrency limit unsets deployment.concurrency_limit_id",
			rule: onDeleteSetNull,
			fks:  []fkColumn{{"deployment", "concurrency_limit_id", "concurrency_limit_v2"}},
			setup: func(t *testing.T, db dbtest.DB) deletion {
				limit := models.NewConcurrencyLimitV2("set-null-limit", 2)
				mustCreate(t, db, &limit)
				flow := models.Flow{Name: "set-null-limit"}
				mustCreate(t, db, &flow)
				dep := models.Deployment{Name: "limited", FlowID: flow.ID, ConcurrencyLimitID: &limit.ID}
				mustCreate(t, db, &dep)
				return deletion{parent: &limit, rows: []fkRow{
					{"deployment", "concurrency_limit_id", dep.ID, limit.ID},
				}}
			},
		},
		{
			name: "artifact unsets the result_artifact_id of flow run and task run states",
			rule: onDeleteSetNull,
			fks: []fkColumn{
				{"flow_run_state", "result_artifact_id", "artifact"},
				{"task_run_state", "result_artifact_id", "artifact"},
			},
			setup: func(t *testing.T, db dbtest.DB) deletion {
				key := "set-null-result"
				artifact := models.Artifact{Key: &key}
				mustCreate(t, db, &artifact)
				run := newFlowRun(t, db, "set-null-artifact", nil)
				runState := models.FlowRunState{FlowRunID: run.ID, Type: models.StateCompleted, Name: "Completed", ResultArtifactID: &artifact.ID}
				task := taskRunOf(t, db, &run.ID, "set-null-artifact", nil)
				taskState := models.TaskRunState{TaskRunID: task.ID, Type: models.StateCompleted, Name: "Completed", ResultArtifactID: &artifact.ID}
				mustCreate(t, db, &runState, &taskState)
				return deletion{parent: &artifact, rows: []fkRow{
					{"flow_run_state", "result_artifact_id", runState.ID, artifact.ID},
					{"task_run_state", "result_artifact_id", taskState.ID, artifact.ID},
				}}
			},
		},
		{
			name: "task run unsets the parent_task_run_id of its subflow runs",
			rule: onDeleteSetNull,
			fks:  []fkColumn{{"flow_run", "parent_task_run_id", "task_run"}},
			setup: func(t *testing.T, db dbtest.DB) deletion {
				parent := newFlowRun(t, db, "set-null-parent", nil)
				task := taskRunOf(t, db, &parent.ID, "set-null-parent", nil)
				sub := newFlowRun(t, db, "set-null-subflow", func(r *models.FlowRun) { r.ParentTaskRunID = &task.ID })
				return deletion{parent: &task, rows: []fkRow{
					{"flow_run", "parent_task_run_id", sub.ID, task.ID},
				}}
			},
		},
		{
			name: "work queue that is its pool's default queue cannot be deleted",
			rule: onDeleteRestrict,
			fks:  []fkColumn{{"work_pool", "default_queue_id", "work_queue"}},
			setup: func(t *testing.T, db dbtest.DB) deletion {
				queue := workQueue(t, db, "restrict-default-queue")
				pool := models.WorkPool{Base: models.Base{ID: queue.WorkPoolID}}
				mustUpdate(t, db, &pool, "default_queue_id", queue.ID)
				return deletion{parent: &queue, rows: []fkRow{
					{"work_pool", "default_queue_id", pool.ID, queue.ID},
				}, unblock: func() error {
					return db.Model(&pool).Update("default_queue_id", nil).Error
				}}
			},
		},
		{
			name: "work queue with an agent cannot be deleted",
			rule: onDeleteNoAction,
			fks:  []fkColumn{{"agent", "work_queue_id", "work_queue"}},
			setup: func(t *testing.T, db dbtest.DB) deletion {
				queue := workQueue(t, db, "no-action-agent")
				agent := models.Agent{Name: "no-action-agent", WorkQueueID: queue.ID}
				mustCreate(t, db, &agent)
				return deletion{parent: &queue, rows: []fkRow{
					{"agent", "work_queue_id", agent.ID, queue.ID},
				}, unblock: func() error {
					return db.Delete(&agent).Error
				}}
			},
		},
	}

	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				d := tt.setup(t, db)
				checkCoverage(t, tt.fks, d.rows)
				for _, r := range d.rows {
					if got := raw(t, db, r.table, r.column, r.id); got != r.was.String() {
						t.Fatalf("setup: %s.%s of %s is %s, want %s", r.table, r.column, r.id, got, r.was)
					}
				}
				parentTable, parentID := identify(t, d.parent)
				before := rowCounts(t, db)

				res := db.Delete(d.parent)
				switch tt.rule {
				case onDeleteCascade, onDeleteSetNull:
					if res.Error != nil {
						t.Fatalf("delete %s: %v", parentTable, res.Error)
					}
					if res.RowsAffected != 1 || rowExists(t, db, parentTable, parentID) {
						t.Fatalf("delete %s: %d rows affected, parent still there: %v", parentTable, res.RowsAffected, rowExists(t, db, parentTable, parentID))
					}
					// Exactly the parent and (CASCADE) the listed rows are gone.
					want := map[string]int64{parentTable: 1}
					for _, r := range d.rows {
						if tt.rule == onDeleteCascade {
							want[r.table]++
							if rowExists(t, db, r.table, r.id) {
								t.Errorf("%s row %s (%s was %s) still exists, want it deleted", r.table, r.id, r.column, r.was)
							}
							continue
						}
						if !rowExists(t, db, r.table, r.id) {
							t.Errorf("%s row %s (%s was %s) was deleted, want it kept", r.table, r.id, r.column, r.was)
						} else if got := raw(t, db, r.table, r.column, r.id); got != "<NULL>" {
							t.Errorf("%s.%s of %s is %s, want NULL", r.table, r.column, r.id, got)
						}
					}
					checkRemoved(t, before, rowCounts(t, db), want)

				case onDeleteRestrict, onDeleteNoAction:
					if res.Error == nil {
						t.Errorf("delete %s succeeded (%d rows), want a foreign key error", parentTable, res.RowsAffected)
					} else if !strings.Contains(strings.ToLower(res.Error.Error()), "foreign key") {
						t.Errorf("delete %s failed with %v, want a foreign key error", parentTable, res.Error)
					}
					if !rowExists(t, db, parentTable, parentID) {
						t.Errorf("%s row %s was deleted", parentTable, parentID)
					}
					for _, r := range d.rows {
						if !rowExists(t, db, r.table, r.id) {
							t.Errorf("%s row %s (%s was %s) was deleted", r.table, r.id, r.column, r.was)
						} else if got := raw(t, db, r.table, r.column, r.id); got != r.was.String() {
							t.Errorf("%s.%s of %s is %s after the failed delete, want %s unchanged", r.table, r.column, r.id, got, r.was)
						}
					}
					checkRemoved(t, before, rowCounts(t, db), nil)
					// The rows are the only obstacle: once unblocked, the
					// same delete succeeds.
					if err := d.unblock(); err != nil {
						t.Fatalf("unblock: %v", err)
					}
					if err := db.Delete(d.parent).Error; err != nil || rowExists(t, db, parentTable, parentID) {
						t.Errorf("delete %s after unblocking: err %v, still there %v", parentTable, err, rowExists(t, db, parentTable, parentID))
					}

				default:
					t.Fatalf("unknown rule %q", tt.rule)
				}
			})
		}

		t.Run("every foreign key of the catalog is covered", func(t *testing.T) {
			covered := map[fkColumn]string{}
			for _, tt := range tests {
				for _, fk := range tt.fks {
					if rule, ok := covered[fk]; ok && rule != tt.rule {
						t.Errorf("%s covered as %s and as %s", fk, rule, tt.rule)
					}
					covered[fk] = tt.rule
				}
			}
			sqlDB, err := db.DB.DB()
			if err != nil {
				t.Fatal(err)
			}
			s, err := schemadiff.Inspect(context.Background(), sqlDB, db.Dialect.Name())
			if err != nil {
				t.Fatal(err)
			}
			live := map[fkColumn]string{}
			for _, table := range s.Tables {
				for key, fk := range table.ForeignKeys {
					if len(fk.Columns) != 1 || !slices.Equal(fk.RefColumns, []string{"id"}) {
						t.Errorf("%s.%s: foreign key %v -> %s%v is not a single column referencing id", table.Name, key, fk.Columns, fk.RefTable, fk.RefColumns)
						continue
					}
					live[fkColumn{table.Name, fk.Columns[0], fk.RefTable}] = fk.OnDelete
				}
			}
			for fk, rule := range live {
				if want, ok := covered[fk]; !ok {
					t.Errorf("foreign key %s (ON DELETE %s) is covered by no case", fk, rule)
				} else if rule != want {
					t.Errorf("foreign key %s is ON DELETE %s in the catalog, the cases expect %s", fk, rule, want)
				}
			}
			for fk := range covered {
				if _, ok := live[fk]; !ok {
					t.Errorf("a case covers %s, which is not a foreign key of the catalog", fk)
				}
			}
			t.Logf("%d foreign keys in the catalog, %d covered", len(live), len(covered))
		})
	})
}

// TestTaskRunStateIDHasNoForeignKey: since Prefect 3.4.7 task_run.state_id
// has no foreign key (its index stays). Deleting the current state leaves
// the column as it was, and a task run may point at a state that does not
// exist, with foreign keys enforced.
func TestTaskRunStateIDHasNoForeignKey(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		task := taskRunOf(t, db, nil, "no-fk-task-run-state", nil)
		state := currentTaskRunState(t, db, &task)
		if err := db.Delete(&state).Error; err != nil {
			t.Fatalf("delete the current task run state: %v", err)
		}
		if got := raw(t, db, "task_run", "state_id", task.ID); got != state.ID.String() {
			t.Errorf("task_run.state_id after deleting its state: %s, want %s kept", got, state.ID)
		}
		missing := models.NewUUID()
		other := taskRunOf(t, db, nil, "no-fk-dangling", func(r *models.TaskRun) { r.StateID = &missing })
		if got := raw(t, db, "task_run", "state_id", other.ID); got != missing.String() {
			t.Errorf("task_run.state_id = %s, want the dangling %s", got, missing)
		}
	})
}

// checkCoverage requires rows to hold at least one row for each fk and none
// for another column.
func checkCoverage(t *testing.T, fks []fkColumn, rows []fkRow) {
	t.Helper()
	seen := map[[2]string]bool{}
	for _, r := range rows {
		seen[[2]string{r.table, r.column}] = true
	}
	for _, fk := range fks {
		if !seen[[2]string{fk.table, fk.column}] {
			t.Errorf("setup returns no %s.%s row for %s", fk.table, fk.column, fk)
		}
		delete(seen, [2]string{fk.table, fk.column})
	}
	for col := range seen {
		t.Errorf("setup returns a %s.%s row, which the case does not list", col[0], col[1])
	}
}

// checkRemoved requires each table's row count to have dropped by want[table]
// (0 when absent) between before and after.
func checkRemoved(t *testing.T, before, after, want map[string]int64) {
	t.Helper()
	for table, n := range before {
		if got := n - after[table]; got != want[table] {
			t.Errorf("%s: %d rows removed, want %d", table, got, want[table])
		}
	}
}

// rowCounts counts the rows of every table.
func rowCounts(t *testing.T, db dbtest.DB) map[string]int64 {
	t.Helper()
	counts := map[string]int64{}
	for _, m := range models.All() {
		table := m.(interface{ TableName() string }).TableName()
		var n int64
		if err := db.Table(table).Count(&n).Error; err != nil {
			t.Fatalf("count %s: %v", table, err)
		}
		counts[table] = n
	}
	return counts
}

// rowExists reports whether table has a row with the id.
func rowExists(t *testing.T, db dbtest.DB, table string, id models.UUID) bool {
	t.Helper()
	var n int64
	if err := db.Table(table).Where("id = ?", id).Count(&n).Error; err != nil {
		t.Fatalf("read %s %s: %v", table, id, err)
	}
	return n > 0
}

// identify returns the table and id of a pointer to a model.
func identify(t *testing.T, model any) (string, models.UUID) {
	t.Helper()
	named, ok := model.(interface{ TableName() string })
	if !ok {
		t.Fatalf("%T is not a model", model)
	}
	return named.TableName(), reflect.ValueOf(model).Elem().FieldByName("ID").Interface().(models.UUID)
}

func mustCreate(t *testing.T, db dbtest.DB, rows ...any) {
	t.Helper()
	for _, row := range rows {
		if err := db.Create(row).Error; err != nil {
			t.Fatalf("create %T: %v", row, err)
		}
	}
}

func mustUpdate(t *testing.T, db dbtest.DB, model any, column string, value any) {
	t.Helper()
	if err := db.Model(model).Update(column, value).Error; err != nil {
		t.Fatalf("update %T.%s: %v", model, column, err)
	}
}

func flowRunOf(t *testing.T, db dbtest.DB, flowID models.UUID, name string, edit func(*models.FlowRun)) models.FlowRun {
	t.Helper()
	run := models.FlowRun{FlowID: flowID}
	run.Name = name
	if edit != nil {
		edit(&run)
	}
	mustCreate(t, db, &run)
	return run
}

func taskRunOf(t *testing.T, db dbtest.DB, flowRunID *models.UUID, name string, edit func(*models.TaskRun)) models.TaskRun {
	t.Helper()
	task := models.TaskRun{FlowRunID: flowRunID, TaskKey: name, DynamicKey: "0"}
	task.Name = name + "-0"
	if edit != nil {
		edit(&task)
	}
	mustCreate(t, db, &task)
	return task
}

// currentFlowRunState adds a RUNNING state to run and points run.state_id at
// it.
func currentFlowRunState(t *testing.T, db dbtest.DB, run *models.FlowRun) models.FlowRunState {
	t.Helper()
	state := models.FlowRunState{FlowRunID: run.ID, Type: models.StateRunning, Name: "Running"}
	mustCreate(t, db, &state)
	mustUpdate(t, db, run, "state_id", state.ID)
	return state
}

// currentTaskRunState adds a COMPLETED state to task and points
// task.state_id at it.
func currentTaskRunState(t *testing.T, db dbtest.DB, task *models.TaskRun) models.TaskRunState {
	t.Helper()
	state := models.TaskRunState{TaskRunID: task.ID, Type: models.StateCompleted, Name: "Completed"}
	mustCreate(t, db, &state)
	mustUpdate(t, db, task, "state_id", state.ID)
	return state
}

// workQueue creates a work pool named name (no default queue) with one queue.
func workQueue(t *testing.T, db dbtest.DB, name string) models.WorkQueue {
	t.Helper()
	pool := models.WorkPool{Name: name, Type: "process"}
	mustCreate(t, db, &pool)
	queue := models.WorkQueue{Name: name, WorkPoolID: pool.ID}
	mustCreate(t, db, &queue)
	return queue
}

func blockType(t *testing.T, db dbtest.DB, slug string) models.BlockType {
	t.Helper()
	typ := models.BlockType{Name: slug, Slug: slug}
	mustCreate(t, db, &typ)
	return typ
}

func blockSchema(t *testing.T, db dbtest.DB, typeID models.UUID, checksum string) models.BlockSchema {
	t.Helper()
	schema := models.BlockSchema{Checksum: "sha256:" + checksum, BlockTypeID: typeID}
	mustCreate(t, db, &schema)
	return schema
}

func blockDocument(t *testing.T, db dbtest.DB, typeID, schemaID models.UUID, name string) models.BlockDocument {
	t.Helper()
	doc := models.BlockDocument{Name: name, BlockTypeID: typeID, BlockSchemaID: schemaID}
	mustCreate(t, db, &doc)
	return doc
}
