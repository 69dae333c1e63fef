package models_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/models"
)

// sameJSON requires the stored text to be the JSON document want (compared
// as decoded values: PostgreSQL's jsonb output normalises spacing and key
// order).
func sameJSON(t *testing.T, what, got, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal([]byte(got), &g); err != nil {
		t.Fatalf("%s: stored %q is not JSON: %v", what, got, err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("%s stored %s, want %s", what, got, want)
	}
}

func newDeployment(t *testing.T, db dbtest.DB, name string, edit func(*models.Deployment)) models.Deployment {
	t.Helper()
	flow := models.Flow{Name: "flow-of-" + name}
	mustCreate(t, db, &flow)
	dep := models.Deployment{Name: name, FlowID: flow.ID}
	if edit != nil {
		edit(&dep)
	}
	mustCreate(t, db, &dep)
	return dep
}

// TestPrefect38Columns writes the columns Prefect added after 3.0 and reads
// back both the stored documents and the models.
func TestPrefect38Columns(t *testing.T) {
	labels := models.KeyValueLabels{
		"env": models.StringLabel("prod"), "replicas": models.IntLabel(3),
		"ratio": models.FloatLabel(1), "canary": models.BoolLabel(true),
	}
	const labelsDoc = `{"canary": true, "env": "prod", "ratio": 1.0, "replicas": 3}`
	grace := 300
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		tests := []struct {
			name string
			run  func(t *testing.T)
		}{
			{"labels on flow, flow run, task run and deployment keep each value's type", func(t *testing.T) {
				run := newFlowRun(t, db, "labels", func(r *models.FlowRun) { r.Labels = models.NewJSON(labels) })
				task := taskRunOf(t, db, &run.ID, "labels", func(r *models.TaskRun) { r.Labels = models.NewJSON(labels) })
				dep := newDeployment(t, db, "labelled-deployment", func(d *models.Deployment) { d.Labels = models.NewJSON(labels) })
				flow := models.Flow{Name: "labelled", Labels: models.NewJSON(labels)}
				mustCreate(t, db, &flow)
				for table, id := range map[string]models.UUID{"flow": flow.ID, "flow_run": run.ID, "task_run": task.ID, "deployment": dep.ID} {
					sameJSON(t, table+".labels", raw(t, db, table, "labels", id), labelsDoc)
				}
				if db.Dialect.Name() == "sqlite" {
					if got := raw(t, db, "flow", "labels", flow.ID); got != labelsDoc {
						t.Errorf("flow.labels text %q, want %q (Python's json.dumps form)", got, labelsDoc)
					}
				}
				var got models.Flow
				if err := db.First(&got, "id = ?", flow.ID).Error; err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got.Labels.V, labels) {
					t.Errorf("read back %v, want %v", got.Labels.V, labels)
				}
				if k := got.Labels.V["ratio"].Kind(); k != models.LabelFloat {
					t.Errorf("ratio read back as kind %d, want a float", k)
				}
				unlabelled := models.Flow{Name: "unlabelled"}
				mustCreate(t, db, &unlabelled)
				if got := raw(t, db, "flow", "labels", unlabelled.ID); got != "<NULL>" {
					t.Errorf("flow.labels without labels: %s, want NULL", got)
				}
			}},
			{"deployment concurrency options, limit id and version id", func(t *testing.T) {
				limit := models.NewConcurrencyLimitV2("deployment:limited", 1)
				mustCreate(t, db, &limit)
				versionID := models.NewUUID()
				dep := newDeployment(t, db, "limited", func(d *models.Deployment) {
					d.ConcurrencyLimitID = &limit.ID
					d.ConcurrencyOptions = models.NewJSON(&models.ConcurrencyOptions{CollisionStrategy: models.CollisionCancelNew, GracePeriodSeconds: &grace})
					d.VersionID = &versionID
				})
				sameJSON(t, "deployment.concurrency_options", raw(t, db, "deployment", "concurrency_options", dep.ID),
					`{"collision_strategy": "CANCEL_NEW", "grace_period_seconds": 300}`)
				var got models.Deployment
				if err := db.Preload("GlobalConcurrencyLimit").First(&got, "id = ?", dep.ID).Error; err != nil {
					t.Fatal(err)
				}
				if got.GlobalConcurrencyLimit == nil || got.GlobalConcurrencyLimit.Name != "deployment:limited" {
					t.Errorf("GlobalConcurrencyLimit = %+v", got.GlobalConcurrencyLimit)
				}
				if o := got.ConcurrencyOptions.V; o == nil || o.CollisionStrategy != models.CollisionCancelNew || o.GracePeriodSeconds == nil || *o.GracePeriodSeconds != 300 {
					t.Errorf("ConcurrencyOptions read back %+v", o)
				}
				if got.VersionID == nil || *got.VersionID != versionID {
					t.Errorf("VersionID = %v, want %s (no foreign key: any id)", got.VersionID, versionID)
				}
				// A document Prefect 3.0.3 wrote, before grace_period_seconds.
				if err := db.Exec("UPDATE deployment SET concurrency_options = ? WHERE id = ?", `{"collision_strategy": "ENQUEUE"}`, dep.ID).Error; err != nil {
					t.Fatal(err)
				}
				if err := db.First(&got, "id = ?", dep.ID).Error; err != nil {
					t.Fatal(err)
				}
				if o := got.ConcurrencyOptions.V; o == nil || o.CollisionStrategy != models.CollisionEnqueue || o.GracePeriodSeconds != nil {
					t.Errorf("3.0.3 document read back %+v", o)
				}
			}},
			{"deployment schedule parameters and slug", func(t *testing.T) {
				dep := newDeployment(t, db, "slugs", nil)
				other := newDeployment(t, db, "slugs-other", nil)
				sched := func(depID models.UUID, slug *string, params map[string]any) models.DeploymentSchedule {
					return models.DeploymentSchedule{DeploymentID: depID, Slug: slug,
						Schedule: models.NewJSON(models.NewSchedule(models.NewIntervalSchedule(time.Hour))), Parameters: models.NewJSON(params)}
				}
				daily := "daily"
				a := sched(dep.ID, &daily, map[string]any{"x": 1})
				b, c := sched(dep.ID, nil, nil), sched(dep.ID, nil, nil)
				d := sched(other.ID, &daily, nil)
				mustCreate(t, db, &a, &b, &c, &d)
				sameJSON(t, "deployment_schedule.parameters", raw(t, db, "deployment_schedule", "parameters", a.ID), `{"x": 1}`)
				if got := raw(t, db, "deployment_schedule", "parameters", b.ID); got != "{}" {
					t.Errorf("parameters default: %s, want {}", got)
				}
				if got := raw(t, db, "deployment_schedule", "slug", a.ID); got != "daily" {
					t.Errorf("slug: %s", got)
				}
				dup := sched(dep.ID, &daily, nil)
				if err := db.Create(&dup).Error; err == nil || !strings.Contains(strings.ToLower(err.Error()), "unique") {
					t.Errorf("second schedule with slug daily on one deployment: %v, want a UNIQUE violation", err)
				}
			}},
			{"work pool storage configuration", func(t *testing.T) {
				plain := models.WorkPool{Name: "plain", Type: "process"}
				blockID := models.MustParseUUID("3f2504e0-4f89-41d3-9a0c-0305e82c3301")
				stored := models.WorkPool{Name: "stored", Type: "process", StorageConfiguration: models.NewJSON(models.WorkPoolStorageConfiguration{
					BundleUploadStep:            map[string]any{"prefect_aws.experimental.bundles.upload": map[string]any{"bucket": "b"}},
					DefaultResultStorageBlockID: &blockID,
				})}
				mustCreate(t, db, &plain, &stored)
				if got := raw(t, db, "work_pool", "storage_configuration", plain.ID); got != "{}" {
					t.Errorf("default storage_configuration: %s, want {}", got)
				}
				sameJSON(t, "work_pool.storage_configuration", raw(t, db, "work_pool", "storage_configuration", stored.ID),
					`{"bundle_upload_step": {"prefect_aws.experimental.bundles.upload": {"bucket": "b"}}, "bundle_execution_step": null, "default_result_storage_block_id": "3f2504e0-4f89-41d3-9a0c-0305e82c3301"}`)
				var got models.WorkPool
				if err := db.First(&got, "id = ?", stored.ID).Error; err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got.StorageConfiguration.V, stored.StorageConfiguration.V) {
					t.Errorf("read back %+v, want %+v", got.StorageConfiguration.V, stored.StorageConfiguration.V)
				}
			}},
			{"automation tags", func(t *testing.T) {
				trigger := models.NewEventTrigger(models.PostureReactive)
				untagged := models.Automation{Name: "untagged", Trigger: models.NewJSON(models.NewServerTrigger(trigger)), Actions: models.NewJSON([]models.Action{})}
				tagged := models.Automation{Name: "tagged", Trigger: models.NewJSON(models.NewServerTrigger(trigger)), Actions: models.NewJSON([]models.Action{}),
					Tags: models.NewJSON([]string{"ops", "é"})}
				mustCreate(t, db, &untagged, &tagged)
				if got := raw(t, db, "automation", "tags", untagged.ID); got != "[]" {
					t.Errorf("default tags: %s, want []", got)
				}
				sameJSON(t, "automation.tags", raw(t, db, "automation", "tags", tagged.ID), `["ops", "é"]`)
			}},
			{"deployment version", func(t *testing.T) {
				dep := newDeployment(t, db, "versioned", nil)
				main := "main"
				v := models.DeploymentVersion{DeploymentID: dep.ID, Branch: &main,
					VersionInfo: models.NewJSON(models.VersionInfo{Type: "vcs:git", Version: "abc123", Extra: map[string]any{"branch": "main"}}),
					Labels:      models.NewJSON(models.KeyValueLabels{"team": models.StringLabel("data")}),
					Tags:        models.NewJSON([]string{"v"})}
				mustCreate(t, db, &v)
				sameJSON(t, "deployment_version.version_info", raw(t, db, "deployment_version", "version_info", v.ID),
					`{"type": "vcs:git", "version": "abc123", "branch": "main"}`)
				for col, want := range map[string]string{"parameters": "{}", "infra_overrides": "{}", "enforce_parameter_schema": map[string]string{"sqlite": "0", "postgres": "false"}[db.Dialect.Name()]} {
					if got := raw(t, db, "deployment_version", col, v.ID); got != want {
						t.Errorf("deployment_version.%s default: %s, want %s", col, got, want)
					}
				}
				var got models.DeploymentVersion
				if err := db.First(&got, "id = ?", v.ID).Error; err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got.VersionInfo.V, v.VersionInfo.V) || got.Created.IsZero() {
					t.Errorf("read back %+v created %v", got.VersionInfo.V, got.Created)
				}
				dupe := models.DeploymentVersion{DeploymentID: dep.ID, Branch: &main}
				if err := db.Create(&dupe).Error; err == nil {
					t.Error("second version of branch main: no error, want uq_deployment_version__deployment__branch")
				}
				// Without GORM, the server defaults apply, and on SQLite the
				// id default of Prefect's migration cannot run.
				err := db.Exec("INSERT INTO deployment_version (deployment_id) VALUES (?)", dep.ID).Error
				switch db.Dialect.Name() {
				case "postgres":
					if err != nil {
						t.Errorf("raw insert on PostgreSQL: %v", err)
					}
				case "sqlite":
					if err == nil || !strings.Contains(strings.ToLower(err.Error()), "gen_random_uuid") {
						t.Errorf("raw insert on SQLite: %v, want unknown function GEN_RANDOM_UUID", err)
					}
				}
			}},
			{"block document reference to itself is refused", func(t *testing.T) {
				typ := blockType(t, db, "self-reference")
				schema := blockSchema(t, db, typ.ID, "self-reference")
				doc := blockDocument(t, db, typ.ID, schema.ID, "self")
				ref := models.BlockDocumentReference{Name: "me", ParentBlockDocumentID: doc.ID, ReferenceBlockDocumentID: doc.ID}
				err := db.Create(&ref).Error
				if err == nil || !strings.Contains(strings.ToLower(err.Error()), "check") {
					t.Errorf("self reference: %v, want the CHECK ck_block_document_reference__no_self_reference", err)
				}
			}},
		}
		for _, tt := range tests {
			t.Run(tt.name, tt.run)
		}
	})
}

