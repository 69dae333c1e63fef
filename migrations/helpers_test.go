package migrations_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/dialects"
	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/internal/schemadiff"
	"github.com/prefectorm/prefectorm/migrations"
)

// ctx bounds every migration call of a test.
func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return c
}

// quiet silences progress.
var quiet = migrations.WithLogger(nil)

// upgraded returns a fresh database of the dialect after Upgrade.
func upgraded(t *testing.T, dialect string) dbtest.DB {
	t.Helper()
	db := dbtest.Open(t, dbtest.URL(t, dialect))
	if err := migrations.Upgrade(ctx(t), db.DB, db.Dialect, quiet); err != nil {
		t.Fatalf("upgrade %s: %v", dialect, err)
	}
	return db
}

// prefectSchema inspects db without prefectorm's bookkeeping table.
func prefectSchema(t *testing.T, db dbtest.DB) *schemadiff.Schema {
	t.Helper()
	s := inspect(t, db)
	delete(s.Tables, migrations.TableName)
	return s
}

// requireSameSchema fails with the differences between want and got.
func requireSameSchema(t *testing.T, what string, want, got *schemadiff.Schema) {
	t.Helper()
	if d := schemadiff.Diff(want, got); len(d) > 0 {
		t.Fatalf("%s: %d schema differences:\n%s", what, len(d), strings.Join(d, "\n"))
	}
}

// tableNames lists the tables of db, sorted.
func tableNames(t *testing.T, db dbtest.DB) []string {
	t.Helper()
	q := "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
	if db.Dialect.Name() == "postgres" {
		q = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
	}
	var names []string
	if err := db.Raw(q).Scan(&names).Error; err != nil {
		t.Fatal(err)
	}
	return names
}

// enumTypes lists the enum types of the current schema (none on SQLite).
func enumTypes(t *testing.T, db dbtest.DB) []string {
	t.Helper()
	if db.Dialect.Name() != "postgres" {
		return nil
	}
	var names []string
	err := db.Raw(`SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
		WHERE t.typtype = 'e' AND n.nspname = current_schema() ORDER BY 1`).Scan(&names).Error
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// extensions lists the installed extensions other than plpgsql.
func extensions(t *testing.T, db dbtest.DB) []string {
	t.Helper()
	if db.Dialect.Name() != "postgres" {
		return nil
	}
	var names []string
	if err := db.Raw("SELECT extname FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY 1").Scan(&names).Error; err != nil {
		t.Fatal(err)
	}
	return names
}

// appliedVersions reads the bookkeeping table's ids, sorted, with a count
// per id (the primary key makes more than one impossible; reading them back
// proves it).
func appliedVersions(t *testing.T, db *gorm.DB) []string {
	t.Helper()
	var ids []string
	if err := db.Raw("SELECT id FROM " + migrations.TableName + " ORDER BY id").Scan(&ids).Error; err != nil {
		t.Fatal(err)
	}
	return ids
}

// alembicRows reads alembic_version.
func alembicRows(t *testing.T, db *gorm.DB) []string {
	t.Helper()
	var rows []string
	if err := db.Raw("SELECT version_num FROM alembic_version").Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	return rows
}

// versionIDs returns the ids of the dialect's versions.
func versionIDs(db dbtest.DB) []string {
	var ids []string
	for _, v := range db.Dialect.Migrations() {
		ids = append(ids, v.ID)
	}
	return ids
}

// logRecord is one progress message as the JSON handler writes it.
type logRecord struct {
	Msg       string  `json:"msg"`
	Version   string  `json:"version"`
	Direction string  `json:"direction"`
	Duration  *int64  `json:"duration"`
	Revision  string  `json:"alembic_revision"`
	Level     string  `json:"level"`
	Error     *string `json:"error"`
}

// logBuffer collects progress records.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) records(t *testing.T) []logRecord {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	return parseRecords(t, b.buf.String())
}

func parseRecords(t *testing.T, text string) []logRecord {
	t.Helper()
	var out []logRecord
	for line := range strings.Lines(text) {
		if !strings.HasPrefix(line, "{") {
			continue
		}
		var r logRecord
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		out = append(out, r)
	}
	return out
}

