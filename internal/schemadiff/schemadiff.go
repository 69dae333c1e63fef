// Package schemadiff reads the schema of a SQLite or PostgreSQL database from
// its catalog into a comparable Schema, and lists the differences between two
// of them. It exists for parity tests: build a schema with our Go code, load
// Prefect's reference dump into another database (LoadReference), inspect both
// and require an empty Diff.
//
// Everything is rendered the way the database's own catalog renders it, so two
// schemas are only comparable when they come from the same dialect.
package schemadiff

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"slices"
	"strings"
)

// Dialect names accepted by Inspect and LoadReference.
const (
	// SQLite is the dialect name of SQLite databases.
	SQLite = "sqlite"
	// Postgres is the dialect name of PostgreSQL databases.
	Postgres = "postgres"
)

// Schema is the comparable shape of a database schema.
type Schema struct {
	// Tables by name. alembic_version and SQLite's internal sqlite_* tables
	// are left out; every other table (including gormigrate's "migrations")
	// is present, and callers may delete entries they do not want compared.
	Tables map[string]*Table
	// Enums maps each PostgreSQL enum type to its labels in sort order.
	// It is empty on SQLite.
	Enums map[string][]string
}

// Table is one table of a Schema.
type Table struct {
	Name    string
	Columns map[string]Column
	// PrimaryKey is the zero Constraint when the table has none.
	PrimaryKey Constraint
	// Uniques holds UNIQUE constraints (not unique indexes) by key: the
	// constraint name, or for an unnamed one the key returned by UnnamedKey.
	Uniques map[string]Constraint
	// Indexes holds indexes by name, excluding those that back the primary
	// key or a UNIQUE constraint.
	Indexes map[string]Index
	// ForeignKeys holds foreign keys by key: the constraint name, or for an
	// unnamed one the key returned by UnnamedKey.
	ForeignKeys map[string]ForeignKey
}

// Column is one column of a Table.
type Column struct {
	Name string
	// Type is the declared type on SQLite (e.g. "VARCHAR(9)") and
	// format_type() on PostgreSQL (e.g. "character varying(9)").
	Type    string
	NotNull bool
	// Default is the default expression, "" when there is none. On SQLite it
	// is the stored text (dflt_value, without the parentheses of
	// DEFAULT (expr)) with each run of whitespace outside quotes collapsed to
	// one space, no space right after '(' or before ')', trimmed; on
	// PostgreSQL it is pg_get_expr().
	Default string
}

// Constraint is a primary key or UNIQUE constraint. Name is "" for a
// constraint declared without CONSTRAINT <name> on SQLite.
type Constraint struct {
	Name    string
	Columns []string
}

// Index is one index of a Table.
type Index struct {
	Name   string
	Unique bool
	// Method is the access method ("btree", "gin"); "" on SQLite.
	Method string
	// Elements holds each key column or expression with its modifiers as the
	// catalog renders them, e.g. "name COLLATE NOCASE", "created DESC",
	// "name gin_trgm_ops", "COALESCE(start_time, expected_start_time) DESC".
	Elements []string
	// Include holds the non-key (INCLUDE) columns; nil when there are none.
	Include []string
	// Where is the predicate of a partial index, "" otherwise.
	Where string
	// Valid is false for a PostgreSQL index left invalid by a failed
	// CREATE INDEX CONCURRENTLY; always true on SQLite.
	Valid bool
}

// ForeignKey is one FOREIGN KEY constraint of a Table. Name is "" for a
// constraint declared without CONSTRAINT <name> on SQLite.
type ForeignKey struct {
	Name       string
	Columns    []string
	RefTable   string
	RefColumns []string
	// OnDelete is one of "NO ACTION", "RESTRICT", "CASCADE", "SET NULL",
	// "SET DEFAULT".
	OnDelete string
}

// UnnamedKey is the map key under which an unnamed UNIQUE or FOREIGN KEY
// constraint on the given columns is stored, e.g. "(unnamed: a, b)".
func UnnamedKey(columns []string) string {
	return "(unnamed: " + strings.Join(columns, ", ") + ")"
}

func constraintKey(name string, columns []string) string {
	if name != "" {
		return name
	}
	return UnnamedKey(columns)
}

// skipTable reports whether a table is left out of a Schema.
func skipTable(name string) bool {
	return name == "alembic_version" || strings.HasPrefix(name, "sqlite_")
}

// Inspect reads the schema of db from its catalog. dialect is SQLite or
// Postgres. On PostgreSQL the schema inspected is current_schema().
func Inspect(ctx context.Context, db *sql.DB, dialect string) (*Schema, error) {
	switch dialect {
	case SQLite:
		return inspectSQLite(ctx, db)
	case Postgres:
		return inspectPostgres(ctx, db)
	default:
		return nil, fmt.Errorf("schemadiff: unknown dialect %q", dialect)
	}
}

// InvalidIndexes returns the sorted "table.index" names of the indexes whose
// Valid is false.
func (s *Schema) InvalidIndexes() []string {
	var out []string
	for _, t := range s.Tables {
		for _, ix := range t.Indexes {
			if !ix.Valid {
				out = append(out, t.Name+"."+ix.Name)
			}
		}
	}
	slices.Sort(out)
	return out
}

// LoadReference executes the SQL dump at path into db, which should be empty.
//
// For SQLite the file (sqlite3 .schema output) is executed as a whole. For
// PostgreSQL (pg_dump --schema-only output) psql meta-command lines (those
// starting with a backslash, e.g. \restrict) are dropped and the rest is
// executed as one simple-protocol batch on a dedicated connection, whose
// session settings (the dump empties search_path) are reset afterwards.
func LoadReference(ctx context.Context, db *sql.DB, dialect, path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("schemadiff: %w", err)
	}
	script := string(data)
	switch dialect {
	case SQLite:
		if _, err := db.ExecContext(ctx, script); err != nil {
			return fmt.Errorf("schemadiff: load %s: %w", path, err)
		}
		return nil
	case Postgres:
		conn, err := db.Conn(ctx)
		if err != nil {
			return fmt.Errorf("schemadiff: %w", err)
		}
		defer conn.Close()
		// No arguments: pgx uses the simple protocol, which accepts many
		// statements in one string.
		_, execErr := conn.ExecContext(ctx, stripMetaCommands(script))
		if _, err := conn.ExecContext(ctx, "RESET ALL"); err != nil && execErr == nil {
			execErr = err
		}
		if execErr != nil {
			return fmt.Errorf("schemadiff: load %s: %w", path, execErr)
		}
		return nil
	default:
		return fmt.Errorf("schemadiff: unknown dialect %q", dialect)
	}
}

// stripMetaCommands drops psql meta-command lines (starting with a backslash).
func stripMetaCommands(script string) string {
	lines := strings.SplitAfter(script, "\n")
	var b strings.Builder
	for _, l := range lines {
		if strings.HasPrefix(strings.TrimLeft(l, " \t"), `\`) {
			b.WriteString("\n")
			continue
		}
		b.WriteString(l)
	}
	return b.String()
}