// TestPrefect38DocumentErrors: values Prefect's models reject are refused
// on write, and stored documents that cannot be read back faithfully are an
// error naming the column.
func TestPrefect38DocumentErrors(t *testing.T) {
	short := 10
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		writes := []struct {
			name string
			edit func(*models.Deployment)
			want string
		}{
			{"unknown strategy", func(d *models.Deployment) {
				d.ConcurrencyOptions = models.NewJSON(&models.ConcurrencyOptions{CollisionStrategy: "DROP"})
			}, `deployment.concurrency_options: collision_strategy "DROP"`},
			{"grace period too short", func(d *models.Deployment) {
				d.ConcurrencyOptions = models.NewJSON(&models.ConcurrencyOptions{CollisionStrategy: models.CollisionEnqueue, GracePeriodSeconds: &short})
			}, "grace_period_seconds 10"},
			{"unset label value", func(d *models.Deployment) {
				d.Labels = models.NewJSON(models.KeyValueLabels{"x": {}})
			}, "label value is unset"},
		}
		for i, tt := range writes {
			t.Run("write/"+tt.name, func(t *testing.T) {
				flow := models.Flow{Name: "bad-write-" + string(rune('a'+i))}
				mustCreate(t, db, &flow)
				dep := models.Deployment{Name: "bad", FlowID: flow.ID}
				tt.edit(&dep)
				err := db.Create(&dep).Error
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("create: %v, want an error containing %q", err, tt.want)
				}
			})
		}
		reads := []struct {
			name, column, doc, want string
		}{
			{"unknown key", "concurrency_options", `{"collision_strategy": "ENQUEUE", "x": 1}`, `unknown key "x"`},
			{"no strategy", "concurrency_options", `{"grace_period_seconds": 60}`, "collision_strategy is missing"},
			{"null label", "labels", `{"a": null}`, "label value null"},
			{"nested label", "labels", `{"a": {"b": 1}}`, "want a string, integer, float or boolean"},
			{"huge integer label", "labels", `{"a": 123456789012345678901234567890}`, "int64"},
		}
		for _, tt := range reads {
			t.Run("read/"+tt.name, func(t *testing.T) {
				dep := newDeployment(t, db, "bad-read-"+strings.ReplaceAll(tt.name, " ", "-"), nil)
				if err := db.Exec("UPDATE deployment SET "+tt.column+" = ? WHERE id = ?", tt.doc, dep.ID).Error; err != nil {
					t.Fatal(err)
				}
				var got models.Deployment
				err := db.First(&got, "id = ?", dep.ID).Error
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("read %s: %v, want an error containing %q", tt.doc, err, tt.want)
				}
			})
		}
		t.Run("read/unknown storage key", func(t *testing.T) {
			pool := models.WorkPool{Name: "bad-storage", Type: "process"}
			mustCreate(t, db, &pool)
			if err := db.Exec("UPDATE work_pool SET storage_configuration = ? WHERE id = ?", `{"bucket": "b"}`, pool.ID).Error; err != nil {
				t.Fatal(err)
			}
			var got models.WorkPool
			if err := db.First(&got, "id = ?", pool.ID).Error; err == nil || !strings.Contains(err.Error(), `work_pool.storage_configuration: unknown key "bucket"`) {
				t.Fatalf("read: %v", err)
			}
		})
	})
}
