package migrations_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/prefectorm/prefectorm/dialects"
	"github.com/prefectorm/prefectorm/dialects/auto"
	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/internal/schemadiff"
	"github.com/prefectorm/prefectorm/migrations"
)

// flowRow is a row written before adoption, read back after it.
type flowRow struct {
	ID, Name, Created string
}

func readFlows(t *testing.T, db *gorm.DB) []flowRow {
	t.Helper()
	var rows []flowRow
	if err := db.Raw("SELECT CAST(id AS VARCHAR) AS id, name, CAST(created AS VARCHAR) AS created FROM flow ORDER BY name").Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestAdoptPrefectDatabase: a database built by Prefect 3.0 (or by
// CreateSchema, which writes 3.8.3's alembic_version row and builds the own
// indexes, and is adopted at the newest version) is recorded as
// being at the first version. The only DDL is the bookkeeping table; the
// schema, alembic_version and the data stay as they were, and a second
// Upgrade issues no DDL at all.
func TestAdoptPrefectDatabase(t *testing.T) {
	for _, dialect := range dbtest.Dialects {
		tests := []struct {
			name   string
			db     func(t *testing.T) dbtest.DB
			newest bool // adopted at the newest version rather than the first
		}{
			{"built by Prefect 3.0", func(t *testing.T) dbtest.DB { return reference(t, dialect) }, false},
			{"built by CreateSchema", func(t *testing.T) dbtest.DB { return dbtest.New(t, dialect) }, true},
		}
		for _, tt := range tests {
			t.Run(dialect+"/"+tt.name, func(t *testing.T) {
				db := tt.db(t)
				err := db.Exec("INSERT INTO flow (id, name) VALUES ('3f2504e0-4f89-41d3-9a0c-0305e82c3301', 'kept')").Error
				if err != nil {
					t.Fatal(err)
				}
				schemaBefore, flowsBefore := inspect(t, db), readFlows(t, db.DB)
				at, revision := first, wantRevision[dialect]
				if tt.newest {
					ids := versionIDs(db)
					at, revision = ids[len(ids)-1], releaseRevision(t, "3.8.3", dialect)
				}

				st, err := migrations.Status(ctx(t), db.DB, db.Dialect)
				if err != nil {
					t.Fatal(err)
				}
				if !st.Adoptable || st.Refusal != nil || st.Current() != migrations.Base || st.AlembicRevision != revision {
					t.Fatalf("status before adoption: adoptable=%v refusal=%v current=%q alembic=%q", st.Adoptable, st.Refusal, st.Current(), st.AlembicRevision)
				}

				rec := recordDDL(t, db.DB)
				logOpt, logs := capture()
				if err := migrations.Upgrade(ctx(t), db.DB, db.Dialect, migrations.To(at), logOpt); err != nil {
					t.Fatal(err)
				}
				if len(rec.ddl) != 1 || !strings.HasPrefix(rec.ddl[0], "CREATE TABLE "+migrations.TableName+" ") {
					t.Fatalf("adoption issued DDL %q, want only CREATE TABLE %s", rec.ddl, migrations.TableName)
				}
				if ids := appliedVersions(t, db.DB); !slices.Equal(ids, versionIDs(db)[:slices.Index(versionIDs(db), at)+1]) {
					t.Errorf("%s = %q, want the versions through %q", migrations.TableName, ids, at)
				}
				if rows := alembicRows(t, db.DB); !slices.Equal(rows, []string{revision}) {
					t.Errorf("alembic_version = %q after adoption", rows)
				}
				after := inspect(t, db)
				delete(after.Tables, migrations.TableName)
				requireSameSchema(t, "before vs after adoption", schemaBefore, after)
				if got := readFlows(t, db.DB); !reflect.DeepEqual(got, flowsBefore) {
					t.Errorf("flow rows %v after adoption, want %v", got, flowsBefore)
				}
				var adopted, started int
				for _, r := range logs.records(t) {
					switch r.Msg {
					case migrations.MsgAdopted:
						if r.Version == at && r.Revision == revision {
							adopted++
						}
					case migrations.MsgStarted:
						started++
					}
				}
				if adopted != 1 || started != 0 {
					t.Errorf("logged %d adoptions and %d started versions, want 1 and 0", adopted, started)
				}

				rec.ddl = nil
				if err := migrations.Upgrade(ctx(t), db.DB, db.Dialect, migrations.To(at), quiet); err != nil {
					t.Fatal(err)
				}
				if len(rec.ddl) != 0 {
					t.Errorf("second Upgrade issued DDL %q", rec.ddl)
				}
			})
		}
	}
}

// refusedCase is a database the runner must not touch.
type refusedCase struct {
	name  string
	setup func(t *testing.T, db dbtest.DB)
	want  string // in the error
}

var refusedCases = []refusedCase{
	{
		name: "unknown alembic revision",
		setup: func(t *testing.T, db dbtest.DB) {
			loadReference(t, db)
			execSQL(t, db.DB, "UPDATE alembic_version SET version_num = 'abc123'")
		},
		want: `unknown alembic revision "abc123" in alembic_version`,
	},
	{
		name: "tables neither Prefect's nor prefectorm's",
		setup: func(t *testing.T, db dbtest.DB) {
			execSQL(t, db.DB, "CREATE TABLE inventory (id INTEGER PRIMARY KEY, item VARCHAR(20))")
			execSQL(t, db.DB, "INSERT INTO inventory (id, item) VALUES (1, 'anvil')")
		},
		want: "database holds 1 tables (inventory) but neither prefectorm_migrations nor Prefect's alembic_version",
	},
	{
		name: "Prefect revision without Prefect's tables",
		setup: func(t *testing.T, db dbtest.DB) {
			execSQL(t, db.DB, `CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))`)
			execSQL(t, db.DB, "INSERT INTO alembic_version (version_num) VALUES ('"+wantRevision[db.Dialect.Name()]+"')")
		},
		want: "tables agent, artifact, artifact_collection, automation, automation_bucket, … (31 more) are missing",
	},
	{
		name: "version recorded by a newer prefectorm",
		setup: func(t *testing.T, db dbtest.DB) {
			if err := migrations.Upgrade(ctx(t), db.DB, db.Dialect, quiet); err != nil {
				t.Fatal(err)
			}
			execSQL(t, db.DB, "INSERT INTO "+migrations.TableName+" (id) VALUES ('0099_future')")
		},
		want: `records versions ["0099_future"] that this prefectorm does not know`,
	},
}

func execSQL(t *testing.T, db *gorm.DB, sql string) {
	t.Helper()
	if err := db.Exec(sql).Error; err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func loadReference(t *testing.T, db dbtest.DB) {
	t.Helper()
	sqlDB, err := db.DB.DB()
	if err != nil {
		t.Fatal(err)
	}
	name := db.Dialect.Name()
	if err := schemadiff.LoadReference(context.Background(), sqlDB, name, "../testdata/prefect-3.0-"+name+".sql"); err != nil {
		t.Fatal(err)
	}
}

// TestRefuseUnrecognisedDatabase: Upgrade, Downgrade and Reset refuse a
// database they do not recognise with an error naming the problem and
// wrapping ErrRefused, and leave it unchanged: byte for byte on SQLite,
// catalog and data on PostgreSQL. Status reports the same refusal.
func TestRefuseUnrecognisedDatabase(t *testing.T) {
	ops := []struct {
		name string
		run  func(ctx context.Context, db *gorm.DB, d dialects.Dialect) error
	}{
		{"Upgrade", func(ctx context.Context, db *gorm.DB, d dialects.Dialect) error {
			return migrations.Upgrade(ctx, db, d, quiet)
		}},
		{"Migrate", func(ctx context.Context, db *gorm.DB, d dialects.Dialect) error {
			return migrations.Migrate(ctx, db, d, quiet)
		}},
		{"Downgrade", func(ctx context.Context, db *gorm.DB, d dialects.Dialect) error {
			return migrations.Downgrade(ctx, db, d, migrations.To(migrations.Base), quiet)
		}},
		{"Reset", func(ctx context.Context, db *gorm.DB, d dialects.Dialect) error {
			return migrations.Reset(ctx, db, d, migrations.Confirm(), quiet)
		}},
	}
	for _, dialect := range dbtest.Dialects {
		for _, tc := range refusedCases {
			t.Run(dialect+"/"+tc.name, func(t *testing.T) {
				t.Parallel() // each case has its own database
				url := dbtest.URL(t, dialect)
				db := openClosable(t, url)
				tc.setup(t, db)
				st, err := migrations.Status(ctx(t), db.DB, db.Dialect)
				if err != nil || !errors.Is(st.Refusal, migrations.ErrRefused) || !strings.Contains(st.Refusal.Error(), tc.want) {
					t.Errorf("Status: refusal %v (err %v), want one containing %q", st.Refusal, err, tc.want)
				}
				before := snapshot(t, db)
				closeDB(t, db)
				before.file = fileOf(t, url)
				for _, op := range ops {
					db := openClosable(t, url)
					err := op.run(ctx(t), db.DB, db.Dialect)
					if !errors.Is(err, migrations.ErrRefused) || !strings.Contains(err.Error(), tc.want) {
						t.Errorf("%s: error %v, want one wrapping ErrRefused containing %q", op.name, err, tc.want)
					}
					after := snapshot(t, db)
					closeDB(t, db)
					after.file = fileOf(t, url)
					if !bytes.Equal(before.file, after.file) {
						t.Errorf("%s changed the SQLite file (%d bytes before, %d after)", op.name, len(before.file), len(after.file))
					}
					if d := schemadiff.Diff(before.schema, after.schema); len(d) > 0 {
						t.Errorf("%s changed the catalog:\n%s", op.name, strings.Join(d, "\n"))
					}
					if !reflect.DeepEqual(before.data, after.data) || !slices.Equal(before.types, after.types) {
						t.Errorf("%s changed tables, data or types:\nbefore %v %v\nafter  %v %v", op.name, before.data, before.types, after.data, after.types)
					}
				}
			})
		}
	}
}

// dbSnapshot is everything a refused call must leave as it was.
type dbSnapshot struct {
	file   []byte // SQLite: the database file after the last connection closed
	schema *schemadiff.Schema
	data   map[string]string // table -> all rows as text
	types  []string          // PostgreSQL: enum types and extensions
}

// openClosable opens url; closeDB closes it (SQLite then checkpoints and
// removes the WAL, so the file holds everything).
func openClosable(t *testing.T, url string) dbtest.DB {
	t.Helper()
	db, d, err := auto.Open(context.Background(), url, dialects.Options{Logger: logger.Discard})
	if err != nil {
		t.Fatal(err)
	}
	return dbtest.DB{DB: db, Dialect: d, URL: url}
}

func closeDB(t *testing.T, db dbtest.DB) {
	t.Helper()
	sqlDB, err := db.DB.DB()
	if err != nil {
		t.Fatal(err)
	}
	if err := sqlDB.Close(); err != nil {
		t.Fatal(err)
	}
}

// snapshot reads the catalog, every table's rows and, on PostgreSQL, the
// enum types and extensions of db.
func snapshot(t *testing.T, db dbtest.DB) dbSnapshot {
	t.Helper()
	s := dbSnapshot{schema: inspect(t, db), data: map[string]string{}}
	s.types = append(enumTypes(t, db), extensions(t, db)...)
	for _, table := range tableNames(t, db) {
		q := `SELECT coalesce(string_agg(CAST(x AS text), '|' ORDER BY CAST(x AS text)), '') FROM "` + table + `" x`
		if db.Dialect.Name() == "sqlite" {
			q = `SELECT count(*) || ':' || coalesce(group_concat(rowid), '') FROM "` + table + `"`
		}
		var rows string
		if err := db.Raw(q).Scan(&rows).Error; err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		s.data[table] = rows
	}
	return s
}

// fileOf returns the bytes of a closed SQLite database (nil for PostgreSQL),
// requiring that no WAL file is left beside it.
func fileOf(t *testing.T, url string) []byte {
	t.Helper()
	path, ok := strings.CutPrefix(url, "sqlite:///")
	if !ok {
		return nil
	}
	file, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + "-wal"); err == nil {
		t.Fatalf("%s-wal still exists after closing", path)
	}
	return file
}

// TestResetPrefectDatabase: Reset on a Prefect-built database adopts it,
// drops it with its data and builds the reference schema again.
func TestResetPrefectDatabase(t *testing.T) {
	for _, dialect := range dbtest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			db := reference(t, dialect)
			latest := latestReference(t, dialect)
			want := inspect(t, latest)
			execSQL(t, db.DB, "INSERT INTO flow (id, name) VALUES ('3f2504e0-4f89-41d3-9a0c-0305e82c3301', 'dropped')")
			if err := migrations.Reset(ctx(t), db.DB, db.Dialect, migrations.Confirm(), quiet); err != nil {
				t.Fatal(err)
			}
			if got := readFlows(t, db.DB); len(got) != 0 {
				t.Errorf("flow rows %v survived Reset", got)
			}
			if ids := appliedVersions(t, db.DB); !slices.Equal(ids, versionIDs(db)) {
				t.Errorf("%s = %q after Reset", migrations.TableName, ids)
			}
			requireSameSchema(t, "newest reference vs after Reset", want, prefectSchema(t, db))
			if rows := alembicRows(t, db.DB); !slices.Equal(rows, alembicRows(t, latest.DB)) {
				t.Errorf("alembic_version = %q after Reset", rows)
			}
		})
	}
}

// TestAdoptEveryRelease: a database loaded from the reference dump of
// Prefect 3.0 and of every release in testdata/releases is recognised as
// being at that release's version, adopted with no DDL but the bookkeeping
// table (catalog and rows unchanged) and then upgraded to the newest
// version, ending identical to the newest reference.
func TestAdoptEveryRelease(t *testing.T) {
	for _, dialect := range dbtest.Dialects {
		for rev, path := range releaseDumps(t, dialect) {
			release := filepath.Base(filepath.Dir(path))
			if release == "testdata" {
				release = "3.0.0"
			}
			t.Run(dialect+"/"+release, func(t *testing.T) {
				t.Parallel()
				db := loadDump(t, dialect, path)
				execSQL(t, db.DB, "INSERT INTO flow (id, name) VALUES ('3f2504e0-4f89-41d3-9a0c-0305e82c3301', 'kept')")
				schemaBefore, flowsBefore := inspect(t, db), readFlows(t, db.DB)
				// Adoption records Prefect's versions only: the own-index
				// versions after the newest are built by the Upgrade below.
				at, err := migrations.PrefectVersion(db.Dialect, release, migrations.PrefectSchemaOnly())
				if err != nil {
					t.Fatal(err)
				}
				st, err := migrations.Status(ctx(t), db.DB, db.Dialect)
				if err != nil {
					t.Fatal(err)
				}
				if !st.Adoptable || st.AdoptTo != at || st.Refusal != nil || st.AlembicRevision != rev {
					t.Fatalf("status: adoptable=%v adopt to %q (want %q) refusal=%v alembic=%q", st.Adoptable, st.AdoptTo, at, st.Refusal, st.AlembicRevision)
				}
				rec := recordDDL(t, db.DB)
				logOpt, logs := capture()
				if err := migrations.Upgrade(ctx(t), db.DB, db.Dialect, migrations.ToPrefect(release), migrations.PrefectSchemaOnly(), logOpt); err != nil {
					t.Fatal(err)
				}
				if len(rec.ddl) != 1 || !strings.HasPrefix(rec.ddl[0], "CREATE TABLE "+migrations.TableName+" ") {
					t.Fatalf("adoption issued DDL %q, want only CREATE TABLE %s", rec.ddl, migrations.TableName)
				}
				ids := versionIDs(db)
				want := ids[:slices.Index(ids, at)+1]
				if got := appliedVersions(t, db.DB); !slices.Equal(got, want) {
					t.Errorf("%s = %q, want %q", migrations.TableName, got, want)
				}
				for _, r := range logs.records(t) {
					if r.Msg == migrations.MsgStarted {
						t.Errorf("adoption ran version %q", r.Version)
					}
				}
				requireSameSchema(t, "before vs after adoption", schemaBefore, prefectSchema(t, db))
				if rows := alembicRows(t, db.DB); !slices.Equal(rows, []string{rev}) {
					t.Errorf("alembic_version = %q after adoption, want [%q]", rows, rev)
				}

				if err := migrations.Upgrade(ctx(t), db.DB, db.Dialect, quiet); err != nil {
					t.Fatal(err)
				}
				latest := latestReference(t, dialect)
				requireSameSchema(t, "newest reference vs adopted and upgraded", inspect(t, latest), prefectSchema(t, db))
				if got, want := alembicRows(t, db.DB), alembicRows(t, latest.DB); !slices.Equal(got, want) {
					t.Errorf("alembic_version = %q after the upgrade, want %q", got, want)
				}
				if got := appliedVersions(t, db.DB); !slices.Equal(got, ids) {
					t.Errorf("%s = %q after the upgrade, want %q", migrations.TableName, got, ids)
				}
				if got := readFlows(t, db.DB); !reflect.DeepEqual(got, flowsBefore) {
					t.Errorf("flow rows %v after the upgrade, want %v", got, flowsBefore)
				}
			})
		}
	}
}

