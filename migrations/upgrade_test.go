package migrations_test

import (
	"slices"
	"testing"

	"github.com/prefectorm/prefectorm/dialects/postgres"
	"github.com/prefectorm/prefectorm/dialects/sqlite"
	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/migrations"
	postgresmigrations "github.com/prefectorm/prefectorm/migrations/postgres"
	sqlitemigrations "github.com/prefectorm/prefectorm/migrations/sqlite"
	"github.com/prefectorm/prefectorm/models"
)

// wantRevision is Prefect 3.0's alembic head per dialect.
var wantRevision = map[string]string{"sqlite": "f93e1439f022", "postgres": "97429116795e"}

// TestVersionsNumberedAlike requires both dialects to have the same version
// ids in the same order, every one with a rollback.
func TestVersionsNumberedAlike(t *testing.T) {
	sqliteIDs, postgresIDs := []string{}, []string{}
	for _, v := range sqlite.Dialect.Migrations() {
		sqliteIDs = append(sqliteIDs, v.ID)
		if v.Migrate == nil || v.Rollback == nil {
			t.Errorf("sqlite version %q lacks Migrate or Rollback", v.ID)
		}
	}
	for _, v := range postgres.Dialect.Migrations() {
		postgresIDs = append(postgresIDs, v.ID)
		if v.Migrate == nil || v.Rollback == nil {
			t.Errorf("postgres version %q lacks Migrate or Rollback", v.ID)
		}
	}
	if !slices.Equal(sqliteIDs, postgresIDs) || len(sqliteIDs) == 0 || sqliteIDs[0] != "0001_prefect_3_0" {
		t.Fatalf("sqlite versions %q, postgres versions %q: want the same list starting with 0001_prefect_3_0", sqliteIDs, postgresIDs)
	}
}

// TestUpgradeMatchesCreateSchema: upgrading an empty database to the
// version the models describe (ModelsVersion) and CreateSchema build
// identical schemas, both equal to the reference of that version's Prefect
// release, both with its alembic_version row.
func TestUpgradeMatchesCreateSchema(t *testing.T) {
	modelsVersion := map[string]string{"sqlite": sqlitemigrations.ModelsVersion, "postgres": postgresmigrations.ModelsVersion}
	for _, dialect := range dbtest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			at := modelsVersion[dialect]
			// ModelsVersion is a release's version, or an own-index
			// version after it: the release is that of the newest of
			// Prefect's versions up to it.
			own := ownIndexVersions(t, dbtest.Open(t, dbtest.URL(t, dialect)).Dialect)
			all := versionIDs(dbtest.Open(t, dbtest.URL(t, dialect)))
			prefectAt := at
			for k := slices.Index(all, at); k > 0 && own[all[k]]; k-- {
				prefectAt = all[k-1]
			}
			i := slices.IndexFunc(releaseHeads, func(r struct{ release, version string }) bool { return r.version == prefectAt })
			if i < 0 {
				t.Fatalf("ModelsVersion %q (Prefect's version %q) is no release's version", at, prefectAt)
			}
			release := releaseHeads[i].release
			up := dbtest.Open(t, dbtest.URL(t, dialect))
			if err := migrations.Upgrade(ctx(t), up.DB, up.Dialect, migrations.To(at), quiet); err != nil {
				t.Fatalf("upgrade %s to %s: %v", dialect, at, err)
			}
			created := dbtest.New(t, dialect)
			got := prefectSchema(t, up)
			requireSameSchema(t, "CreateSchema vs Upgrade", inspect(t, created), got)
			ref := releaseReference(t, release, dialect)
			if own[at] {
				ref = buildOwnIndexes(t, ref)
			}
			requireSameSchema(t, "Prefect "+release+" reference (with the own indexes up to ModelsVersion) vs Upgrade", inspect(t, ref), got)
			want := releaseRevision(t, release, dialect)
			for name, db := range map[string]dbtest.DB{"Upgrade": up, "CreateSchema": created} {
				if rows := alembicRows(t, db.DB); !slices.Equal(rows, []string{want}) {
					t.Errorf("%s: alembic_version = %q, want [%q]", name, rows, want)
				}
			}
			ids := versionIDs(up)
			if got, want := appliedVersions(t, up.DB), ids[:slices.Index(ids, at)+1]; !slices.Equal(got, want) {
				t.Errorf("%s holds %q, want %q", migrations.TableName, got, want)
			}
		})
	}
}

