package migrations_test

import (
	"fmt"
	"os"
	"slices"
	"testing"

	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/migrations"
	postgresmigrations "github.com/prefectorm/prefectorm/migrations/postgres"
	sqlitemigrations "github.com/prefectorm/prefectorm/migrations/sqlite"
)

// releaseHeads maps each Prefect release with a reference dump to the
// prefectorm version whose schema is that release's (the same on both
// dialects: version numbers are aligned).
var releaseHeads = []struct {
	release string
	version string
}{
	{"3.0", "0001_prefect_3_0"},
	{"3.1.15", "0005_sync_orm_models"},
	{"3.2.15", "0009_deployment_version"},
	{"3.3.7", "0010_events_related_gin"},
	{"3.4.25", "0015_concurrency_limits_v1_to_v2"},
	{"3.6.29", "0017_task_run_state_type_start_time_index"},
	{"3.7.8", "0019_event_resources_occurred_index"},
	{"3.8.3", "0020_event_resources_event_id_index"},
}

// referencePath is the testdata dump of a release.
func referencePath(release, dialect string) string {
	if release == "3.0" {
		return "../testdata/prefect-3.0-" + dialect + ".sql"
	}
	return fmt.Sprintf("../testdata/releases/%s/prefect-%s-%s.sql", release, release, dialect)
}

// releaseReference returns a database loaded from a release's dump.
func releaseReference(t *testing.T, release, dialect string) dbtest.DB {
	t.Helper()
	return loadDump(t, dialect, referencePath(release, dialect))
}

// releaseRevision reads the alembic_version row a release's dump ends with.
func releaseRevision(t *testing.T, release, dialect string) string {
	t.Helper()
	data, err := os.ReadFile(referencePath(release, dialect))
	if err != nil {
		t.Fatal(err)
	}
	m := dumpRevision.FindSubmatch(data)
	if m == nil {
		t.Fatalf("%s: no alembic_version row", referencePath(release, dialect))
	}
	return string(m[1])
}

// TestReleaseSchemas: upgrading an empty database to the version of each
// Prefect release builds exactly the schema of that release's reference
// dump, with its alembic_version row, on both dialects.
func TestReleaseSchemas(t *testing.T) {
	for _, dialect := range dbtest.Dialects {
		for _, rel := range releaseHeads {
			t.Run(dialect+"/"+rel.release, func(t *testing.T) {
				db := dbtest.Open(t, dbtest.URL(t, dialect))
				if err := migrations.Upgrade(ctx(t), db.DB, db.Dialect, migrations.To(rel.version), quiet); err != nil {
					t.Fatalf("upgrade to %s: %v", rel.version, err)
				}
				want := inspect(t, releaseReference(t, rel.release, dialect))
				requireSameSchema(t, "Prefect "+rel.release+" reference vs upgrade to "+rel.version, want, prefectSchema(t, db))
				if got, want := alembicRows(t, db.DB), releaseRevision(t, rel.release, dialect); !slices.Equal(got, []string{want}) {
					t.Errorf("alembic_version = %q, want [%q]", got, want)
				}
			})
		}
	}
}

