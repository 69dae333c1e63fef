package migrations_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/internal/schemadiff"
	"github.com/prefectorm/prefectorm/migrations"
	postgresmigrations "github.com/prefectorm/prefectorm/migrations/postgres"
	sqlitemigrations "github.com/prefectorm/prefectorm/migrations/sqlite"
)

// declaredOwnIndexes lists, as schemadiff reports an extra index, every
// index of the dialect's own-index versions (from their scripts).
func declaredOwnIndexes(t *testing.T, dialect string) []string {
	t.Helper()
	specs := sqlitemigrations.Specs()
	if dialect == "postgres" {
		specs = postgresmigrations.Specs()
	}
	var out []string
	for _, s := range specs {
		if !s.OwnIndex {
			continue
		}
		for _, idx := range s.Indexes {
			if !strings.HasPrefix(idx.Name, "prefectorm_ix_") || len(idx.Name) > 63 {
				t.Errorf("own index %q: want a prefectorm_ix_ name of at most 63 bytes", idx.Name)
			}
			out = append(out, fmt.Sprintf("%s: unexpected index %q", idx.Table, idx.Name))
		}
	}
	slices.Sort(out)
	return out
}

// TestOwnIndexesDeclared: the own-index versions add exactly the indexes
// their scripts declare to Prefect 3.8.3's schema, nothing else, and keep
// its alembic_version.
func TestOwnIndexesDeclared(t *testing.T) {
	for _, dialect := range dbtest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			want := declaredOwnIndexes(t, dialect)
			if len(want) == 0 {
				t.Fatal("no own index declared")
			}
			ref := releaseReference(t, "3.8.3", dialect)
			before := inspect(t, ref)
			got := schemadiff.Diff(before, inspect(t, buildOwnIndexes(t, ref)))
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("own-index versions change Prefect's schema by\n%s\nwant exactly the declared indexes\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			if rows := alembicRows(t, ref.DB); !slices.Equal(rows, []string{releaseRevision(t, "3.8.3", dialect)}) {
				t.Errorf("alembic_version = %q after the own-index versions", rows)
			}
		})
	}
}

// TestPrefectSchemaOnlyParity: with PrefectSchemaOnly, CreateSchema and
// Upgrade of an empty database build exactly Prefect 3.8.3's schema, and
// Upgrade records Prefect's versions only.
func TestPrefectSchemaOnlyParity(t *testing.T) {
	for _, dialect := range dbtest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			want := inspect(t, releaseReference(t, "3.8.3", dialect))
			created := dbtest.Open(t, dbtest.URL(t, dialect))
			if err := migrations.CreateSchema(ctx(t), created.DB, created.Dialect, migrations.PrefectSchemaOnly()); err != nil {
				t.Fatal(err)
			}
			requireSameSchema(t, "Prefect 3.8.3 reference vs CreateSchema(PrefectSchemaOnly)", want, inspect(t, created))
			up := dbtest.Open(t, dbtest.URL(t, dialect))
			if err := migrations.Upgrade(ctx(t), up.DB, up.Dialect, migrations.PrefectSchemaOnly(), quiet); err != nil {
				t.Fatal(err)
			}
			requireSameSchema(t, "Prefect 3.8.3 reference vs Upgrade(PrefectSchemaOnly)", want, prefectSchema(t, up))
			own := ownIndexVersions(t, up.Dialect)
			for _, id := range appliedVersions(t, up.DB) {
				if own[id] {
					t.Errorf("Upgrade(PrefectSchemaOnly) recorded own-index version %s", id)
				}
			}
		})
	}
}

