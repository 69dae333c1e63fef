package models

import "gorm.io/gorm"

// isPostgres reports whether db talks to PostgreSQL; every other dialect gets
// the SQLite representation.
func isPostgres(db *gorm.DB) bool {
	return db != nil && db.Dialector != nil && db.Dialector.Name() == "postgres"
}