// TestReleaseRoundTrip: from the newest version, downgrading to 3.0 gives
// Prefect 3.0's schema, downgrading to Base leaves no Prefect table, and
// upgrading again gives the newest schema.
func TestReleaseRoundTrip(t *testing.T) {
	last := releaseHeads[len(releaseHeads)-1]
	for _, dialect := range dbtest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			db := dbtest.Open(t, dbtest.URL(t, dialect))
			c := ctx(t)
			if err := migrations.Upgrade(c, db.DB, db.Dialect, quiet); err != nil {
				t.Fatal(err)
			}
			newest := buildOwnIndexes(t, releaseReference(t, last.release, dialect))
			requireSameSchema(t, "newest", inspect(t, newest), prefectSchema(t, db))
			if err := migrations.Downgrade(c, db.DB, db.Dialect, migrations.To(releaseHeads[0].version), quiet); err != nil {
				t.Fatalf("downgrade to 3.0: %v", err)
			}
			requireSameSchema(t, "Prefect 3.0 reference vs downgrade", inspect(t, releaseReference(t, "3.0", dialect)), prefectSchema(t, db))
			if got, want := alembicRows(t, db.DB), releaseRevision(t, "3.0", dialect); !slices.Equal(got, []string{want}) {
				t.Errorf("after downgrade to 3.0: alembic_version = %q, want [%q]", got, want)
			}
			if err := migrations.Downgrade(c, db.DB, db.Dialect, migrations.To(migrations.Base), quiet); err != nil {
				t.Fatalf("downgrade to base: %v", err)
			}
			if n := tableNames(t, db); !slices.Equal(n, []string{migrations.TableName}) {
				t.Fatalf("after downgrade to base: tables %q", n)
			}
			if err := migrations.Upgrade(c, db.DB, db.Dialect, quiet); err != nil {
				t.Fatalf("upgrade again: %v", err)
			}
			requireSameSchema(t, "newest after the round trip", inspect(t, newest), prefectSchema(t, db))
		})
	}
}

// TestSpecs: every version of both dialects is described, in the order of
// Migrations, each writing a distinct revision except the no-op version,
// which repeats the previous one, and the own-index versions, which keep
// Prefect's head; only PostgreSQL has no-transaction versions (its
// own-index versions all are).
func TestSpecs(t *testing.T) {
	noTx := []string{
		"0007_deployment_schedule_slug", "0010_events_related_gin", "0016_flow_run_schedule_id_scheduler_index",
		"0017_task_run_state_type_start_time_index", "0019_event_resources_occurred_index", "0020_event_resources_event_id_index",
	}
	for _, tt := range []struct {
		dialect string
		noTx    []string
		noop    string
	}{
		{"sqlite", nil, "0010_events_related_gin"},
		{"postgres", noTx, ""},
	} {
		t.Run(tt.dialect, func(t *testing.T) {
			specs, versions := sqlitemigrations.Specs(), sqlitemigrations.Migrations()
			if tt.dialect == "postgres" {
				specs, versions = postgresmigrations.Specs(), postgresmigrations.Migrations()
			}
			// 20 of Prefect's versions, then prefectorm's own-index ones.
			if len(specs) != len(versions) || len(specs) < 21 {
				t.Fatalf("%d specs, %d versions, want as many, at least 21", len(specs), len(versions))
			}
			for i, s := range specs {
				if s.OwnIndex != (i >= 20) {
					t.Errorf("spec %d (%s): OwnIndex = %v", i, s.ID, s.OwnIndex)
				}
				if s.OwnIndex && s.Alembic != specs[19].Alembic {
					t.Errorf("own-index version %s carries revision %q, want Prefect's head %q", s.ID, s.Alembic, specs[19].Alembic)
				}
			}
			var gotNoTx []string
			for i, s := range specs {
				if s.ID != versions[i].ID {
					t.Errorf("spec %d is %q, version %q", i, s.ID, versions[i].ID)
				}
				if s.NoTransaction && !s.OwnIndex {
					gotNoTx = append(gotNoTx, s.ID)
				}
				if s.OwnIndex && s.NoTransaction != (tt.dialect == "postgres") {
					t.Errorf("own-index version %s: NoTransaction = %v on %s", s.ID, s.NoTransaction, tt.dialect)
				}
				if i == 0 {
					continue
				}
				same := s.Alembic == specs[i-1].Alembic
				if same != (s.ID == tt.noop || s.OwnIndex) {
					t.Errorf("%s: alembic %q, previous %q", s.ID, s.Alembic, specs[i-1].Alembic)
				}
			}
			if !slices.Equal(gotNoTx, tt.noTx) {
				t.Errorf("no-transaction versions %q, want %q", gotNoTx, tt.noTx)
			}
		})
	}
}