// TestOwnIndexLifecycle: a database Prefect 3.8.3 built is adopted at
// Prefect's version, then Migrate builds the own indexes (alembic_version
// untouched); Migrate with PrefectSchemaOnly drops them again (Status
// announces it), a default Migrate rebuilds them, Downgrade by one step
// drops them; ToPrefect, PrefectVersion and Stamp name Prefect's version or
// the own-index version after it as documented.
func TestOwnIndexLifecycle(t *testing.T) {
	for _, dialect := range dbtest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			c := ctx(t)
			db := releaseReference(t, "3.8.3", dialect)
			d := db.Dialect
			prefect := inspect(t, db)
			withOwn := inspect(t, buildOwnIndexes(t, releaseReference(t, "3.8.3", dialect)))
			head := releaseRevision(t, "3.8.3", dialect)
			ids := versionIDs(db)
			own := ownIndexVersions(t, d)
			last := ids[len(ids)-1]
			prefectLast := ids[slices.IndexFunc(ids, func(id string) bool { return own[id] })-1]
			if !own[last] {
				t.Fatalf("newest version %s is not an own-index version", last)
			}
			if v, err := migrations.PrefectVersion(d, "3.8.3"); err != nil || v != last {
				t.Errorf("PrefectVersion(3.8.3) = %q, %v; want %q", v, err, last)
			}
			if v, err := migrations.PrefectVersion(d, "3.8.3", migrations.PrefectSchemaOnly()); err != nil || v != prefectLast {
				t.Errorf("PrefectVersion(3.8.3, PrefectSchemaOnly) = %q, %v; want %q", v, err, prefectLast)
			}

			st, err := migrations.Status(c, db.DB, d)
			if err != nil || !st.Adoptable || st.AdoptTo != prefectLast {
				t.Fatalf("status of Prefect's database: adoptable=%v adopt to %q, %v; want %q", st.Adoptable, st.AdoptTo, err, prefectLast)
			}
			logOpt, logs := capture()
			if err := migrations.Migrate(c, db.DB, d, migrations.ToPrefect("3.8.3"), logOpt); err != nil {
				t.Fatal(err)
			}
			var ran []string
			for _, r := range logs.records(t) {
				if r.Msg == migrations.MsgStarted {
					ran = append(ran, r.Version)
				}
			}
			if wantRan := ids[slices.Index(ids, prefectLast)+1:]; !slices.Equal(ran, wantRan) {
				t.Errorf("Migrate after adoption ran %q, want the own-index versions %q", ran, wantRan)
			}
			requireSameSchema(t, "reference with own indexes vs adopted and migrated", withOwn, prefectSchema(t, db))
			if got := appliedVersions(t, db.DB); !slices.Equal(got, ids) {
				t.Errorf("%s = %q, want %q", migrations.TableName, got, ids)
			}
			if rows := alembicRows(t, db.DB); !slices.Equal(rows, []string{head}) {
				t.Errorf("alembic_version = %q, want [%q]", rows, head)
			}

			st, err = migrations.Status(c, db.DB, d, migrations.PrefectSchemaOnly())
			if err != nil || st.Refusal != nil || st.Current() != prefectLast || !slices.Equal(st.OwnIndexesToDrop, ids[slices.Index(ids, prefectLast)+1:]) {
				t.Fatalf("Status(PrefectSchemaOnly): current %q, to drop %q, refusal %v, %v", st.Current(), st.OwnIndexesToDrop, st.Refusal, err)
			}
			if err := migrations.Migrate(c, db.DB, d, migrations.PrefectSchemaOnly(), quiet); err != nil {
				t.Fatal(err)
			}
			requireSameSchema(t, "Prefect 3.8.3 reference vs Migrate(PrefectSchemaOnly)", prefect, prefectSchema(t, db))
			if got, want := appliedVersions(t, db.DB), ids[:slices.Index(ids, prefectLast)+1]; !slices.Equal(got, want) {
				t.Errorf("%s = %q after PrefectSchemaOnly, want %q", migrations.TableName, got, want)
			}
			if st, err := migrations.Status(c, db.DB, d, migrations.PrefectSchemaOnly()); err != nil || len(st.OwnIndexesToDrop) != 0 || st.Refusal != nil {
				t.Errorf("Status(PrefectSchemaOnly) after dropping: to drop %q, refusal %v, %v", st.OwnIndexesToDrop, st.Refusal, err)
			}

			if err := migrations.Migrate(c, db.DB, d, quiet); err != nil {
				t.Fatal(err)
			}
			requireSameSchema(t, "reference with own indexes vs Migrate again", withOwn, prefectSchema(t, db))
			// Downgrading one step per own-index version leaves Prefect's
			// schema.
			if err := migrations.Downgrade(c, db.DB, d, migrations.Steps(len(ids)-slices.Index(ids, prefectLast)-1), quiet); err != nil {
				t.Fatal(err)
			}
			requireSameSchema(t, "Prefect 3.8.3 reference vs Downgrade of the own-index versions", prefect, prefectSchema(t, db))

			// Stamp ToPrefect records Prefect's version, not the own-index
			// versions whose indexes Prefect does not build.
			if err := migrations.Stamp(c, db.DB, d, migrations.ToPrefect("3.8.3"), quiet); err != nil {
				t.Fatal(err)
			}
			if got, want := appliedVersions(t, db.DB), ids[:slices.Index(ids, prefectLast)+1]; !slices.Equal(got, want) {
				t.Errorf("%s = %q after Stamp(ToPrefect), want %q", migrations.TableName, got, want)
			}
		})
	}
}

// TestCreateSchemaOwnIndexes: a database CreateSchema built (with its own
// indexes) is adopted at the newest version with no DDL; Upgrade with
// PrefectSchemaOnly drops the indexes CreateSchema built, and so does
// CreateSchema with PrefectSchemaOnly, which otherwise issues no DDL on a
// complete schema.
func TestCreateSchemaOwnIndexes(t *testing.T) {
	for _, dialect := range dbtest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			c := ctx(t)
			prefect := inspect(t, releaseReference(t, "3.8.3", dialect))
			db := dbtest.New(t, dialect)
			st, err := migrations.Status(c, db.DB, db.Dialect, migrations.PrefectSchemaOnly())
			if err != nil || len(st.OwnIndexesToDrop) == 0 {
				t.Fatalf("Status(PrefectSchemaOnly) of CreateSchema's database: to drop %q, %v", st.OwnIndexesToDrop, err)
			}
			if err := migrations.Upgrade(c, db.DB, db.Dialect, migrations.PrefectSchemaOnly(), quiet); err != nil {
				t.Fatal(err)
			}
			requireSameSchema(t, "Prefect 3.8.3 reference vs CreateSchema's database after Upgrade(PrefectSchemaOnly)", prefect, prefectSchema(t, db))

			again := dbtest.New(t, dialect)
			if err := migrations.CreateSchema(c, again.DB, again.Dialect, migrations.PrefectSchemaOnly()); err != nil {
				t.Fatal(err)
			}
			requireSameSchema(t, "Prefect 3.8.3 reference vs CreateSchema(PrefectSchemaOnly) over CreateSchema", prefect, inspect(t, again))
			rec := recordDDL(t, again.DB)
			if err := migrations.CreateSchema(c, again.DB, again.Dialect, migrations.PrefectSchemaOnly()); err != nil {
				t.Fatal(err)
			}
			if len(rec.ddl) != 0 {
				t.Errorf("second CreateSchema(PrefectSchemaOnly) issued DDL %q", rec.ddl)
			}
		})
	}
}
