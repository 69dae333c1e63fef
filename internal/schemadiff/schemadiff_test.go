package schemadiff_test

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"
	_ "github.com/mattn/go-sqlite3"

	"github.com/prefectorm/prefectorm/internal/schemadiff"
	"github.com/prefectorm/prefectorm/internal/testdb"
)

const (
	sqliteDump   = "../../testdata/prefect-3.0-sqlite.sql"
	postgresDump = "../../testdata/prefect-3.0-postgres.sql"
)

// openDB returns a fresh, empty database of the dialect, closed at cleanup.
func openDB(t *testing.T, dialect string) *sql.DB {
	t.Helper()
	var db *sql.DB
	var err error
	switch dialect {
	case schemadiff.SQLite:
		db, err = sql.Open("sqlite3", testdb.SQLite(t))
	case schemadiff.Postgres:
		db, err = sql.Open("pgx", testdb.Postgres(t))
	default:
		t.Fatalf("unknown dialect %q", dialect)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func dumpOf(dialect string) string {
	if dialect == schemadiff.Postgres {
		return postgresDump
	}
	return sqliteDump
}

// loadReference returns a fresh database holding the dialect's reference dump.
func loadReference(t *testing.T, dialect string) *sql.DB {
	t.Helper()
	db := openDB(t, dialect)
	if err := schemadiff.LoadReference(context.Background(), db, dialect, dumpOf(dialect)); err != nil {
		t.Fatal(err)
	}
	return db
}

func inspect(t *testing.T, db *sql.DB, dialect string) *schemadiff.Schema {
	t.Helper()
	s, err := schemadiff.Inspect(context.Background(), db, dialect)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func table(t *testing.T, s *schemadiff.Schema, name string) *schemadiff.Table {
	t.Helper()
	tb := s.Tables[name]
	if tb == nil {
		t.Fatalf("table %q not found", name)
	}
	return tb
}

func index(t *testing.T, s *schemadiff.Schema, tableName, name string) schemadiff.Index {
	t.Helper()
	ix, ok := table(t, s, tableName).Indexes[name]
	if !ok {
		t.Fatalf("index %s.%s not found", tableName, name)
	}
	return ix
}

func fk(t *testing.T, s *schemadiff.Schema, tableName, name string) schemadiff.ForeignKey {
	t.Helper()
	f, ok := table(t, s, tableName).ForeignKeys[name]
	if !ok {
		t.Fatalf("foreign key %s.%s not found", tableName, name)
	}
	return f
}

func eq[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %#v, want %#v", what, got, want)
	}
}

func eqList(t *testing.T, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s = %q, want %q", what, got, want)
	}
}

// checkCommon asserts facts that hold for both reference dumps.
func checkCommon(t *testing.T, s *schemadiff.Schema) {
	t.Helper()
	eq(t, "number of tables", len(s.Tables), 36)
	for _, skipped := range []string{"alembic_version", "sqlite_sequence"} {
		if _, ok := s.Tables[skipped]; ok {
			t.Errorf("table %q should be skipped", skipped)
		}
	}
	if got := s.InvalidIndexes(); len(got) != 0 {
		t.Errorf("invalid indexes: %q", got)
	}

	flow := table(t, s, "flow")
	eq(t, "flow primary key name", flow.PrimaryKey.Name, "pk_flow")
	eqList(t, "flow primary key columns", flow.PrimaryKey.Columns, []string{"id"})
	eqList(t, "flow uq_flow__name", flow.Uniques["uq_flow__name"].Columns, []string{"name"})
	eq(t, "flow unique constraints", len(flow.Uniques), 1)
	eq(t, "flow uq_flow__name name", flow.Uniques["uq_flow__name"].Name, "uq_flow__name")
	eqList(t, "work_queue uq_work_queue__work_pool_id_name",
		table(t, s, "work_queue").Uniques["uq_work_queue__work_pool_id_name"].Columns, []string{"work_pool_id", "name"})

	f := fk(t, s, "flow_run", "fk_flow_run__flow_id__flow")
	eq(t, "fk name", f.Name, "fk_flow_run__flow_id__flow")
	eqList(t, "fk columns", f.Columns, []string{"flow_id"})
	eq(t, "fk ref table", f.RefTable, "flow")
	eqList(t, "fk ref columns", f.RefColumns, []string{"id"})
	eq(t, "fk on delete", f.OnDelete, "CASCADE")
	// ON DELETE cascade (lower case in the SQLite text), SET NULL, RESTRICT
	// and no action at all.
	eq(t, "worker fk on delete", fk(t, s, "worker", "fk_worker__work_pool_id__work_pool").OnDelete, "CASCADE")
	eq(t, "flow_run state fk on delete", fk(t, s, "flow_run", "fk_flow_run__state_id__flow_run_state").OnDelete, "SET NULL")
	eq(t, "work_pool fk on delete", fk(t, s, "work_pool", "fk_work_pool__default_queue_id__work_queue").OnDelete, "RESTRICT")
	eq(t, "agent fk on delete", fk(t, s, "agent", "fk_agent__work_queue_id__work_queue").OnDelete, "NO ACTION")

	// Constraint-backed indexes are not indexes.
	for _, tb := range s.Tables {
		for name := range tb.Indexes {
			if strings.HasPrefix(name, "sqlite_autoindex_") || strings.HasPrefix(name, "pk_") || tb.Uniques[name].Name != "" {
				t.Errorf("%s: constraint index %q listed as an index", tb.Name, name)
			}
		}
		if tb.PrimaryKey.Name != "pk_"+tb.Name {
			t.Errorf("%s: primary key name %q", tb.Name, tb.PrimaryKey.Name)
		}
	}
	eq(t, "unique index uq_block_type__slug", index(t, s, "block_type", "uq_block_type__slug").Unique, true)
	eq(t, "ix_flow__created unique", index(t, s, "flow", "ix_flow__created").Unique, false)
	eqList(t, "ix_automation_bucket__automation_id__end", index(t, s, "automation_bucket", "ix_automation_bucket__automation_id__end").Elements[:1], []string{"automation_id"})
}

func TestReferenceSQLite(t *testing.T) {
	s := inspect(t, loadReference(t, schemadiff.SQLite), schemadiff.SQLite)
	checkCommon(t, s)
	eq(t, "enums", len(s.Enums), 0)

	cols := []struct {
		table, column string
		want          schemadiff.Column
	}{
		{"flow_run_state", "type", schemadiff.Column{Name: "type", Type: "VARCHAR(9)", NotNull: true}},
		{"flow", "id", schemadiff.Column{Name: "id", Type: "CHAR(36)", NotNull: true, Default: "(lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))),2) || '-' || substr('89ab',abs(random()) % 4 + 1, 1) || substr(lower(hex(randomblob(2))),2) || '-' || lower(hex(randomblob(6))))"}},
		// DEFAULT ((...)) in the batch-rebuilt tables reads back the same.
		{"flow_run", "id", schemadiff.Column{Name: "id", Type: "CHAR(36)", NotNull: true, Default: "(lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))),2) || '-' || substr('89ab',abs(random()) % 4 + 1, 1) || substr(lower(hex(randomblob(2))),2) || '-' || lower(hex(randomblob(6))))"}},
		{"flow", "created", schemadiff.Column{Name: "created", Type: "DATETIME", NotNull: true, Default: "strftime('%Y-%m-%d %H:%M:%f000', 'now')"}},
		{"flow", "tags", schemadiff.Column{Name: "tags", Type: "JSON", NotNull: true, Default: "'[]'"}},
		{"flow_run", "total_run_time", schemadiff.Column{Name: "total_run_time", Type: "DATETIME", NotNull: true, Default: "'0'"}},
		{"flow_run", "job_variables", schemadiff.Column{Name: "job_variables", Type: "JSON", Default: "'{}'"}},
		{"deployment", "paused", schemadiff.Column{Name: "paused", Type: "BOOLEAN", NotNull: true, Default: "'0'"}},
		{"work_queue", "description", schemadiff.Column{Name: "description", Type: "VARCHAR", NotNull: true, Default: "''"}},
		{"configuration", "key", schemadiff.Column{Name: "key", Type: "VARCHAR", NotNull: true}},
		{"automation_bucket", "end", schemadiff.Column{Name: "end", Type: "DATETIME", NotNull: true}},
		{"concurrency_limit_v2", "limit", schemadiff.Column{Name: "limit", Type: "INTEGER", NotNull: true}},
	}
	for _, c := range cols {
		eq(t, c.table+"."+c.column, table(t, s, c.table).Columns[c.column], c.want)
	}

	eqList(t, "ix_flow_name_case_insensitive", index(t, s, "flow", "ix_flow_name_case_insensitive").Elements, []string{"name COLLATE NOCASE"})
	eqList(t, "ix_task_run_state_cache__cache_key_created_desc",
		index(t, s, "task_run_state_cache", "ix_task_run_state_cache__cache_key_created_desc").Elements, []string{"cache_key", "created DESC"})
	eqList(t, "ix_configuration__key", index(t, s, "configuration", "ix_configuration__key").Elements, []string{"key"})
	eq(t, "ix_flow__created method", index(t, s, "flow", "ix_flow__created").Method, "")
	// In the SQLite reference this index is on artifact_collection.
	eqList(t, "ix_artifact__key_created_desc",
		index(t, s, "artifact_collection", "ix_artifact__key_created_desc").Elements, []string{"key", "created DESC"})
	eqList(t, "uq_configuration__key", table(t, s, "configuration").Uniques["uq_configuration__key"].Columns, []string{"key"})
	eqList(t, "uq_flow_run_input__flow_run_id_key", table(t, s, "flow_run_input").Uniques["uq_flow_run_input__flow_run_id_key"].Columns, []string{"flow_run_id", "key"})
	// Names longer than PostgreSQL's 63 bytes are kept in full.
	fk(t, s, "block_document_reference", "fk_block_document_reference__parent_block_document_id__block_document")
}

func TestReferencePostgres(t *testing.T) {
	db := openDB(t, schemadiff.Postgres)
	db.SetMaxOpenConns(1) // the connection that loaded the dump is reused below
	if err := schemadiff.LoadReference(context.Background(), db, schemadiff.Postgres, postgresDump); err != nil {
		t.Fatal(err)
	}
	var searchPath string
	if err := db.QueryRow("SHOW search_path").Scan(&searchPath); err != nil {
		t.Fatal(err)
	}
	eq(t, "search_path after LoadReference", searchPath, `"$user", public`)

	s := inspect(t, db, schemadiff.Postgres)
	checkCommon(t, s)

	st := s.Enums["state_type"]
	eq(t, "state_type labels", len(st), 9)
	if len(st) > 0 {
		eq(t, "state_type first label", st[0], "SCHEDULED")
		eq(t, "state_type last label", st[len(st)-1], "CANCELLING")
	}
	eqList(t, "deployment_status", s.Enums["deployment_status"], []string{"READY", "NOT_READY"})
	eq(t, "enums", len(s.Enums), 5)

	cols := []struct {
		table, column string
		want          schemadiff.Column
	}{
		{"flow_run_state", "type", schemadiff.Column{Name: "type", Type: "state_type", NotNull: true}},
		{"flow", "id", schemadiff.Column{Name: "id", Type: "uuid", NotNull: true, Default: "gen_random_uuid()"}},
		{"flow", "created", schemadiff.Column{Name: "created", Type: "timestamp with time zone", NotNull: true, Default: "CURRENT_TIMESTAMP"}},
		{"flow", "tags", schemadiff.Column{Name: "tags", Type: "jsonb", NotNull: true, Default: "'[]'::jsonb"}},
		{"flow_run", "total_run_time", schemadiff.Column{Name: "total_run_time", Type: "interval", NotNull: true, Default: "'00:00:00'::interval"}},
		{"deployment", "paused", schemadiff.Column{Name: "paused", Type: "boolean", NotNull: true, Default: "false"}},
		{"deployment", "status", schemadiff.Column{Name: "status", Type: "deployment_status", NotNull: true, Default: "'NOT_READY'::deployment_status"}},
		{"work_queue", "description", schemadiff.Column{Name: "description", Type: "character varying", NotNull: true, Default: "''::character varying"}},
	}
	for _, c := range cols {
		eq(t, c.table+"."+c.column, table(t, s, c.table).Columns[c.column], c.want)
	}

	trgm := index(t, s, "flow", "trgm_ix_flow_name")
	eq(t, "trgm_ix_flow_name method", trgm.Method, "gin")
	eqList(t, "trgm_ix_flow_name elements", trgm.Elements, []string{"name gin_trgm_ops"})
	eqList(t, "ix_block_schema__capabilities elements", index(t, s, "block_schema", "ix_block_schema__capabilities").Elements, []string{"capabilities"})

	art := index(t, s, "artifact", "ix_artifact__key_created_desc")
	eqList(t, "ix_artifact__key_created_desc elements", art.Elements, []string{"key", "created DESC"})
	eqList(t, "ix_artifact__key_created_desc include", art.Include, []string{"id", "updated", "type", "task_run_id", "flow_run_id"})
	eq(t, "ix_artifact__key_created_desc method", art.Method, "btree")

	partial := index(t, s, "flow_run", "ix_flow_run__scheduler_deployment_id_auto_scheduled_next_schedu")
	if !strings.Contains(partial.Where, "state_type = 'SCHEDULED'") {
		t.Errorf("partial index Where = %q, want it to contain state_type = 'SCHEDULED'", partial.Where)
	}
	eqList(t, "partial index elements", partial.Elements, []string{"deployment_id", "auto_scheduled", "next_scheduled_start_time"})
	eqList(t, "coalesce desc index", index(t, s, "flow_run", "ix_flow_run__coalesce_start_time_expected_start_time_desc").Elements,
		[]string{"COALESCE(start_time, expected_start_time) DESC"})
	eqList(t, "uq_flow_run_state__flow_run_id_timestamp_desc",
		index(t, s, "flow_run_state", "uq_flow_run_state__flow_run_id_timestamp_desc").Elements, []string{"flow_run_id", `"timestamp" DESC`})

	f := fk(t, s, "block_document_reference", "fk_block_document_reference__parent_block_document_id___328f")
	eq(t, "truncated fk ref table", f.RefTable, "block_document")
	eq(t, "truncated fk on delete", f.OnDelete, "CASCADE")
}

func TestDiff(t *testing.T) {
	for _, dialect := range []string{schemadiff.SQLite, schemadiff.Postgres} {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			want := inspect(t, loadReference(t, dialect), dialect)
			db := loadReference(t, dialect)
			got := inspect(t, db, dialect)
			if d := schemadiff.Diff(want, got); len(d) != 0 {
				t.Fatalf("same reference loaded twice differs:\n%s", strings.Join(d, "\n"))
			}

			for _, stmt := range []string{
				"DROP INDEX ix_flow__created",
				"ALTER TABLE log ADD COLUMN extra INTEGER",
			} {
				if _, err := db.ExecContext(ctx, stmt); err != nil {
					t.Fatalf("%s: %v", stmt, err)
				}
			}
			got = inspect(t, db, dialect)
			eqList(t, "Diff(want, got)", schemadiff.Diff(want, got), []string{
				`flow: missing index "ix_flow__created"`,
				`log: unexpected column "extra"`,
			})
			eqList(t, "Diff(got, want)", schemadiff.Diff(got, want), []string{
				`flow: unexpected index "ix_flow__created"`,
				`log: missing column "extra"`,
			})
		})
	}
}