// capture returns a logger option writing JSON records to a buffer.
func capture() (migrations.Option, *logBuffer) {
	b := &logBuffer{}
	return migrations.WithLogger(slog.New(slog.NewJSONHandler(b, nil))), b
}

// releaseDumps lists the reference dumps in testdata by Alembic revision
// (the alembic_version row each ends with), per dialect: Prefect 3.0's and
// every testdata/releases/<release>/prefect-<release>-<dialect>.sql.
func releaseDumps(t *testing.T, dialect string) map[string]string {
	t.Helper()
	paths := []string{"../testdata/prefect-3.0-" + dialect + ".sql"}
	more, err := filepath.Glob("../testdata/releases/*/prefect-*-" + dialect + ".sql")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, p := range append(paths, more...) {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		m := dumpRevision.FindSubmatch(data)
		if m == nil {
			t.Fatalf("%s: no alembic_version row", p)
		}
		out[string(m[1])] = p
	}
	return out
}

var dumpRevision = regexp.MustCompile(`INSERT INTO (?:public\.)?alembic_version \(version_num\) VALUES \('([0-9a-f]+)'\)`)

// loadDump returns a fresh database of the dialect loaded from a dump.
func loadDump(t *testing.T, dialect, path string) dbtest.DB {
	t.Helper()
	db := dbtest.Open(t, dbtest.URL(t, dialect))
	sqlDB, err := db.DB.DB()
	if err != nil {
		t.Fatal(err)
	}
	if err := schemadiff.LoadReference(context.Background(), sqlDB, dialect, path); err != nil {
		t.Fatalf("load %s: %v", path, err)
	}
	return db
}

// latestReference returns a database loaded from the reference dump of the
// newest version's Prefect revision, with prefectorm's own indexes built
// (the schema a default Upgrade to the newest version builds).
func latestReference(t *testing.T, dialect string) dbtest.DB {
	t.Helper()
	db := dbtest.Open(t, dbtest.URL(t, dialect))
	rep, err := migrations.Status(ctx(t), db.DB, db.Dialect)
	if err != nil {
		t.Fatal(err)
	}
	rev := rep.Versions[len(rep.Versions)-1].AlembicRevision
	path, ok := releaseDumps(t, dialect)[rev]
	if !ok {
		t.Fatalf("no reference dump in testdata for revision %q", rev)
	}
	return buildOwnIndexes(t, loadDump(t, dialect, path))
}

// ownIndexVersions returns the dialect's own-index versions (Status'
// OwnIndex), by id.
func ownIndexVersions(t *testing.T, d dialects.Dialect) map[string]bool {
	t.Helper()
	db := dbtest.Open(t, dbtest.URL(t, d.Name()))
	rep, err := migrations.Status(ctx(t), db.DB, d)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, v := range rep.Versions {
		if v.OwnIndex {
			out[v.ID] = true
		}
	}
	return out
}

// emptyOwnIndexVersions returns the own-index versions whose up script
// creates no index on the dialect (such a version is indistinguishable
// from applied, so adoption takes it over).
func emptyOwnIndexVersions(t *testing.T, dialect string, own map[string]bool) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	for id := range own {
		script, err := os.ReadFile(filepath.Join(dialect, "sql", id+".up.sql"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(script), "CREATE INDEX") {
			out[id] = true
		}
	}
	return out
}

// buildOwnIndexes runs the up script of every own-index version on db, a
// database at Prefect's newest revision (such as a reference dump), as
// Migrate does after adopting it: the result is the schema a default
// Migrate builds.
func buildOwnIndexes(t *testing.T, db dbtest.DB) dbtest.DB {
	t.Helper()
	own := ownIndexVersions(t, db.Dialect)
	for _, m := range db.Dialect.Migrations() {
		if own[m.ID] {
			if err := m.Migrate(db.DB); err != nil {
				t.Fatalf("own-index version %s: %v", m.ID, err)
			}
		}
	}
	return db
}
