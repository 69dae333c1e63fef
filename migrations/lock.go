package migrations

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/dialects"
)

// AdvisoryLockKey is the PostgreSQL advisory lock Upgrade, Downgrade and
// Reset hold (pg_advisory_xact_lock) for their whole run.
const AdvisoryLockKey int64 = 0x707265666563746f // "prefecto"

// locked runs fn in one transaction on one pinned connection that holds the
// database's migration lock until the transaction ends: on SQLite the write
// lock (BEGIN IMMEDIATE, waiting up to the busy timeout), on PostgreSQL the
// transaction-scoped advisory lock AdvisoryLockKey, taken in a READ
// COMMITTED transaction so that each statement sees what the previous lock
// holder committed. fn's error rolls everything back.
func locked(ctx context.Context, db *gorm.DB, d dialects.Dialect, fn func(tx *gorm.DB) error) error {
	// The transaction is opened by hand on the pinned connection, so GORM
	// must not wrap single writes in transactions of its own.
	db = db.WithContext(ctx).Session(&gorm.Session{SkipDefaultTransaction: true})
	return db.Connection(func(pinned *gorm.DB) error {
		// A new session, so that chained calls (gormigrate's among them)
		// start from a clean statement on the pinned connection.
		conn := pinned.Session(&gorm.Session{NewDB: true})
		begin := "BEGIN IMMEDIATE"
		if d.Name() == "postgres" {
			begin = "BEGIN ISOLATION LEVEL READ COMMITTED"
		}
		if err := conn.Exec(begin).Error; err != nil {
			return fmt.Errorf("prefectorm: take the migration lock (%s): %w", begin, err)
		}
		rollback := func() { conn.WithContext(context.WithoutCancel(ctx)).Exec("ROLLBACK") }
		if d.Name() == "postgres" {
			if err := conn.Exec("SELECT pg_advisory_xact_lock(?)", AdvisoryLockKey).Error; err != nil {
				rollback()
				return fmt.Errorf("prefectorm: take the migration lock (pg_advisory_xact_lock(%d)): %w", AdvisoryLockKey, err)
			}
		}
		if err := fn(conn); err != nil {
			rollback()
			return err
		}
		if err := conn.Exec("COMMIT").Error; err != nil {
			rollback()
			return fmt.Errorf("prefectorm: commit migrations: %w", err)
		}
		return nil
	})
}