// TestDiffProperties changes properties of things present on both sides.
func TestDiffProperties(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		dialect string
		stmts   []string
		want    []string
	}{
		{
			dialect: schemadiff.SQLite,
			stmts: []string{
				`CREATE TABLE t (id INTEGER, a VARCHAR(9) NOT NULL DEFAULT 'x', CONSTRAINT pk_t PRIMARY KEY (id))`,
				`CREATE INDEX ix_t_a ON t (a)`,
			},
		},
		{
			dialect: schemadiff.SQLite,
			stmts: []string{
				`CREATE TABLE t (id INTEGER, a VARCHAR(10) DEFAULT 'y', CONSTRAINT pk_t2 PRIMARY KEY (id))`,
				`CREATE INDEX ix_t_a ON t (a DESC) WHERE a IS NOT NULL`,
			},
			want: []string{
				`t: column "a": default "'x'" vs "'y'"`,
				`t: column "a": not null true vs false`,
				`t: column "a": type "VARCHAR(9)" vs "VARCHAR(10)"`,
				`t: index "ix_t_a": elements ["a"] vs ["a DESC"]`,
				`t: index "ix_t_a": where "" vs "a IS NOT NULL"`,
				`t: primary key name "pk_t" vs "pk_t2"`,
			},
		},
		{
			dialect: schemadiff.Postgres,
			stmts: []string{
				`CREATE TYPE e AS ENUM ('a', 'b')`,
				`CREATE TABLE p (id int PRIMARY KEY)`,
				`CREATE TABLE t (id int, p_id int CONSTRAINT fk_t_p REFERENCES p (id) ON DELETE CASCADE, CONSTRAINT uq_t UNIQUE (id, p_id))`,
			},
		},
		{
			dialect: schemadiff.Postgres,
			stmts: []string{
				`CREATE TYPE e AS ENUM ('a', 'c')`,
				`CREATE TABLE p (id int PRIMARY KEY)`,
				`CREATE TABLE t (id int, p_id int CONSTRAINT fk_t_p REFERENCES p (id) ON DELETE SET NULL, CONSTRAINT uq_t UNIQUE (p_id, id))`,
			},
			want: []string{
				`enum "e": labels ["a", "b"] vs ["a", "c"]`,
				`t: foreign key "fk_t_p": on delete "CASCADE" vs "SET NULL"`,
				`t: unique constraint "uq_t": columns ["id", "p_id"] vs ["p_id", "id"]`,
			},
		},
	}
	var prev *schemadiff.Schema
	for i, c := range cases {
		db := openDB(t, c.dialect)
		for _, stmt := range c.stmts {
			if _, err := db.ExecContext(ctx, stmt); err != nil {
				t.Fatalf("case %d: %s: %v", i, stmt, err)
			}
		}
		s := inspect(t, db, c.dialect)
		if i%2 == 1 {
			eqList(t, c.dialect+" Diff", schemadiff.Diff(prev, s), c.want)
		}
		prev = s
	}
}

func TestUnknownDialect(t *testing.T) {
	db := openDB(t, schemadiff.SQLite)
	if _, err := schemadiff.Inspect(context.Background(), db, "mysql"); err == nil {
		t.Error("Inspect with dialect mysql: no error")
	}
	if err := schemadiff.LoadReference(context.Background(), db, "mysql", sqliteDump); err == nil {
		t.Error("LoadReference with dialect mysql: no error")
	}
}
