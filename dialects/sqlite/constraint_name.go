package sqlite

import (
	"errors"
	"regexp"
	"slices"
	"strings"

	"github.com/mattn/go-sqlite3"
	"gorm.io/gorm"
)

// SQLite names the columns of a violated unique key, not the constraint:
// "UNIQUE constraint failed: flow_run.flow_id, flow_run.idempotency_key".
// The name is read back from the table's DDL in sqlite_master.
var (
	uniqueFailedColumns = regexp.MustCompile(`UNIQUE constraint failed: (.+)$`)
	tableConstraint     = regexp.MustCompile(`(?i)CONSTRAINT\s+"?(\w+)"?\s+(?:UNIQUE|PRIMARY\s+KEY)\s*\(([^)]*)\)`)
	uniqueIndex         = regexp.MustCompile(`(?i)^\s*CREATE\s+UNIQUE\s+INDEX\s+"?(\w+)"?\s+ON\s+"?\w+"?\s*\(([^)]*)\)`)
)

// uniqueConstraintName returns the name of the UNIQUE or PRIMARY KEY
// constraint, or unique index, of table whose columns err reports, or "".
func uniqueConstraintName(tx *gorm.DB, table string, err error) string {
	var sqliteErr sqlite3.Error
	if !errors.As(err, &sqliteErr) {
		return ""
	}
	m := uniqueFailedColumns.FindStringSubmatch(sqliteErr.Error())
	if m == nil {
		return ""
	}
	var cols []string
	for _, c := range strings.Split(m[1], ",") {
		cols = append(cols, strings.TrimPrefix(strings.TrimSpace(c), table+"."))
	}
	var ddl []string
	q := tx.Session(&gorm.Session{NewDB: true})
	q.Error = nil // the session carries the violation; the look-up is a new statement
	if q.Raw("SELECT sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL", table).
		Scan(&ddl).Error != nil {
		return ""
	}
	for _, sql := range ddl {
		matches := tableConstraint.FindAllStringSubmatch(sql, -1)
		if m := uniqueIndex.FindStringSubmatch(sql); m != nil {
			matches = append(matches, m)
		}
		for _, m := range matches {
			if slices.Equal(columnNames(m[2]), cols) {
				return m[1]
			}
		}
	}
	return ""
}

// columnNames reads a DDL column list: `"a", b COLLATE NOCASE` is [a b].
func columnNames(list string) []string {
	var out []string
	for _, elem := range strings.Split(list, ",") {
		name, _, _ := strings.Cut(strings.TrimSpace(elem), " ")
		out = append(out, strings.Trim(name, `"`))
	}
	return out
}
