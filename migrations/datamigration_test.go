package migrations_test

import (
	"encoding/json"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/internal/schemadiff"
	"github.com/prefectorm/prefectorm/migrations"
	"github.com/prefectorm/prefectorm/migrations/internal/frozen"
)

// Ids of the rows the data-migration test writes.
const (
	dmFlow       = "11111111-1111-4111-8111-111111111111"
	dmDeployment = "22222222-2222-4222-8222-222222222221"
	dmOtherDep   = "22222222-2222-4222-8222-222222222222"
	dmSchedule   = "22222222-2222-4222-8222-222222222223"
	dmDepLimit   = "33333333-3333-4333-8333-333333333331"
	dmTagLimit   = "33333333-3333-4333-8333-333333333332"
	dmV1Held     = "44444444-4444-4444-8444-444444444441"
	dmV1Free     = "44444444-4444-4444-8444-444444444442"
	dmV1Taken    = "44444444-4444-4444-8444-444444444443"
	dmBlockType  = "55555555-5555-4555-8555-555555555551"
	dmBlockSch   = "55555555-5555-4555-8555-555555555552"
	dmDocA       = "55555555-5555-4555-8555-555555555553"
	dmDocB       = "55555555-5555-4555-8555-555555555554"
	dmRefOK      = "66666666-6666-4666-8666-666666666661"
	dmRefSelf    = "66666666-6666-4666-8666-666666666662"
	dmPolicy     = "77777777-7777-4777-8777-777777777771"
	dmPolicyOff  = "77777777-7777-4777-8777-777777777772"
	dmArtOld     = "88888888-8888-4888-8888-888888888881"
	dmArtNew     = "88888888-8888-4888-8888-888888888882"
	dmCollection = "99999999-9999-4999-8999-999999999991"
	dmOrphanColl = "99999999-9999-4999-8999-999999999992"
)

// defaultNotificationBody is the body Prefect's migration gives a policy
// without a message template.
const defaultNotificationBody = "\nFlow run {{ flow.name }}/{{ flow_run.name }} observed in state `{{ flow_run.state.name }}` at {{ flow_run.state.timestamp }}.\n" +
	"Flow ID: {{ flow_run.flow_id }}\nFlow run ID: {{ flow_run.id }}\nFlow run URL: {{ flow_run|ui_url }}\nState message: {{ flow_run.state.message }}\n"

