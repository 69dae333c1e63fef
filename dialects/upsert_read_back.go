package dialects

import (
	"strings"
	"sync"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/schema"
)

// readBackKey identifies a read-back statement: the table's schema and the
// dialect quoting it.
type readBackKey struct {
	schema  *schema.Schema
	dialect string
}

// readBackSQLs caches the read-back statement of each upserted table per
// dialect. Schemas live in GORM's schema caches for the life of the
// process, and so do their entries here.
var readBackSQLs sync.Map // readBackKey -> string

// readBackSQL returns the statement an upsert reads its stored row back
// with, SELECT * FROM table WHERE key1 = ? AND … LIMIT 1 (the statement
// GORM's Take builds), built once per table and dialect.
func readBackSQL(db *gorm.DB, s *schema.Schema, conflict []clause.Column) string {
	key := readBackKey{s, db.Dialector.Name()}
	if v, ok := readBackSQLs.Load(key); ok {
		return v.(string)
	}
	var b strings.Builder
	b.WriteString("SELECT * FROM ")
	b.WriteString(db.Statement.Quote(s.Table))
	for i, c := range conflict {
		if i == 0 {
			b.WriteString(" WHERE ")
		} else {
			b.WriteString(" AND ")
		}
		b.WriteString(db.Statement.Quote(c.Name))
		b.WriteString(" = ?")
	}
	b.WriteString(" LIMIT 1")
	v, _ := readBackSQLs.LoadOrStore(key, b.String())
	return v.(string)
}
