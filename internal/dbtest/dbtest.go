// Package dbtest runs behaviour tests unchanged on SQLite and PostgreSQL:
// each dialect gets a fresh database, opened through auto.Open with
// prefectorm's schema created.
package dbtest

import (
	"context"
	"fmt"
	"os"
	"sync"
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
		return sqliteURL(testdb.SQLite(t))
	}
	return testdb.Postgres(t)
}

// sqliteURL is the sqlite:/// URL of the file at path. The path is kept
// as it is (a '#' or '%' in it, as in the temporary directory of a subtest
// Go names "sqlite#01", is part of the file name, as in Prefect's URLs).
func sqliteURL(path string) string {
	return "sqlite:///" + path
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
// The schema is built by migrations.CreateSchema once per test binary and
// dialect, and each New gets a copy of that database: on SQLite the file's
// bytes, on PostgreSQL a CREATE DATABASE … TEMPLATE copy (see
// testdb.PostgresFrom). Tests of CreateSchema itself use Open(URL(…)).
func New(t testing.TB, dialect string) DB {
	t.Helper()
	if dialect == "sqlite" {
		image, err := sqliteSchema(t)
		if err != nil {
			t.Fatalf("create schema on sqlite: %v", err)
		}
		path := testdb.SQLite(t)
		if err := os.WriteFile(path, image, 0o600); err != nil {
			t.Fatal(err)
		}
		return Open(t, sqliteURL(path))
	}
	return Open(t, testdb.PostgresFrom(t, "schema", func(dsn string) error {
		return buildSchema(dsn)
	}))
}

// schemaImage is the SQLite database file CreateSchema builds, kept in
// memory once per test binary.
var schemaImage struct {
	sync.Mutex
	bytes []byte
	err   error
	done  bool
}

// sqliteSchema returns the bytes of a SQLite database file holding the
// schema, building it in a temporary directory of t on first use.
func sqliteSchema(t testing.TB) ([]byte, error) {
	schemaImage.Lock()
	defer schemaImage.Unlock()
	if !schemaImage.done {
		schemaImage.done = true
		path := testdb.SQLite(t)
		if schemaImage.err = buildSchema(sqliteURL(path)); schemaImage.err == nil {
			for _, suffix := range []string{"-wal", "-journal"} {
				if _, err := os.Stat(path + suffix); err == nil {
					schemaImage.err = fmt.Errorf("schema database left a %s file after closing", suffix)
				}
			}
		}
		if schemaImage.err == nil {
			schemaImage.bytes, schemaImage.err = os.ReadFile(path)
		}
	}
	return schemaImage.bytes, schemaImage.err
}

// buildSchema opens url, runs migrations.CreateSchema and closes it.
func buildSchema(url string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	db, d, err := auto.Open(ctx, url, dialects.Options{Logger: logger.Discard})
	if err != nil {
		return err
	}
	sqlDB, err := db.DB()
	if err != nil {
		return err
	}
	err = migrations.CreateSchema(ctx, db, d)
	if cerr := sqlDB.Close(); err == nil {
		err = cerr
	}
	return err
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
