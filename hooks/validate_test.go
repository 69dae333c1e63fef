package hooks_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/models"
)

func ptr[T any](v T) *T { return &v }

func reactive(expect ...string) *models.EventTrigger {
	t := models.NewEventTrigger(models.PostureReactive)
	t.Expect = expect
	return t
}

func proactive(within time.Duration) *models.EventTrigger {
	t := models.NewEventTrigger(models.PostureProactive)
	t.Within = models.Seconds(within)
	return t
}

// automation returns a valid automation with the trigger and actions.
func automation(name string, trigger models.Trigger, actions ...models.Action) *models.Automation {
	if actions == nil {
		actions = []models.Action{{Type: models.ActionDoNothing}}
	}
	return &models.Automation{Name: name, Trigger: models.NewJSON(models.NewServerTrigger(trigger)), Actions: models.NewJSON(actions)}
}

func runDeployment(source models.ActionSource, id *models.UUID) models.Action {
	return models.Action{Type: models.ActionRunDeployment, Source: source, DeploymentID: id}
}

func receivedEvent(resource map[string]string, related ...map[string]string) models.ReceivedEvent {
	ts := models.NewISOTime(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	return models.ReceivedEvent{Occurred: ts, Event: "prefect.flow-run.Completed", Resource: resource, Related: related, ID: models.NewUUID(), Received: ts}
}

var flowRunResource = map[string]string{"prefect.resource.id": "prefect.flow-run." + "0b6a6a8e-6f2c-4c3e-9d7a-3f1e2a4b5c6d"}

func count(t *testing.T, db *gorm.DB, table string) int64 {
	t.Helper()
	var n int64
	if err := db.Table(table).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// columnText reads a column of one row as text.
func columnText(t *testing.T, db dbtest.DB, table, column string, id models.UUID) string {
	t.Helper()
	var s string
	q := `SELECT CAST("` + column + `" AS TEXT) FROM ` + table + ` WHERE id = ?`
	if err := db.Raw(q, id).Row().Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

// fixtures are the rows the writes refer to.
type fixtures struct {
	auto       *models.Automation // a stored valid automation
	deployment models.UUID
}

func setup(t *testing.T, db dbtest.DB) fixtures {
	t.Helper()
	flow := models.Flow{Name: "validate-flow"}
	if err := db.Create(&flow).Error; err != nil {
		t.Fatal(err)
	}
	dep := models.Deployment{Name: "validate-deployment", FlowID: flow.ID}
	if err := db.Create(&dep).Error; err != nil {
		t.Fatal(err)
	}
	auto := automation("stored", reactive("prefect.flow-run.Completed"))
	if err := db.Create(auto).Error; err != nil {
		t.Fatal(err)
	}
	return fixtures{auto: auto, deployment: dep.ID}
}

func TestValidateRefusesDocumentsPrefectRefuses(t *testing.T) {
	id := models.NewUUID()
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		fx := setup(t, db)
		tests := []struct {
			name   string
			table  string // rows counted before and after
			column string // update cases: the stored automation's column, unchanged
			write  func(db *gorm.DB) error
			want   string // table.column
			field  string
			reason string
		}{
			{"create: run-deployment selected without id", "automation", "", func(db *gorm.DB) error {
				return db.Create(automation("a", reactive(), runDeployment(models.SourceSelected, nil))).Error
			}, "automation.actions", "[0].deployment_id", "deployment_id is required"},
			{"create: pause-work-pool with zero source and no id", "automation", "", func(db *gorm.DB) error {
				return db.Create(automation("a", reactive(), models.Action{Type: models.ActionPauseWorkPool})).Error
			}, "automation.actions", "[0].work_pool_id", "work_pool_id is required"},
			{"create: inferred with an id", "automation", "", func(db *gorm.DB) error {
				a := automation("a", reactive())
				a.ActionsOnResolve = models.NewJSON([]models.Action{{Type: models.ActionResumeAutomation, Source: models.SourceInferred, AutomationID: &id}})
				return db.Create(a).Error
			}, "automation.actions_on_resolve", "[0].automation_id", "not allowed"},
			{"create: change-flow-run-state without state", "automation", "", func(db *gorm.DB) error {
				a := automation("a", reactive())
				a.ActionsOnTrigger = models.NewJSON([]models.Action{{Type: models.ActionChangeFlowRunState}})
				return db.Create(a).Error
			}, "automation.actions_on_trigger", "[0].state", "field required"},
			{"create: empty posture", "automation", "", func(db *gorm.DB) error {
				return db.Create(automation("a", &models.EventTrigger{ID: id})).Error
			}, "automation.trigger", "posture", "field required"},
			{"create: proactive within 5 s", "automation", "", func(db *gorm.DB) error {
				return db.Create(automation("a", proactive(5*time.Second))).Error
			}, "automation.trigger", "within", "10 seconds"},
			{"create: proactive within negative", "automation", "", func(db *gorm.DB) error {
				return db.Create(automation("a", proactive(-time.Second))).Error
			}, "automation.trigger", "within", "10 seconds"},
			{"create: match label a number", "automation", "", func(db *gorm.DB) error {
				tr := reactive()
				tr.Match = models.ResourceSpecification{"prefect.resource.id": 3}
				return db.Create(automation("a", tr)).Error
			}, "automation.trigger", `match["prefect.resource.id"]`, "a string or a list of strings"},
			{"create: compound with empty require", "automation", "", func(db *gorm.DB) error {
				return db.Create(automation("a", &models.CompoundTrigger{ID: id, Triggers: []models.ServerTriggerTypes{models.NewServerTrigger(reactive())}})).Error
			}, "automation.trigger", "require", "field required"},
			{"create: compound require above triggers", "automation", "", func(db *gorm.DB) error {
				return db.Create(automation("a", &models.CompoundTrigger{ID: id, Require: models.RequireCount(2),
					Triggers: []models.ServerTriggerTypes{models.NewServerTrigger(reactive())}})).Error
			}, "automation.trigger", "require", "less than or equal to the number of triggers"},
			{"create: nested sequence child", "automation", "", func(db *gorm.DB) error {
				return db.Create(automation("a", &models.SequenceTrigger{ID: id,
					Triggers: []models.ServerTriggerTypes{models.NewServerTrigger(reactive()), models.NewServerTrigger(proactive(time.Second))}})).Error
			}, "automation.trigger", "triggers[1].within", "10 seconds"},
			{"create: loop rule, inferred deployment", "automation", "", func(db *gorm.DB) error {
				return db.Create(automation("a", reactive("prefect.flow-run.Running"), runDeployment(models.SourceInferred, nil))).Error
			}, "automation.actions", "[0].source", "infinite loop"},
			{"create: loop rule, selected deployment, every flow run", "automation", "", func(db *gorm.DB) error {
				tr := reactive("prefect.flow-run.*")
				tr.Match = models.ResourceSpecification{"prefect.resource.id": "prefect.flow-run.*"}
				return db.Create(automation("a", tr, runDeployment(models.SourceSelected, &fx.deployment))).Error
			}, "automation.actions", "[0].source", "infinite loop"},
			{"create batch: one bad row", "automation", "", func(db *gorm.DB) error {
				return db.Create([]*models.Automation{automation("ok", reactive()), automation("bad", proactive(3*time.Second))}).Error
			}, "automation.trigger", "within", "10 seconds"},
			{"create map: JSON value", "automation", "", func(db *gorm.DB) error {
				return db.Model(&models.Automation{}).Create(map[string]any{"id": models.NewUUID(), "created": models.Now(), "updated": models.Now(),
					"name": "m", "description": "", "trigger": models.NewJSON(models.NewServerTrigger(&models.EventTrigger{ID: id})), "actions": models.NewJSON([]models.Action{})}).Error
			}, "automation.trigger", "posture", "field required"},
			{"create map: JSON text under the field name", "automation", "", func(db *gorm.DB) error {
				return db.Model(&models.Automation{}).Create(map[string]any{"id": models.NewUUID(), "created": models.Now(), "updated": models.Now(),
					"Name": "m", "Description": "", "Trigger": `{"type": "event", "posture": "Reactive"}`, "Actions": `[{"type": "pause-deployment"}]`}).Error
			}, "automation.actions", "[0].deployment_id", "required"},
			{"create map through Table without a model", "automation", "", func(db *gorm.DB) error {
				return db.Table("automation").Create(map[string]any{"id": models.NewUUID(), "created": models.Now(), "updated": models.Now(),
					"name": "m", "description": "", "trigger": `{"type": "event", "posture": "Reactive", "within": -3}`, "actions": "[]"}).Error
			}, "automation.trigger", "within", "greater than or equal to 0"},
			{"create: firing without trigger states", "composite_trigger_child_firing", "", func(db *gorm.DB) error {
				return db.Create(&models.CompositeTriggerChildFiring{AutomationID: fx.auto.ID, ParentTriggerID: id, ChildTriggerID: id, ChildFiringID: id,
					ChildFiring: models.NewJSON(models.Firing{ID: id, Trigger: models.NewServerTrigger(reactive())})}).Error
			}, "composite_trigger_child_firing.child_firing", "trigger_states", "At least one trigger state"},
			{"create: follower without resource id", "automation_event_follower", "", func(db *gorm.DB) error {
				return db.Create(&models.AutomationEventFollower{LeaderEventID: id, FollowerEventID: id, Received: models.Now(),
					Follower: models.NewJSON(receivedEvent(map[string]string{"prefect.resource.name": "x"}))}).Error
			}, "automation_event_follower.follower", "resource", "prefect.resource.id"},
			{"create: follower related without role", "automation_event_follower", "", func(db *gorm.DB) error {
				return db.Create(&models.AutomationEventFollower{LeaderEventID: id, FollowerEventID: id, Received: models.Now(),
					Follower: models.NewJSON(receivedEvent(flowRunResource, map[string]string{"prefect.resource.id": "prefect.flow.x"}))}).Error
			}, "automation_event_follower.follower", "related[0]", "prefect.resource.role"},
			{"create: bucket last event with empty id", "automation_bucket", "", func(db *gorm.DB) error {
				ev := receivedEvent(map[string]string{"prefect.resource.id": ""})
				return db.Create(&models.AutomationBucket{AutomationID: fx.auto.ID, TriggerID: id, BucketingKey: models.NewJSON([]string{}),
					Start: models.Now(), End: models.Now(), LastEvent: models.NewJSON(&ev)}).Error
			}, "automation_bucket.last_event", `resource["prefect.resource.id"]`, "non-empty"},
			{"create: event row without resource id", "events", "", func(db *gorm.DB) error {
				return db.Create(&models.Event{Occurred: models.Now(), Event: "e", ResourceID: "", Resource: models.NewJSON(map[string]string{}),
					Payload: models.NewJSON(map[string]any{}), Received: models.Now(), Recorded: models.Now()}).Error
			}, "events.resource", "", "prefect.resource.id"},
			{"create: event row related without role", "events", "", func(db *gorm.DB) error {
				return db.Create(&models.Event{Occurred: models.Now(), Event: "e", ResourceID: "r", Resource: models.NewJSON(map[string]string{"prefect.resource.id": "r"}),
					Related: models.NewJSON([]map[string]string{{"prefect.resource.id": "x"}}), Payload: models.NewJSON(map[string]any{}), Received: models.Now(), Recorded: models.Now()}).Error
			}, "events.related", "[0]", "prefect.resource.role"},
			{"create: invalid cron", "deployment_schedule", "", func(db *gorm.DB) error {
				return db.Create(&models.DeploymentSchedule{DeploymentID: fx.deployment, Schedule: models.NewJSON(models.NewSchedule(models.CronSchedule{Cron: "0 25 * * *"}))}).Error
			}, "deployment_schedule.schedule", "cron", "Invalid cron string"},
			{"create: hashed cron", "deployment_schedule", "", func(db *gorm.DB) error {
				return db.Create(&models.DeploymentSchedule{DeploymentID: fx.deployment, Schedule: models.NewJSON(models.NewSchedule(models.CronSchedule{Cron: "H 0 * * *"}))}).Error
			}, "deployment_schedule.schedule", "cron", "Hashed"},
			{"create: invalid rrule", "deployment_schedule", "", func(db *gorm.DB) error {
				return db.Create(&models.DeploymentSchedule{DeploymentID: fx.deployment, Schedule: models.NewJSON(models.NewSchedule(models.RRuleSchedule{RRule: "FREQ=FORTNIGHTLY"}))}).Error
			}, "deployment_schedule.schedule", "rrule", "Invalid RRule string"},
			{"create: invalid timezone", "deployment_schedule", "", func(db *gorm.DB) error {
				return db.Create(&models.DeploymentSchedule{DeploymentID: fx.deployment, Schedule: models.NewJSON(models.NewSchedule(models.CronSchedule{Cron: "0 0 * * *", Timezone: ptr("America/Atlantis")}))}).Error
			}, "deployment_schedule.schedule", "timezone", "Invalid timezone"},
			{"create: 51 retry delays", "task_run", "", func(db *gorm.DB) error {
				return db.Create(&models.TaskRun{TaskKey: "k", DynamicKey: "0", EmpiricalPolicy: models.NewJSON(models.TaskRunPolicy{RetryDelay: models.RetryDelayList(make([]int, 51)...)})}).Error
			}, "task_run.empirical_policy", "retry_delay", "50 retry delays"},
			{"create map: negative jitter as JSON text", "task_run", "", func(db *gorm.DB) error {
				return db.Model(&models.TaskRun{}).Create(map[string]any{"id": models.NewUUID(), "created": models.Now(), "updated": models.Now(),
					"task_key": "k", "dynamic_key": "0", "empirical_policy": `{"retry_jitter_factor": -1.0}`}).Error
			}, "task_run.empirical_policy", "retry_jitter_factor", ">= 0"},

			{"Update: trigger", "automation", "trigger", func(db *gorm.DB) error {
				return db.Model(fx.auto).Update("trigger", models.NewJSON(models.NewServerTrigger(proactive(time.Second)))).Error
			}, "automation.trigger", "within", "10 seconds"},
			{"Update: field name and JSON text", "automation", "trigger", func(db *gorm.DB) error {
				return db.Model(fx.auto).Update("Trigger", `{"type": "compound", "triggers": [], "within": null, "require": 1}`).Error
			}, "automation.trigger", "require", "less than or equal"},
			{"Update: text that is not a document", "automation", "actions", func(db *gorm.DB) error {
				return db.Model(fx.auto).Update("actions", `{"type": "do-nothing"}`).Error
			}, "automation.actions", "", "not a valid document"},
			{"Updates: map", "automation", "actions", func(db *gorm.DB) error {
				return db.Model(fx.auto).Updates(map[string]any{"actions": models.NewJSON([]models.Action{{Type: models.ActionPauseWorkQueue, Source: models.SourceInferred, WorkQueueID: &id}})}).Error
			}, "automation.actions", "[0].work_queue_id", "not allowed"},
			{"Updates: map makes a loop", "automation", "actions", func(db *gorm.DB) error {
				return db.Model(fx.auto).Updates(map[string]any{"trigger": models.NewJSON(models.NewServerTrigger(reactive("prefect.flow-run.Pending"))),
					"actions": models.NewJSON([]models.Action{runDeployment(models.SourceInferred, nil)})}).Error
			}, "automation.actions", "[0].source", "infinite loop"},
			{"Updates: map through Table without a model", "automation", "actions", func(db *gorm.DB) error {
				return db.Table("automation").Where("id = ?", fx.auto.ID).Updates(map[string]any{"actions": `[{"type": "change-flow-run-state"}]`}).Error
			}, "automation.actions", "[0].state", "field required"},
			{"Updates: struct", "automation", "trigger", func(db *gorm.DB) error {
				return db.Model(fx.auto).Updates(&models.Automation{Trigger: models.NewJSON(models.NewServerTrigger(&models.EventTrigger{ID: id, Posture: "Metric"}))}).Error
			}, "automation.trigger", "posture", "Reactive"},
			{"Save", "automation", "actions", func(db *gorm.DB) error {
				a := *fx.auto
				a.Actions = models.NewJSON([]models.Action{{Type: models.ActionChangeFlowRunState, State: "BOGUS"}})
				return db.Save(&a).Error
			}, "automation.actions", "[0].state", "must be one of"},
			{"UpdateColumn", "automation", "actions", func(db *gorm.DB) error {
				return db.Model(fx.auto).UpdateColumn("actions", models.NewJSON([]models.Action{{Type: models.ActionPauseDeployment}})).Error
			}, "automation.actions", "[0].deployment_id", "required"},
			{"on conflict: assignment", "automation", "trigger", func(db *gorm.DB) error {
				a := automation("stored", reactive())
				a.ID = fx.auto.ID
				return db.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "id"}},
					DoUpdates: clause.Assignments(map[string]any{"trigger": models.NewJSON(models.NewServerTrigger(proactive(2 * time.Second)))})}).Create(a).Error
			}, "automation.trigger", "within", "10 seconds"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := count(t, db.DB, tt.table)
				var stored string
				if tt.column != "" {
					stored = columnText(t, db, "automation", tt.column, fx.auto.ID)
				}
				err := tt.write(db.DB)
				var de *models.DocumentError
				if !errors.As(err, &de) {
					t.Fatalf("got %v, want a *models.DocumentError", err)
				}
				if de.Column != tt.want || de.Field != tt.field || !strings.Contains(de.Reason, tt.reason) {
					t.Errorf("got column %q field %q reason %q\nwant column %q field %q reason containing %q", de.Column, de.Field, de.Reason, tt.want, tt.field, tt.reason)
				}
				if !strings.HasPrefix(err.Error(), "prefectorm: "+tt.want+": ") {
					t.Errorf("error %q does not start with the column", err)
				}
				if after := count(t, db.DB, tt.table); after != before {
					t.Errorf("%s: %d rows before, %d after a refused write", tt.table, before, after)
				}
				if tt.column != "" {
					if got := columnText(t, db, "automation", tt.column, fx.auto.ID); got != stored {
						t.Errorf("automation.%s changed by a refused write:\nbefore %s\nafter  %s", tt.column, stored, got)
					}
				}
			})
		}
	})
}