// seedPrefect30 writes the rows of a Prefect 3.0 database that the later
// versions' data migrations transform.
func seedPrefect30(t *testing.T, db dbtest.DB) {
	t.Helper()
	yes, no := "1", "0"
	if db.Dialect.Name() == "postgres" {
		yes, no = "true", "false"
	}
	stmts := []string{
		"INSERT INTO flow (id, name) VALUES ('" + dmFlow + "', 'f')",
		"INSERT INTO deployment (id, name, flow_id, concurrency_limit) VALUES ('" + dmDeployment + "', 'limited', '" + dmFlow + "', 3)",
		"INSERT INTO deployment (id, name, flow_id) VALUES ('" + dmOtherDep + "', 'free', '" + dmFlow + "')",
		"INSERT INTO deployment_schedule (id, deployment_id, schedule, active) VALUES ('" + dmSchedule + "', '" + dmDeployment + "', '{\"interval\": 60}', " + yes + ")",
		`INSERT INTO concurrency_limit_v2 (id, active, name, "limit", active_slots, denied_slots, slot_decay_per_second, avg_slot_occupancy_seconds)
			VALUES ('` + dmDepLimit + "', " + yes + ", 'deployment:" + dmDeployment + "', 3, 1, 0, 0, 2)",
		`INSERT INTO concurrency_limit_v2 (id, active, name, "limit", active_slots, denied_slots, slot_decay_per_second, avg_slot_occupancy_seconds)
			VALUES ('` + dmTagLimit + "', " + yes + ", 'tag:taken', 7, 0, 0, 0, 2)",
		"INSERT INTO concurrency_limit (id, tag, concurrency_limit, active_slots, created, updated) VALUES ('" + dmV1Held + "', 'db', 5, " +
			"'[\"aaaaaaaa-0000-4000-8000-000000000001\", \"aaaaaaaa-0000-4000-8000-000000000002\"]', '2024-05-01 10:00:00', '2024-05-02 11:00:00')",
		"INSERT INTO concurrency_limit (id, tag, concurrency_limit, active_slots, created, updated) VALUES ('" + dmV1Free + "', 'api', 1, '[]', '2024-05-01 10:00:00', '2024-05-01 10:00:00')",
		"INSERT INTO concurrency_limit (id, tag, concurrency_limit) VALUES ('" + dmV1Taken + "', 'taken', 9)",
		"INSERT INTO block_type (id, name, slug) VALUES ('" + dmBlockType + "', 'Slack', 'slack')",
		"INSERT INTO block_schema (id, checksum, block_type_id) VALUES ('" + dmBlockSch + "', 'sha256:x', '" + dmBlockType + "')",
		"INSERT INTO block_document (id, name, block_type_id, block_schema_id) VALUES ('" + dmDocA + "', 'a', '" + dmBlockType + "', '" + dmBlockSch + "')",
		"INSERT INTO block_document (id, name, block_type_id, block_schema_id) VALUES ('" + dmDocB + "', 'b', '" + dmBlockType + "', '" + dmBlockSch + "')",
		"INSERT INTO block_document_reference (id, name, parent_block_document_id, reference_block_document_id) VALUES ('" + dmRefOK + "', 'ok', '" + dmDocA + "', '" + dmDocB + "')",
		"INSERT INTO block_document_reference (id, name, parent_block_document_id, reference_block_document_id) VALUES ('" + dmRefSelf + "', 'self', '" + dmDocA + "', '" + dmDocA + "')",
		"INSERT INTO flow_run_notification_policy (id, created, is_active, state_names, tags, message_template, block_document_id) VALUES ('" + dmPolicy + "', '2024-06-01 00:00:00', " + yes +
			", '[\"Failed\", \"Crashed\", \"Failed\"]', '[\"prod\", \"etl\"]', 'Flow {flow_name} run {flow_run_name} is {flow_run_state_name}: {flow_run_url} {{literal}}', '" + dmDocA + "')",
		"INSERT INTO flow_run_notification_policy (id, created, is_active, block_document_id) VALUES ('" + dmPolicyOff + "', '2024-06-02 00:00:00', " + no + ", '" + dmDocB + "')",
		"INSERT INTO flow_run_notification_queue (flow_run_notification_policy_id, flow_run_state_id) VALUES ('" + dmPolicy + "', '" + dmFlow + "')",
	}
	if db.Dialect.Name() == "postgres" {
		// Only PostgreSQL's 3.0 schema lets artifact_collection.latest_id be NULL.
		stmts = append(stmts,
			"INSERT INTO artifact (id, created, key) VALUES ('"+dmArtOld+"', '2024-01-01T00:00:00Z', 'report')",
			"INSERT INTO artifact (id, created, key) VALUES ('"+dmArtNew+"', '2024-02-01T00:00:00Z', 'report')",
			"INSERT INTO artifact_collection (id, key, latest_id) VALUES ('"+dmCollection+"', 'report', NULL)",
			"INSERT INTO artifact_collection (id, key, latest_id) VALUES ('"+dmOrphanColl+"', 'gone', NULL)",
		)
	}
	for _, s := range stmts {
		execSQL(t, db.DB, s)
	}
}

// v2Limit is a concurrency_limit_v2 row as read back.
type v2Limit struct {
	ID, Name                        string
	Limit, ActiveSlots, DeniedSlots int
	Active                          bool
	SlotDecay, AvgOccupancy         float64
}

