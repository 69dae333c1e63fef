package hooks

import (
	"fmt"

	"gorm.io/gorm"
)

// checkForeignKeys refuses a SQLite handle whose connection has foreign
// keys off (SQLite's default): Prefect's schema relies on them for ON
// DELETE CASCADE and SET NULL and for refusing references to missing rows,
// and without them all three silently stop working. PostgreSQL always
// enforces foreign keys.
func checkForeignKeys(db *gorm.DB) error {
	if db.Dialector == nil || db.Dialector.Name() != "sqlite" {
		return nil
	}
	var on int
	if err := db.Session(&gorm.Session{NewDB: true}).Raw("PRAGMA foreign_keys").Scan(&on).Error; err != nil {
		return fmt.Errorf("prefectorm: hooks.Register: read PRAGMA foreign_keys: %w", err)
	}
	if on != 1 {
		return fmt.Errorf("prefectorm: hooks.Register: this SQLite *gorm.DB has foreign keys off (PRAGMA foreign_keys = %d), "+
			"so ON DELETE CASCADE, SET NULL and references to missing rows would silently not be enforced; "+
			"open it with github.com/prefectorm/prefectorm/dialects/sqlite.Open (or dialects/auto.Open), which also sets WAL, "+
			"the busy timeout and BEGIN IMMEDIATE on every pooled connection, "+
			"or turn foreign keys on for every connection in the DSN: gormsqlite.Open(\"file.db?_foreign_keys=on\")", on)
	}
	return nil
}
