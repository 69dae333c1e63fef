// Package dbtest runs behaviour tests unchanged on SQLite and PostgreSQL:
// each dialect gets a fresh database, opened through auto.Open with
// prefectorm's schema created.
package dbtest

import (
	"context"
	"testing"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/prefectorm/prefectorm/dialects"
	"github.com/prefectorm/prefectorm/dialects/auto"
	"github.com/prefectorm/prefectorm/internal/testdb"
	"github.com/prefectorm/prefectorm/migrations"
)

// DB is a test database of one dialect.
type DB struct {
	*gorm.DB
	Dialect dialects.Dialect
	// URL is the connection URL the database was opened with.
	URL string
}

// Dialects lists the dialect names every suite runs on.
var Dialects = []string{"sqlite", "postgres"}

// URL returns a fresh, empty database URL of the named dialect.
func URL(t testing.TB, dialect string) string {
	t.Helper()
	if dialect == "sqlite" {
		return "sqlite:///" + testdb.SQLite(t)
	}
	return testdb.Postgres(t)
}

// Open opens url through auto.Open and closes it when the test ends.
func Open(t testing.TB, url string) DB {
	t.Helper()
	db, d, err := auto.Open(context.Background(), url, dialects.Options{Logger: logger.Discard})
	if err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
	t.Cleanup(func() {
		if sqlDB, err := db.DB(); err == nil {
			_ = sqlDB.Close()
		}
	})
	return DB{DB: db, Dialect: d, URL: url}
}

// New returns a fresh database of the named dialect with the schema created.
func New(t testing.TB, dialect string) DB {
	t.Helper()
	db := Open(t, URL(t, dialect))
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := migrations.CreateSchema(ctx, db.DB, db.Dialect); err != nil {
		t.Fatalf("create schema on %s: %v", dialect, err)
	}
	return db
}

// Each runs fn as a subtest on a fresh database of every dialect.
func Each(t *testing.T, fn func(t *testing.T, db DB)) {
	t.Helper()
	for _, dialect := range Dialects {
		t.Run(dialect, func(t *testing.T) {
			fn(t, New(t, dialect))
		})
	}
}
