package models

import (
	"bytes"
	"io"

	"gorm.io/gorm"
)

// isPostgres reports whether db talks to PostgreSQL; every other dialect gets
// the SQLite representation.
func isPostgres(db *gorm.DB) bool {
	return db != nil && db.Dialector != nil && db.Dialector.Name() == "postgres"
}

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }
