// Package frozen turns embedded SQL scripts into gormigrate versions. The
// per-dialect migration sets use it so that every version is fixed text that
// later model edits cannot change.
package frozen

import (
	"fmt"
	"io/fs"
	"regexp"
	"strings"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// Version returns the migration id whose Migrate runs the statements of
// id+".up.sql" in fsys and whose Rollback runs id+".down.sql", in order, on
// the *gorm.DB it is given.
func Version(fsys fs.FS, id string) *gormigrate.Migration {
	return VersionOf(fsys, Spec{ID: id})
}

// VersionOf is Version for a version described by spec. When
// spec.NoTransaction is set and the *gorm.DB it is given is inside a
// transaction block (a runner that runs every version in one transaction),
// the scripts run with CONCURRENTLY removed from their index statements:
// the same indexes, built while holding the table's write lock.
func VersionOf(fsys fs.FS, spec Spec) *gormigrate.Migration {
	id := spec.ID
	return &gormigrate.Migration{
		ID:       id,
		Migrate:  func(tx *gorm.DB) error { return run(tx, fsys, id+".up.sql", spec.NoTransaction) },
		Rollback: func(tx *gorm.DB) error { return run(tx, fsys, id+".down.sql", spec.NoTransaction) },
	}
}

// concurrently matches the CONCURRENTLY keyword of an index statement.
var concurrently = regexp.MustCompile(`(?i)\s+CONCURRENTLY\b`)

// inTransaction reports whether tx's connection is inside a transaction
// block: only there does PostgreSQL accept SAVEPOINT.
func inTransaction(tx *gorm.DB) bool {
	if err := tx.Exec("SAVEPOINT prefectorm_probe").Error; err != nil {
		return false
	}
	return tx.Exec("RELEASE SAVEPOINT prefectorm_probe").Error == nil
}

// run executes every statement of one script.
func run(tx *gorm.DB, fsys fs.FS, name string, noTransaction bool) error {
	script, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("prefectorm: read migration script %q: %w", name, err)
	}
	fallback := noTransaction && inTransaction(tx)
	for i, stmt := range Statements(string(script)) {
		if fallback {
			stmt = concurrently.ReplaceAllString(stmt, "")
		}
		if err := tx.Exec(stmt).Error; err != nil {
			return fmt.Errorf("prefectorm: %s statement %d (%.60q…): %w", name, i+1, stmt, err)
		}
	}
	return nil
}

// Statements splits a script into its statements: each ends with a
// semicolon at the end of a line; lines starting with "--" are comments.
// The returned statements carry no trailing semicolon.
func Statements(script string) []string {
	var out []string
	var cur strings.Builder
	for line := range strings.Lines(script) {
		trimmed := strings.TrimSpace(line)
		if cur.Len() == 0 && (trimmed == "" || strings.HasPrefix(trimmed, "--")) {
			continue
		}
		if end := strings.TrimRight(line, " \t\r\n"); strings.HasSuffix(end, ";") {
			cur.WriteString(strings.TrimSuffix(end, ";"))
			out = append(out, strings.TrimSpace(cur.String()))
			cur.Reset()
			continue
		}
		cur.WriteString(line)
	}
	if s := strings.TrimSpace(cur.String()); s != "" {
		out = append(out, s)
	}
	return out
}