// TestUpgradeDowngradeUpgrade: downgrading to Base leaves nothing of the
// schema (only the empty bookkeeping table; no enum type, no pg_trgm), and
// upgrading again builds the identical schema.
func TestUpgradeDowngradeUpgrade(t *testing.T) {
	for _, dialect := range dbtest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			db := upgraded(t, dialect)
			first := prefectSchema(t, db)
			revision := alembicRows(t, db.DB)
			if len(enumTypes(t, db)) == 0 && dialect == "postgres" {
				t.Fatal("no enum types after upgrade")
			}
			if err := migrations.Downgrade(ctx(t), db.DB, db.Dialect, migrations.To(migrations.Base), quiet); err != nil {
				t.Fatal(err)
			}
			if got := tableNames(t, db); !slices.Equal(got, []string{migrations.TableName}) {
				t.Errorf("tables after downgrade to base: %q, want only %s", got, migrations.TableName)
			}
			if ids := appliedVersions(t, db.DB); len(ids) != 0 {
				t.Errorf("%s still holds %q", migrations.TableName, ids)
			}
			if e := enumTypes(t, db); len(e) != 0 {
				t.Errorf("enum types left behind: %q", e)
			}
			if e := extensions(t, db); len(e) != 0 {
				t.Errorf("extensions left behind: %q", e)
			}
			if err := migrations.Upgrade(ctx(t), db.DB, db.Dialect, quiet); err != nil {
				t.Fatal(err)
			}
			requireSameSchema(t, "first upgrade vs upgrade after downgrade", first, prefectSchema(t, db))
			if rows := alembicRows(t, db.DB); !slices.Equal(rows, revision) {
				t.Errorf("alembic_version = %q after re-upgrade, want %q", rows, revision)
			}
		})
	}
}

// TestDowngradeWithData rolls the schema back while rows reference each
// other across the foreign-key cycles (flow_run <-> task_run, work_pool <->
// work_queue), with foreign keys enforced.
func TestDowngradeWithData(t *testing.T) {
	for _, dialect := range dbtest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			// The models describe ModelsVersion's schema.
			db := dbtest.Open(t, dbtest.URL(t, dialect))
			modelsVersion := map[string]string{"sqlite": sqlitemigrations.ModelsVersion, "postgres": postgresmigrations.ModelsVersion}[dialect]
			if err := migrations.Upgrade(ctx(t), db.DB, db.Dialect, migrations.To(modelsVersion), quiet); err != nil {
				t.Fatal(err)
			}
			must := func(err error) {
				t.Helper()
				if err != nil {
					t.Fatal(err)
				}
			}
			flow := models.Flow{Name: "etl"}
			must(db.Create(&flow).Error)
			pool := models.WorkPool{Name: "pool", Type: "process"}
			must(db.Create(&pool).Error)
			queue := models.WorkQueue{Name: "default", WorkPoolID: pool.ID}
			must(db.Create(&queue).Error)
			must(db.Model(&pool).Update("default_queue_id", queue.ID).Error)
			run := models.FlowRun{FlowID: flow.ID, WorkQueueID: &queue.ID}
			run.Name = "parent"
			must(db.Create(&run).Error)
			state := models.FlowRunState{FlowRunID: run.ID, Type: models.StateRunning, Name: "Running"}
			must(db.Create(&state).Error)
			must(db.Model(&run).Update("state_id", state.ID).Error)
			task := models.TaskRun{FlowRunID: &run.ID, TaskKey: "t", DynamicKey: "0"}
			task.Name = "task"
			must(db.Create(&task).Error)
			sub := models.FlowRun{FlowID: flow.ID, ParentTaskRunID: &task.ID}
			sub.Name = "subflow"
			must(db.Create(&sub).Error)

			must(migrations.Downgrade(ctx(t), db.DB, db.Dialect, migrations.To(migrations.Base), quiet))
			if got := tableNames(t, db); !slices.Equal(got, []string{migrations.TableName}) {
				t.Fatalf("tables after downgrade: %q", got)
			}
		})
	}
}