// TestAdoptEveryRevision: a database at any revision of the chain, as
// Prefect's migrations leave it (built here by Upgrade To that version,
// then without prefectorm's bookkeeping), is adopted at exactly that
// version with no DDL but the bookkeeping table; and a database whose
// bookkeeping lags behind its alembic_version (Prefect's server migrated
// it further) is caught up with no DDL at all.
func TestAdoptEveryRevision(t *testing.T) {
	for _, dialect := range dbtest.Dialects {
		db := dbtest.Open(t, dbtest.URL(t, dialect))
		ids := versionIDs(db)
		revisions := versionRevisions(t, db.Dialect)
		own := ownIndexVersions(t, db.Dialect)
		emptyOwn := emptyOwnIndexVersions(t, dialect, own)
		for k, id := range ids {
			for _, catchUp := range []bool{false, true} {
				if catchUp && k == 0 {
					continue
				}
				name := dialect + "/" + id + map[bool]string{false: "/adopt", true: "/catch up"}[catchUp]
				t.Run(name, func(t *testing.T) {
					t.Parallel()
					db := dbtest.Open(t, dbtest.URL(t, dialect))
					if err := migrations.Upgrade(ctx(t), db.DB, db.Dialect, migrations.To(id), quiet); err != nil {
						t.Fatal(err)
					}
					kept := 0 // versions left recorded
					if catchUp {
						kept = 1
						execSQL(t, db.DB, "DELETE FROM "+migrations.TableName+" WHERE id <> '"+ids[0]+"'")
					} else {
						execSQL(t, db.DB, "DROP TABLE "+migrations.TableName)
					}
					// The newest version of the same revision (past a no-op),
					// but no own-index version after id, unless it creates
					// nothing on the dialect: Upgrade To(id) did not build
					// its indexes.
					at := k
					for at+1 < len(ids) && revisions[ids[at+1]] == revisions[id] && (!own[ids[at+1]] || emptyOwn[ids[at+1]]) {
						at++
					}
					st, err := migrations.Status(ctx(t), db.DB, db.Dialect)
					if err != nil {
						t.Fatal(err)
					}
					wantAdopt := at >= kept
					if st.Refusal != nil || st.Adoptable != wantAdopt || (wantAdopt && st.AdoptTo != ids[at]) {
						t.Fatalf("status: adoptable=%v adopt to %q (want %q) refusal=%v", st.Adoptable, st.AdoptTo, ids[at], st.Refusal)
					}
					before := prefectSchema(t, db)
					rec := recordDDL(t, db.DB)
					if err := migrations.Upgrade(ctx(t), db.DB, db.Dialect, migrations.To(ids[at]), quiet); err != nil {
						t.Fatal(err)
					}
					for _, ddl := range rec.ddl {
						if catchUp || !strings.HasPrefix(ddl, "CREATE TABLE "+migrations.TableName+" ") {
							t.Errorf("adoption issued DDL %q", ddl)
						}
					}
					if got := appliedVersions(t, db.DB); !slices.Equal(got, ids[:at+1]) {
						t.Errorf("%s = %q, want %q", migrations.TableName, got, ids[:at+1])
					}
					requireSameSchema(t, "before vs after adoption", before, prefectSchema(t, db))
				})
			}
		}
	}
}
