// Package naming is the GORM naming strategy that gives constraints and
// indexes the names Prefect's SQLAlchemy naming convention gives them.
package naming

import (
	"crypto/md5"
	"encoding/hex"
	"strings"

	"gorm.io/gorm/schema"
)

// Strategy names constraints and indexes with Prefect's SQLAlchemy
// naming convention: ix_<table>__<cols>, uq_<table>__<cols>,
// fk_<table>__<cols>__<referred table>, pk_<table>. Names longer than
// MaxIdentifierLength (63 on PostgreSQL, 0 for no limit) are shortened as
// SQLAlchemy does: the first 55 characters, "_", and the last four hex digits
// of the name's MD5.
type Strategy struct {
	schema.NamingStrategy
	MaxIdentifierLength int
}

// New returns the naming strategy for a dialect's identifier limit.
func New(maxIdentifierLength int) Strategy {
	return Strategy{
		NamingStrategy:      schema.NamingStrategy{SingularTable: true},
		MaxIdentifierLength: maxIdentifierLength,
	}
}

// IndexName returns ix_<table>__<column>. GORM passes the Go field name,
// which is converted to the column name.
func (ns Strategy) IndexName(table, column string) string {
	return ns.Truncate("ix_" + table + "__" + ns.ColumnName(table, column))
}

// UniqueName returns uq_<table>__<column>.
func (ns Strategy) UniqueName(table, column string) string {
	return ns.Truncate("uq_" + table + "__" + ns.ColumnName(table, column))
}

// CheckerName returns ck_<table>__<column>.
func (ns Strategy) CheckerName(table, column string) string {
	return ns.Truncate("ck_" + table + "__" + ns.ColumnName(table, column))
}

// PrimaryKeyName returns pk_<table>.
func (ns Strategy) PrimaryKeyName(table string) string {
	return ns.Truncate("pk_" + table)
}

// RelationshipFKName returns fk_<table>__<cols>__<referred table> for the
// table that holds the foreign key columns.
func (ns Strategy) RelationshipFKName(rel schema.Relationship) string {
	if len(rel.References) == 0 {
		return ns.NamingStrategy.RelationshipFKName(rel)
	}
	first := rel.References[0]
	cols := make([]string, 0, len(rel.References))
	for _, ref := range rel.References {
		if ref.ForeignKey != nil {
			cols = append(cols, ref.ForeignKey.DBName)
		}
	}
	return ns.Truncate("fk_" + first.ForeignKey.Schema.Table + "__" + strings.Join(cols, "_") + "__" + first.PrimaryKey.Schema.Table)
}

// Truncate shortens name as SQLAlchemy does when it exceeds MaxIdentifierLength.
func (ns Strategy) Truncate(name string) string {
	if ns.MaxIdentifierLength <= 0 || len(name) <= ns.MaxIdentifierLength {
		return name
	}
	sum := md5.Sum([]byte(name))
	digest := hex.EncodeToString(sum[:])
	return name[:ns.MaxIdentifierLength-8] + "_" + digest[len(digest)-4:]
}