func TestValidateAcceptsValidDocuments(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		fx := setup(t, db)
		narrowed := reactive("prefect.flow-run.Running")
		narrowed.Match = models.ResourceSpecification{"prefect.resource.id": "prefect.flow-run.*", "prefect.tag": []any{"nightly"}}
		disabled := automation("disabled loop", reactive("prefect.flow-run.*"), runDeployment(models.SourceInferred, nil))
		disabled.Enabled = ptr(false)
		tests := []struct {
			name  string
			table string
			write func(db *gorm.DB) error
		}{
			{"automation: selected run-deployment, narrowed match", "automation", func(db *gorm.DB) error {
				return db.Create(automation("narrowed", narrowed, runDeployment(models.SourceSelected, &fx.deployment))).Error
			}},
			{"automation: disabled loop", "automation", func(db *gorm.DB) error { return db.Create(disabled).Error }},
			{"automation: proactive within 0 (Prefect's 10 s)", "automation", func(db *gorm.DB) error {
				return db.Create(automation("proactive", proactive(0), models.Action{Type: models.ActionChangeFlowRunState, State: models.StateCancelled})).Error
			}},
			{"automation: compound require all, inferred actions", "automation", func(db *gorm.DB) error {
				return db.Create(automation("compound", &models.CompoundTrigger{ID: models.NewUUID(), Require: models.RequireAll,
					Triggers: []models.ServerTriggerTypes{models.NewServerTrigger(reactive()), models.NewServerTrigger(proactive(time.Minute))}},
					models.Action{Type: models.ActionPauseWorkQueue, Source: models.SourceInferred})).Error
			}},
			{"firing", "composite_trigger_child_firing", func(db *gorm.DB) error {
				ev := receivedEvent(flowRunResource, map[string]string{"prefect.resource.id": "prefect.flow.x", "prefect.resource.role": "flow"})
				return db.Create(&models.CompositeTriggerChildFiring{AutomationID: fx.auto.ID, ParentTriggerID: models.NewUUID(), ChildTriggerID: models.NewUUID(), ChildFiringID: models.NewUUID(),
					ChildFiring: models.NewJSON(models.Firing{ID: models.NewUUID(), Trigger: models.NewServerTrigger(reactive()),
						TriggerStates: []models.TriggerState{models.TriggerStateTriggered}, Triggered: ev.Occurred, TriggeringEvent: &ev})}).Error
			}},
			{"event row", "events", func(db *gorm.DB) error {
				return db.Create(&models.Event{Occurred: models.Now(), Event: "e", ResourceID: "r", Resource: models.NewJSON(map[string]string{"prefect.resource.id": "r"}),
					Payload: models.NewJSON(map[string]any{}), Received: models.Now(), Recorded: models.Now()}).Error
			}},
			{"cron, rrule and interval schedules", "deployment_schedule", func(db *gorm.DB) error {
				return db.Create([]models.DeploymentSchedule{
					{DeploymentID: fx.deployment, Schedule: models.NewJSON(models.NewSchedule(models.CronSchedule{Cron: "*/15 9-17 * * mon-fri", Timezone: ptr("America/New_York")}))},
					{DeploymentID: fx.deployment, Schedule: models.NewJSON(models.NewSchedule(models.RRuleSchedule{RRule: "DTSTART:20240101T090000Z\nRRULE:FREQ=WEEKLY;BYDAY=MO"}))},
					{DeploymentID: fx.deployment, Schedule: models.NewJSON(models.NewSchedule(models.NewIntervalSchedule(time.Hour)))},
				}).Error
			}},
			{"task run policy", "task_run", func(db *gorm.DB) error {
				return db.Create(&models.TaskRun{TaskKey: "k", DynamicKey: "1", EmpiricalPolicy: models.NewJSON(models.TaskRunPolicy{
					Retries: ptr(3), RetryDelay: models.RetryDelayList(make([]int, 50)...), RetryJitterFactor: ptr(models.Float(0.5))})}).Error
			}},
			{"update the stored automation's trigger", "automation", func(db *gorm.DB) error {
				return db.Model(fx.auto).Update("trigger", `{"type": "event", "posture": "Proactive", "within": 30}`).Error
			}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := count(t, db.DB, tt.table)
				if err := tt.write(db.DB); err != nil {
					t.Fatalf("valid write refused: %v", err)
				}
				if after := count(t, db.DB, tt.table); after <= before && !strings.HasPrefix(tt.name, "update") {
					t.Errorf("%s: %d rows before, %d after", tt.table, before, after)
				}
			})
		}
		var got models.Automation
		if err := db.First(&got, "id = ?", fx.auto.ID).Error; err != nil {
			t.Fatal(err)
		}
		tr, ok := got.Trigger.V.Trigger.(*models.EventTrigger)
		if !ok || tr.Posture != models.PostureProactive || time.Duration(tr.Within) != 30*time.Second {
			t.Errorf("stored trigger after the update: %#v", got.Trigger.V.Trigger)
		}
		var proactiveRow models.Automation
		if err := db.First(&proactiveRow, "name = ?", "proactive").Error; err != nil {
			t.Fatal(err)
		}
		if tr := proactiveRow.Trigger.V.Trigger.(*models.EventTrigger); time.Duration(tr.Within) != 10*time.Second {
			t.Errorf("proactive within 0 read back as %v, want Prefect's 10 s", time.Duration(tr.Within))
		}
	})
}
