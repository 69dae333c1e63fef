package sqlite

import (
	"errors"
	"fmt"
	"strings"

	"github.com/mattn/go-sqlite3"
	gormsqlite "gorm.io/driver/sqlite"
	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/internal/backend"
)

// gormDialector is GORM's SQLite dialector with prefectorm's AutoMigrate
// (backend.Migrator) and error translation.
type gormDialector struct{ gormsqlite.Dialector }

// Migrator returns GORM's migrator whose AutoMigrate runs prefectorm's
// migrations for prefectorm's models.
func (g gormDialector) Migrator(db *gorm.DB) gorm.Migrator {
	return backend.Migrator(g.Dialector.Migrator(db), db, Dialect)
}

// Translate wraps a unique, primary key or foreign key violation in
// gorm.ErrDuplicatedKey or gorm.ErrForeignKeyViolated, keeping SQLite's
// message (the table and columns of a unique key) and the sqlite3.Error
// reachable with errors.As. GORM's own SQLite translation drops both.
func (gormDialector) Translate(err error) error {
	var sqliteErr sqlite3.Error
	if !errors.As(err, &sqliteErr) {
		return err
	}
	switch sqliteErr.ExtendedCode {
	case sqlite3.ErrConstraintUnique, sqlite3.ErrConstraintPrimaryKey:
		return fmt.Errorf("%w: %w", gorm.ErrDuplicatedKey, err)
	case sqlite3.ErrConstraintForeignKey:
		return fmt.Errorf("%w: %w", gorm.ErrForeignKeyViolated, err)
	case sqlite3.ErrConstraintCheck:
		return fmt.Errorf("%w: %w", gorm.ErrCheckConstraintViolated, err)
	}
	return err
}

// foreignKeyTableCallback names the callback that adds the statement's
// table to a foreign key violation, and the constraint's name to a unique
// key violation.
const foreignKeyTableCallback = "prefectorm:sqlite_foreign_key_table"

// registerForeignKeyTable makes a foreign key violation of a Create, Update
// or Delete say which table the statement wrote (SQLite's own message,
// "FOREIGN KEY constraint failed", names no table or constraint), and a
// unique key violation name the constraint (SQLite names its columns).
func registerForeignKeyTable(db *gorm.DB) error {
	cb := db.Callback()
	steps := []struct {
		register func(string, func(*gorm.DB)) error
		what     string
	}{
		{cb.Create().After("gorm:create").Register, "insert into table {table}: a foreign key of {table} references a row that does not exist"},
		{cb.Update().After("gorm:update").Register, "update of table {table}: a foreign key of {table} references a row that does not exist, or another table still references the row"},
		{cb.Delete().After("gorm:delete").Register, "delete from table {table}: another table's foreign key still references the row"},
	}
	for _, s := range steps {
		what := s.what
		if err := s.register(foreignKeyTableCallback, func(tx *gorm.DB) {
			if tx.Error == nil || tx.Statement.Table == "" {
				return
			}
			switch {
			case errors.Is(tx.Error, gorm.ErrForeignKeyViolated):
				tx.Error = fmt.Errorf("%w (on %s)", tx.Error, strings.ReplaceAll(what, "{table}", tx.Statement.Table))
			case errors.Is(tx.Error, gorm.ErrDuplicatedKey):
				if name := uniqueConstraintName(tx, tx.Statement.Table, tx.Error); name != "" {
					tx.Error = fmt.Errorf("%w (constraint %s)", tx.Error, name)
				}
			}
		}); err != nil {
			return fmt.Errorf("prefectorm: register %s: %w", foreignKeyTableCallback, err)
		}
	}
	return nil
}

// LockBusy reports whether err is SQLite's SQLITE_BUSY or SQLITE_LOCKED:
// another connection holds the lock (the migration runner retries then).
func (sqliteDialect) LockBusy(err error) bool {
	var e sqlite3.Error
	return errors.As(err, &e) && (e.Code == sqlite3.ErrBusy || e.Code == sqlite3.ErrLocked)
}