func readV2Limits(t *testing.T, db *gorm.DB) map[string]v2Limit {
	t.Helper()
	rows, err := db.Raw(`SELECT CAST(id AS VARCHAR(36)), name, "limit", active_slots, denied_slots, active, slot_decay_per_second, avg_slot_occupancy_seconds FROM concurrency_limit_v2`).Rows()
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]v2Limit{}
	for rows.Next() {
		var l v2Limit
		if err := rows.Scan(&l.ID, &l.Name, &l.Limit, &l.ActiveSlots, &l.DeniedSlots, &l.Active, &l.SlotDecay, &l.AvgOccupancy); err != nil {
			t.Fatal(err)
		}
		out[l.Name] = l
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// readStrings reads one text column.
func readStrings(t *testing.T, db *gorm.DB, query string) []string {
	t.Helper()
	var out []string
	if err := db.Raw(query).Scan(&out).Error; err != nil {
		t.Fatal(err)
	}
	return out
}

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// TestDataMigrations: a Prefect 3.0 database holding notification policies,
// V1 concurrency limits, a deployment whose limit lives in
// concurrency_limit_v2, artifact collections without latest_id and a
// self-referencing block document reference, upgraded to the newest version,
// holds the rows Prefect's own migrations make of them.
func TestDataMigrations(t *testing.T) {
	for _, dialect := range dbtest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			db := dbtest.Open(t, dbtest.URL(t, dialect))
			if err := migrations.Upgrade(ctx(t), db.DB, db.Dialect, migrations.To("0001_prefect_3_0"), quiet); err != nil {
				t.Fatal(err)
			}
			seedPrefect30(t, db)
			if err := migrations.Upgrade(ctx(t), db.DB, db.Dialect, quiet); err != nil {
				t.Fatal(err)
			}

			t.Run("deployment.concurrency_limit_id", func(t *testing.T) {
				got := readStrings(t, db.DB, "SELECT COALESCE(CAST(concurrency_limit_id AS VARCHAR(36)), '-') FROM deployment ORDER BY name")
				if want := []string{"-", dmDepLimit}; !slices.Equal(got, want) {
					t.Errorf("concurrency_limit_id of (free, limited) = %q, want %q", got, want)
				}
				if got := readStrings(t, db.DB, "SELECT CAST(concurrency_limit AS VARCHAR(10)) FROM deployment WHERE name = 'limited'"); !slices.Equal(got, []string{"3"}) {
					t.Errorf("deployment.concurrency_limit = %q, want it kept", got)
				}
			})

			t.Run("V1 concurrency limits", func(t *testing.T) {
				if n := readStrings(t, db.DB, "SELECT CAST(id AS VARCHAR(36)) FROM concurrency_limit"); len(n) != 0 {
					t.Errorf("concurrency_limit still holds %q", n)
				}
				got := readV2Limits(t, db.DB)
				want := map[string]v2Limit{
					"deployment:" + dmDeployment: {ID: dmDepLimit, Name: "deployment:" + dmDeployment, Limit: 3, ActiveSlots: 1, Active: true, AvgOccupancy: 2},
					"tag:taken":                  {ID: dmTagLimit, Name: "tag:taken", Limit: 7, Active: true, AvgOccupancy: 2},
					"tag:db":                     {ID: dmV1Held, Name: "tag:db", Limit: 5, ActiveSlots: 2, Active: true, AvgOccupancy: 600},
					"tag:api":                    {ID: dmV1Free, Name: "tag:api", Limit: 1, ActiveSlots: 0, Active: true, AvgOccupancy: 600},
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("concurrency_limit_v2 = %+v,\nwant %+v", got, want)
				}
				created := readStrings(t, db.DB, "SELECT CAST(created AS VARCHAR(40)) || '|' || CAST(updated AS VARCHAR(40)) FROM concurrency_limit_v2 WHERE name = 'tag:db'")
				if len(created) != 1 || !regexp.MustCompile(`^2024-05-01[ T]10:00:00.*\|2024-05-02[ T]11:00:00`).MatchString(created[0]) {
					t.Errorf("tag:db created|updated = %q, want the V1 row's", created)
				}
			})

			t.Run("self-referencing block document references", func(t *testing.T) {
				if got := readStrings(t, db.DB, "SELECT CAST(id AS VARCHAR(36)) FROM block_document_reference"); !slices.Equal(got, []string{dmRefOK}) {
					t.Errorf("block_document_reference ids = %q, want [%q]", got, dmRefOK)
				}
				err := db.Exec("INSERT INTO block_document_reference (id, name, parent_block_document_id, reference_block_document_id) VALUES ('" +
					dmRefSelf + "', 'again', '" + dmDocB + "', '" + dmDocB + "')").Error
				if err == nil || !regexp.MustCompile(`(?i)check constraint|ck_block_document_reference__no_self_reference`).MatchString(err.Error()) {
					t.Errorf("self reference after the upgrade: error %v, want the CHECK's", err)
				}
			})

			t.Run("notification policies become automations", func(t *testing.T) {
				if n := tableNames(t, db); slices.Contains(n, "flow_run_notification_policy") || slices.Contains(n, "flow_run_notification_queue") {
					t.Errorf("notification tables still exist: %q", n)
				}
				rows, err := db.Raw("SELECT name, description, enabled, CAST(\"trigger\" AS TEXT), CAST(actions AS TEXT) FROM automation ORDER BY enabled DESC").Rows()
				if err != nil {
					t.Fatal(err)
				}
				defer rows.Close()
				type automation struct {
					enabled          bool
					trigger, actions map[string]any
				}
				var got []automation
				for rows.Next() {
					var name, desc, trig, acts string
					var a automation
					if err := rows.Scan(&name, &desc, &a.enabled, &trig, &acts); err != nil {
						t.Fatal(err)
					}
					if name != "Flow Run State Change Notification" || desc != "Migrated from a flow run notification policy" {
						t.Errorf("automation name %q, description %q", name, desc)
					}
					var list []map[string]any
					if err := json.Unmarshal([]byte(trig), &a.trigger); err != nil {
						t.Fatalf("trigger %s: %v", trig, err)
					}
					if err := json.Unmarshal([]byte(acts), &list); err != nil || len(list) != 1 {
						t.Fatalf("actions %s: %v", acts, err)
					}
					a.actions = list[0]
					id, _ := a.trigger["id"].(string)
					if !uuidPattern.MatchString(id) {
						t.Errorf("trigger id %q is not a random UUID", id)
					}
					delete(a.trigger, "id")
					if e, ok := a.trigger["expect"].([]any); ok {
						// Prefect builds expect from a Python set: its order is not defined.
						slices.SortFunc(e, func(x, y any) int {
							if x.(string) < y.(string) {
								return -1
							}
							return 1
						})
					}
					got = append(got, a)
				}
				if err := rows.Err(); err != nil {
					t.Fatal(err)
				}
				trigger := func(expect []any, related map[string]any) map[string]any {
					return map[string]any{
						"type": "event", "after": []any{}, "match": map[string]any{"prefect.resource.id": "prefect.flow-run.*"},
						"expect": expect, "within": 10.0, "posture": "Reactive", "for_each": []any{"prefect.resource.id"},
						"threshold": 1.0, "match_related": related,
					}
				}
				action := func(body, doc string) map[string]any {
					return map[string]any{"body": body, "type": "send-notification", "subject": "Prefect flow run notification", "block_document_id": doc}
				}
				want := []automation{
					{
						enabled: true,
						trigger: trigger([]any{"prefect.flow-run.Crashed", "prefect.flow-run.Failed"},
							map[string]any{"prefect.resource.id": []any{"prefect.tag.prod", "prefect.tag.etl"}, "prefect.resource.role": "tag"}),
						actions: action("Flow {{ flow.name }} run {{ flow_run.name }} is {{ flow_run.state.name }}: {{ flow_run|ui_url }} {literal}", dmDocA),
					},
					{
						enabled: false,
						trigger: trigger([]any{"prefect.flow-run.*"}, map[string]any{}),
						actions: action(defaultNotificationBody, dmDocB),
					},
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("automations\n got %+v\nwant %+v", got, want)
				}
			})

			if dialect == "postgres" {
				t.Run("artifact_collection.latest_id", func(t *testing.T) {
					got := readStrings(t, db.DB, "SELECT CAST(latest_id AS VARCHAR(36)) FROM artifact_collection WHERE key = 'report'")
					if !slices.Equal(got, []string{dmArtNew}) {
						t.Errorf("latest_id of 'report' = %q, want its newest artifact %q", got, dmArtNew)
					}
					got = readStrings(t, db.DB, "SELECT CAST(latest_id AS VARCHAR(36)) FROM artifact_collection WHERE key = 'gone'")
					if len(got) != 1 || !uuidPattern.MatchString(got[0]) || got[0] == dmArtNew || got[0] == dmArtOld {
						t.Errorf("latest_id of a key without artifacts = %q, want a random id as Prefect writes", got)
					}
				})
			}

			t.Run("downgrade restores the V1 limits", func(t *testing.T) {
				if err := migrations.Downgrade(ctx(t), db.DB, db.Dialect, migrations.To("0003_deployment_concurrency_limit_id"), quiet); err != nil {
					t.Fatal(err)
				}
				got := readStrings(t, db.DB, "SELECT CAST(id AS VARCHAR(36)) || ' ' || tag || ' ' || CAST(concurrency_limit AS VARCHAR(10)) || ' ' || CAST(active_slots AS TEXT) FROM concurrency_limit ORDER BY tag")
				want := []string{dmV1Free + " api 1 []", dmV1Held + " db 5 []", dmTagLimit + " taken 7 []"}
				if !slices.Equal(got, want) {
					t.Errorf("concurrency_limit after downgrade = %q, want %q", got, want)
				}
				if got := readStrings(t, db.DB, "SELECT name FROM concurrency_limit_v2"); !slices.Equal(got, []string{"deployment:" + dmDeployment}) {
					t.Errorf("concurrency_limit_v2 after downgrade = %q", got)
				}
			})

			t.Run("downgrade to 3.0 keeps deployments and their schedules", func(t *testing.T) {
				// On SQLite, rolling back 0003 rebuilds deployment. With foreign
				// keys on, DROP TABLE would cascade to deployment_schedule, so
				// the script refuses; a runner that turns them off completes it.
				err := migrations.Downgrade(ctx(t), db.DB, db.Dialect, migrations.To("0001_prefect_3_0"), quiet)
				if err != nil && (dialect != "sqlite" || !strings.Contains(err.Error(), "needs PRAGMA foreign_keys=OFF")) {
					t.Fatal(err)
				}
				if got := readStrings(t, db.DB, "SELECT name FROM deployment ORDER BY name"); !slices.Equal(got, []string{"free", "limited"}) {
					t.Errorf("deployments after downgrade = %q", got)
				}
				if got := readStrings(t, db.DB, "SELECT CAST(deployment_id AS VARCHAR(36)) FROM deployment_schedule"); !slices.Equal(got, []string{dmDeployment}) {
					t.Errorf("deployment schedules after downgrade = %q", got)
				}
			})
		})
	}
}

// TestTaskRunRebuildKeepsRows: version 0014 drops task_run's foreign key to
// task_run_state; on SQLite that rebuilds task_run. The task runs, their
// states (which reference task_run with ON DELETE CASCADE) and the flow
// run that references a task run (ON DELETE SET NULL) all survive, and
// task_run has all its indexes. With foreign keys on, DROP TABLE would
// cascade, so the script refuses instead, leaving every row in place.
func TestTaskRunRebuildKeepsRows(t *testing.T) {
	const (
		flowRun   = "aaaaaaaa-1111-4111-8111-111111111111"
		subflow   = "aaaaaaaa-1111-4111-8111-111111111112"
		taskRun   = "bbbbbbbb-2222-4222-8222-222222222221"
		taskState = "cccccccc-3333-4333-8333-333333333331"
	)
	for _, dialect := range dbtest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			db := dbtest.Open(t, dbtest.URL(t, dialect))
			if err := migrations.Upgrade(ctx(t), db.DB, db.Dialect, migrations.To("0013_automation_tags"), quiet); err != nil {
				t.Fatal(err)
			}
			for _, s := range []string{
				"INSERT INTO flow (id, name) VALUES ('" + dmFlow + "', 'f')",
				"INSERT INTO flow_run (id, name, flow_id) VALUES ('" + flowRun + "', 'parent', '" + dmFlow + "')",
				"INSERT INTO task_run (id, name, flow_run_id, task_key, dynamic_key, labels) VALUES ('" + taskRun + "', 't', '" + flowRun + "', 'k', '0', '{\"a\": \"b\"}')",
				"INSERT INTO task_run_state (id, task_run_id, type, name) VALUES ('" + taskState + "', '" + taskRun + "', 'COMPLETED', 'Completed')",
				"UPDATE task_run SET state_id = '" + taskState + "'",
				"INSERT INTO flow_run (id, name, flow_id, parent_task_run_id) VALUES ('" + subflow + "', 'child', '" + dmFlow + "', '" + taskRun + "')",
			} {
				execSQL(t, db.DB, s)
			}
			err := migrations.Upgrade(ctx(t), db.DB, db.Dialect, quiet)
			refused := err != nil && dialect == "sqlite" && strings.Contains(err.Error(), "needs PRAGMA foreign_keys=OFF")
			if err != nil && !refused {
				t.Fatal(err)
			}
			checks := []struct{ query, want string }{
				{"SELECT CAST(id AS VARCHAR(36)) || ' ' || CAST(state_id AS VARCHAR(36)) || ' ' || CAST(labels AS TEXT) FROM task_run", taskRun + " " + taskState + ` {"a": "b"}`},
				{"SELECT CAST(task_run_id AS VARCHAR(36)) FROM task_run_state", taskRun},
				{"SELECT CAST(parent_task_run_id AS VARCHAR(36)) FROM flow_run WHERE name = 'child'", taskRun},
			}
			for _, c := range checks {
				if got := readStrings(t, db.DB, c.query); !slices.Equal(got, []string{c.want}) {
					t.Errorf("%s = %q, want [%q]", c.query, got, c.want)
				}
			}
			if refused {
				// Run the script as a runner that turns foreign keys off
				// would: on one connection, foreign_keys=OFF, in a transaction.
				t.Logf("SQLite rebuild refused with foreign keys on: %v", err)
				runWithForeignKeysOff(t, db, "sqlite/sql/0014_drop_task_run_state_id_fk.up.sql")
				for _, c := range checks {
					if got := readStrings(t, db.DB, c.query); !slices.Equal(got, []string{c.want}) {
						t.Errorf("after the rebuild: %s = %q, want [%q]", c.query, got, c.want)
					}
				}
				want := inspect(t, releaseReference(t, "3.4.25", dialect)).Tables["task_run"]
				got := inspect(t, db).Tables["task_run"]
				requireSameSchema(t, "Prefect 3.4.25 task_run vs rebuilt task_run",
					&schemadiff.Schema{Tables: map[string]*schemadiff.Table{"task_run": want}},
					&schemadiff.Schema{Tables: map[string]*schemadiff.Table{"task_run": got}})
				return
			}
			requireSameSchema(t, "newest reference vs upgrade with task runs", inspect(t, latestReference(t, dialect)), prefectSchema(t, db))
		})
	}
}

// runWithForeignKeysOff runs a SQLite script on one connection with
// foreign keys off, in one transaction, and requires foreign_key_check to
// find nothing afterwards.
func runWithForeignKeysOff(t *testing.T, db dbtest.DB, path string) {
	t.Helper()
	script, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sqlDB, err := db.DB.DB()
	if err != nil {
		t.Fatal(err)
	}
	c := ctx(t)
	conn, err := sqlDB.Conn(c)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	stmts := append(append([]string{"PRAGMA foreign_keys = OFF", "BEGIN IMMEDIATE"}, frozen.Statements(string(script))...), "COMMIT", "PRAGMA foreign_keys = ON")
	for _, s := range stmts {
		if _, err := conn.ExecContext(c, s); err != nil {
			t.Fatalf("%.80q: %v", s, err)
		}
	}
	rows, err := conn.QueryContext(c, "PRAGMA foreign_key_check")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	if rows.Next() {
		t.Errorf("foreign_key_check reports violations after %s", path)
	}
}
