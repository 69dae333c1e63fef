// Package schemaddl is what migrations.CreateSchema needs from a backend
// beyond dialects.Dialect: the naming strategy, the column defaults, where
// foreign keys go, and the DDL gorm tags cannot express. The backends
// (dialects/sqlite, dialects/postgres) implement Dialect; applications never
// call it.
package schemaddl

import (
	"fmt"

	"gorm.io/gorm/schema"

	"github.com/prefectorm/prefectorm/dialects"
	"github.com/prefectorm/prefectorm/internal/naming"
)

// Dialect is the schema builder's view of a backend.
type Dialect interface {
	dialects.Dialect
	// NamingStrategy returns the naming strategy for the dialect's identifier limit.
	NamingStrategy() naming.Strategy
	// ColumnDefault renders a field's gorm `default` (or `serverDefault`)
	// tag as the dialect's DDL default expression ("" when it has none).
	ColumnDefault(field *schema.Field) string
	// DeferForeignKeys reports whether foreign keys are added with ALTER
	// TABLE after all tables exist (PostgreSQL) rather than inline (SQLite).
	DeferForeignKeys() bool
	// SchemaPrelude returns idempotent DDL run before any table is created
	// (extensions, enum types).
	SchemaPrelude() []string
	// SchemaIndexes returns the indexes that gorm tags cannot declare
	// because they differ between the dialects, created after all tables.
	SchemaIndexes() []IndexDDL
}

// IndexDDL is the CREATE INDEX statement of one dialect-specific index.
type IndexDDL struct {
	Table string
	Name  string
	SQL   string
}

// IndexList converts a backend's index list to IndexDDLs. The backends
// declare their lists with a local type of IndexDDL's fields, so that the
// long lists can be unkeyed literals (vet refuses unkeyed literals of
// another package's struct type).
func IndexList[T ~struct{ Table, Name, SQL string }](list []T) []IndexDDL {
	out := make([]IndexDDL, len(list))
	for i, idx := range list {
		out[i] = IndexDDL(idx)
	}
	return out
}

// Of returns the schema builder of d, or an error when d is not one of
// prefectorm's backends.
func Of(d dialects.Dialect) (Dialect, error) {
	if s, ok := d.(Dialect); ok {
		return s, nil
	}
	return nil, fmt.Errorf("prefectorm: dialect %q cannot build Prefect's schema (use dialects/sqlite or dialects/postgres)", d.Name())
}

// DefaultTag returns a field's server default as written in its gorm tag:
// the `default` setting, or `serverDefault` for a default that exists only
// in the DDL (GORM then always writes the Go value, zero included).
func DefaultTag(field *schema.Field) string {
	if tag, ok := field.TagSettings["DEFAULT"]; ok {
		return tag
	}
	return field.TagSettings["SERVERDEFAULT"]
}
