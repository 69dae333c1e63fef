package migrations

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/dialects"
)

// TableName is prefectorm's bookkeeping table: one row per applied version
// (id) with the time it was applied (applied_at, UTC).
const TableName = "prefectorm_migrations"

// alembicTable is Prefect's Alembic bookkeeping table.
const alembicTable = "alembic_version"

// dbState is what the runner reads from a database before it changes it.
type dbState struct {
	// tables lists the tables other than TableName, sorted.
	tables []string
	// bookkeeping reports whether TableName exists.
	bookkeeping bool
	// applied maps each version recorded in TableName to when it ran.
	applied map[string]time.Time
	// alembic holds the rows of alembic_version; nil when there is no such table.
	alembic []string
	// indexes holds the names of the valid indexes whose name starts with
	// prefectorm_ix_ (prefectorm's own indexes; on PostgreSQL an INVALID
	// index left by an interrupted build is not listed).
	indexes map[string]bool
}

func (s dbState) hasTable(name string) bool { return slices.Contains(s.tables, name) }

// hasVersion reports whether an own-index version is in the database:
// recorded, or with any of its indexes present.
func (s dbState) hasVersion(v version) bool {
	if _, ok := s.applied[v.ID]; ok {
		return true
	}
	return slices.ContainsFunc(v.indexes, func(name string) bool { return s.indexes[name] })
}

// builtVersion reports whether every index of an own-index version is
// present (CreateSchema built them); a version that creates no index on the
// dialect is always built.
func (s dbState) builtVersion(v version) bool {
	return v.own && !slices.ContainsFunc(v.indexes, func(name string) bool { return !s.indexes[name] })
}

// readState reads the tables, the bookkeeping rows and alembic_version.
func readState(db *gorm.DB, d dialects.Dialect) (dbState, error) {
	var st dbState
	q := "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
	if d.Name() == "postgres" {
		q = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
	}
	var all []string
	if err := db.Raw(q).Scan(&all).Error; err != nil {
		return st, fmt.Errorf("prefectorm: list tables: %w", err)
	}
	for _, t := range all {
		if t == TableName {
			st.bookkeeping = true
			continue
		}
		st.tables = append(st.tables, t)
	}
	st.applied = map[string]time.Time{}
	if st.bookkeeping {
		rows, err := db.Raw("SELECT id, applied_at FROM " + TableName).Rows()
		if err != nil {
			return st, fmt.Errorf("prefectorm: read %s: %w", TableName, err)
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			var at any
			if err := rows.Scan(&id, &at); err != nil {
				return st, fmt.Errorf("prefectorm: read %s: %w", TableName, err)
			}
			when, err := parseAppliedAt(at)
			if err != nil {
				return st, fmt.Errorf("prefectorm: %s.applied_at of version %q: %w", TableName, id, err)
			}
			st.applied[id] = when
		}
		if err := rows.Err(); err != nil {
			return st, fmt.Errorf("prefectorm: read %s: %w", TableName, err)
		}
	}
	iq := "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'prefectorm\\_ix\\_%' ESCAPE '\\'"
	if d.Name() == "postgres" {
		iq = "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace " +
			"WHERE n.nspname = current_schema() AND i.indisvalid AND c.relname LIKE 'prefectorm\\_ix\\_%'"
	}
	var indexes []string
	if err := db.Raw(iq).Scan(&indexes).Error; err != nil {
		return st, fmt.Errorf("prefectorm: list indexes: %w", err)
	}
	st.indexes = map[string]bool{}
	for _, name := range indexes {
		st.indexes[name] = true
	}
	if st.hasTable(alembicTable) {
		st.alembic = []string{}
		if err := db.Raw("SELECT version_num FROM " + alembicTable + " ORDER BY version_num").Scan(&st.alembic).Error; err != nil {
			return st, fmt.Errorf("prefectorm: read %s: %w", alembicTable, err)
		}
	}
	return st, nil
}

// parseAppliedAt reads applied_at: a time from PostgreSQL (and from SQLite
// when the driver recognises the text), else SQLite's UTC text.
func parseAppliedAt(v any) (time.Time, error) {
	switch v := v.(type) {
	case time.Time:
		return v.UTC(), nil
	case []byte:
		return parseAppliedAt(string(v))
	case string:
		t, err := time.Parse("2006-01-02 15:04:05.999999999", strings.TrimSpace(v))
		if err != nil {
			return time.Time{}, fmt.Errorf("unparsable time %q", v)
		}
		return t, nil
	}
	return time.Time{}, fmt.Errorf("unexpected value %v (%T)", v, v)
}

// createBookkeeping creates TableName. gormigrate finds it and uses it
// as its own table: the id column is its primary key, applied_at is filled
// in by the default.
func createBookkeeping(tx *gorm.DB, d dialects.Dialect) error {
	def := "DATETIME DEFAULT (strftime('%Y-%m-%d %H:%M:%f000', 'now'))"
	if d.Name() == "postgres" {
		def = "TIMESTAMP WITH TIME ZONE DEFAULT clock_timestamp()"
	}
	ddl := "CREATE TABLE " + TableName + " (id VARCHAR(255) NOT NULL, applied_at " + def +
		" NOT NULL, CONSTRAINT pk_" + TableName + " PRIMARY KEY (id))"
	if err := tx.Exec(ddl).Error; err != nil {
		return fmt.Errorf("prefectorm: create %s: %w", TableName, err)
	}
	return nil
}
