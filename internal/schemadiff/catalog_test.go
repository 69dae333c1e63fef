package schemadiff_test

import (
	"context"
	"database/sql"
	"slices"
	"testing"
	"time"

	"github.com/prefectorm/prefectorm/internal/schemadiff"
)

// TestSQLiteDDLForms covers CREATE TABLE forms the reference dump does not
// use: GORM-style backticks, column-level constraints, unnamed constraints,
// REFERENCES without a column list, comments, expression and partial indexes.
func TestSQLiteDDLForms(t *testing.T) {
	ctx := context.Background()
	db := openDB(t, schemadiff.SQLite)
	ddl := []string{
		"CREATE TABLE `parent` (`id` integer, `code` text, PRIMARY KEY (`id`))",
		`CREATE TABLE [child] (
			-- a comment with CONSTRAINT fake PRIMARY KEY (x)
			"id" TEXT CONSTRAINT pk_child PRIMARY KEY,
			"end" DATETIME /* UNIQUE */ NOT NULL,
			[limit] INTEGER UNIQUE,
			parent_id INTEGER CONSTRAINT fk_child_parent REFERENCES parent ON DELETE SET NULL ON UPDATE CASCADE,
			other_id INTEGER REFERENCES "parent" ("id") DEFERRABLE INITIALLY DEFERRED,
			note TEXT DEFAULT ( 'a  (b)' ) CHECK (note <> 'PRIMARY KEY'),
			CONSTRAINT "uq_child_end_note" UNIQUE ("end", note),
			UNIQUE (note, "limit"),
			FOREIGN KEY (note) REFERENCES parent (code) ON DELETE RESTRICT
		)`,
		`CREATE INDEX ix_child_expr ON child (lower(note), "end" DESC, note COLLATE NOCASE ASC) WHERE "limit" > 0 AND  note IS NOT NULL;`,
		`CREATE UNIQUE INDEX ix_child_expr_desc ON child (  abs( "limit" )   DESC)`,
	}
	for _, stmt := range ddl {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	s := inspect(t, db, schemadiff.SQLite)

	parent := table(t, s, "parent")
	eq(t, "parent primary key name", parent.PrimaryKey.Name, "")
	eqList(t, "parent primary key columns", parent.PrimaryKey.Columns, []string{"id"})

	child := table(t, s, "child")
	eq(t, "child primary key name", child.PrimaryKey.Name, "pk_child")
	eq(t, "child.note default", child.Columns["note"].Default, "'a  (b)'")
	eq(t, "child.end", child.Columns["end"], schemadiff.Column{Name: "end", Type: "DATETIME", NotNull: true})

	wantUniques := map[string]schemadiff.Constraint{
		"uq_child_end_note":                              {Name: "uq_child_end_note", Columns: []string{"end", "note"}},
		schemadiff.UnnamedKey([]string{"limit"}):         {Columns: []string{"limit"}},
		schemadiff.UnnamedKey([]string{"note", "limit"}): {Columns: []string{"note", "limit"}},
	}
	eq(t, "number of uniques", len(child.Uniques), len(wantUniques))
	for k, w := range wantUniques {
		g, ok := child.Uniques[k]
		if !ok || g.Name != w.Name || !slices.Equal(g.Columns, w.Columns) {
			t.Errorf("unique %q = %+v (found %v), want %+v", k, g, ok, w)
		}
	}

	wantFKs := map[string]schemadiff.ForeignKey{
		"fk_child_parent": {Name: "fk_child_parent", Columns: []string{"parent_id"}, RefTable: "parent", RefColumns: []string{"id"}, OnDelete: "SET NULL"},
		schemadiff.UnnamedKey([]string{"other_id"}): {Columns: []string{"other_id"}, RefTable: "parent", RefColumns: []string{"id"}, OnDelete: "NO ACTION"},
		schemadiff.UnnamedKey([]string{"note"}):     {Columns: []string{"note"}, RefTable: "parent", RefColumns: []string{"code"}, OnDelete: "RESTRICT"},
	}
	eq(t, "number of foreign keys", len(child.ForeignKeys), len(wantFKs))
	for k, w := range wantFKs {
		g, ok := child.ForeignKeys[k]
		if !ok || g.Name != w.Name || !slices.Equal(g.Columns, w.Columns) || g.RefTable != w.RefTable ||
			!slices.Equal(g.RefColumns, w.RefColumns) || g.OnDelete != w.OnDelete {
			t.Errorf("foreign key %q = %+v (found %v), want %+v", k, g, ok, w)
		}
	}

	eq(t, "number of indexes", len(child.Indexes), 2)
	ix := index(t, s, "child", "ix_child_expr")
	eqList(t, "ix_child_expr elements", ix.Elements, []string{"lower(note)", "end DESC", "note COLLATE NOCASE"})
	eq(t, "ix_child_expr where", ix.Where, `"limit" > 0 AND note IS NOT NULL`)
	eq(t, "ix_child_expr valid", ix.Valid, true)
	ix = index(t, s, "child", "ix_child_expr_desc")
	eqList(t, "ix_child_expr_desc elements", ix.Elements, []string{`abs("limit") DESC`})
	eq(t, "ix_child_expr_desc unique", ix.Unique, true)

	// An unnamed constraint shows up in a diff against a named one.
	named := &schemadiff.Schema{Tables: map[string]*schemadiff.Table{"parent": {
		Name:        "parent",
		Columns:     parent.Columns,
		PrimaryKey:  schemadiff.Constraint{Name: "pk_parent", Columns: []string{"id"}},
		Uniques:     parent.Uniques,
		Indexes:     parent.Indexes,
		ForeignKeys: parent.ForeignKeys,
	}}}
	unnamed := &schemadiff.Schema{Tables: map[string]*schemadiff.Table{"parent": parent}}
	eqList(t, "Diff", schemadiff.Diff(named, unnamed), []string{`parent: primary key name "pk_parent" vs ""`})
}

// TestPostgresIndexElements covers index element modifiers and invalid
// indexes on PostgreSQL.
func TestPostgresIndexElements(t *testing.T) {
	ctx := context.Background()
	db := openDB(t, schemadiff.Postgres)
	for _, stmt := range []string{
		`CREATE TABLE t (id int PRIMARY KEY, name text COLLATE "C", v varchar, n int)`,
		`CREATE INDEX ix_mods ON t (name, v COLLATE "C" DESC NULLS LAST, n NULLS FIRST, lower(v) varchar_pattern_ops)`,
		`INSERT INTO t VALUES (1, 'a', 'x', 1), (2, 'b', 'x', 2)`,
	} {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	// Fails on the duplicate "x" and leaves an invalid index behind.
	if _, err := db.ExecContext(ctx, `CREATE UNIQUE INDEX CONCURRENTLY ix_broken ON t (v)`); err == nil {
		t.Fatal("CREATE UNIQUE INDEX CONCURRENTLY on duplicate values succeeded")
	}
	s := inspect(t, db, schemadiff.Postgres)
	eqList(t, "ix_mods elements", index(t, s, "t", "ix_mods").Elements,
		[]string{"name", `v COLLATE "C" DESC NULLS LAST`, "n NULLS FIRST", "lower(v::text) varchar_pattern_ops"})
	eq(t, "primary key name", table(t, s, "t").PrimaryKey.Name, "t_pkey")
	eq(t, "indexes", len(table(t, s, "t").Indexes), 2)
	eq(t, "ix_broken valid", index(t, s, "t", "ix_broken").Valid, false)
	eqList(t, "InvalidIndexes", s.InvalidIndexes(), []string{"t.ix_broken"})
}

// TestSQLiteSingleConnection inspects an in-memory database, which only
// exists on its one connection: Inspect must not hold a result set open
// while it runs the next query.
func TestSQLiteSingleConnection(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	db, err := sql.Open("sqlite3", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if err := schemadiff.LoadReference(ctx, db, schemadiff.SQLite, sqliteDump); err != nil {
		t.Fatal(err)
	}
	s, err := schemadiff.Inspect(ctx, db, schemadiff.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	eq(t, "number of tables", len(s.Tables), 36)
}
