package migrations

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"time"

	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/dialects"
)

// AdvisoryLockKey is the PostgreSQL advisory lock that Upgrade, Downgrade,
// Reset, Migrate and Stamp hold at session level (pg_advisory_lock on one
// connection) for their whole run, and release at its end, also on error or
// cancellation.
const AdvisoryLockKey int64 = 0x707265666563746f // "prefecto"

// session is one run of the runner on one pinned connection. On PostgreSQL
// it holds the session-level advisory lock AdvisoryLockKey from start to
// end, so that versions can each commit on their own (and run outside a
// transaction) while no other runner interleaves. SQLite has no session
// lock: every step takes the write lock with BEGIN IMMEDIATE and re-reads
// the bookkeeping under it.
type session struct {
	d    dialects.Dialect
	log  *slog.Logger
	conn *gorm.DB // the pinned connection, through guard
	raw  *sql.Conn
	g    *guard
	// waited is set once MsgLockWait has been logged.
	waited bool
}

func (s *session) postgres() bool { return s.d.Name() == "postgres" }

// withSession runs fn on a pinned connection holding the migration lock
// (PostgreSQL) and releases it afterwards. If the release fails, the
// connection is discarded instead of going back to the pool, so that no
// pooled connection keeps the lock.
func withSession(ctx context.Context, db *gorm.DB, d dialects.Dialect, log *slog.Logger, fn func(s *session) error) error {
	// Transactions are opened by hand on the pinned connection, so GORM
	// must not wrap single writes in transactions of its own.
	db = db.WithContext(ctx).Session(&gorm.Session{SkipDefaultTransaction: true})
	return db.Connection(func(pinned *gorm.DB) error {
		raw, ok := pinned.Statement.ConnPool.(*sql.Conn)
		if !ok {
			return fmt.Errorf("prefectorm: migrations need a *gorm.DB on a connection pool, not %T (inside a transaction?)", pinned.Statement.ConnPool)
		}
		g := &guard{ConnPool: raw, log: log}
		// A new session, so that chained calls start from a clean statement
		// on the pinned connection.
		conn := pinned.Session(&gorm.Session{NewDB: true})
		conn.Statement.ConnPool = g
		s := &session{d: d, log: log, conn: conn, raw: raw, g: g}
		g.postgres = s.postgres()
		if !s.postgres() {
			return fn(s)
		}
		var pid int64
		if err := raw.QueryRowContext(ctx, "SELECT pg_backend_pid()").Scan(&pid); err != nil {
			return fmt.Errorf("prefectorm: read the migration connection's backend pid: %w", err)
		}
		if err := s.advisoryLock(ctx); err != nil {
			return err
		}
		err := fn(s)
		if _, uerr := raw.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", AdvisoryLockKey); uerr != nil {
			// The connection broke (a cancelled context makes the driver
			// close it; a terminated backend breaks it): the server side
			// may still be running a statement while holding the lock.
			s.discard()
			if rerr := reap(ctx, db, pid); rerr != nil || err == nil {
				err = errors.Join(err, fmt.Errorf("prefectorm: release the migration lock (pg_advisory_unlock(%d)): %w", AdvisoryLockKey, errors.Join(uerr, rerr)))
			}
		}
		return err
	})
}

// reap ends the backend of a broken migration connection and waits until it
// has exited, so that when the runner returns no statement of it still runs
// and its session lock is released.
func reap(ctx context.Context, db *gorm.DB, pid int64) error {
	c, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	pool := db.WithContext(c)
	if err := pool.Exec("SELECT pg_terminate_backend(?)", pid).Error; err != nil {
		return fmt.Errorf("terminate backend %d: %w", pid, err)
	}
	for {
		var alive bool
		if err := pool.Raw("SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = ?)", pid).Scan(&alive).Error; err != nil {
			return fmt.Errorf("wait for backend %d to exit: %w", pid, err)
		}
		if !alive {
			return nil
		}
		select {
		case <-c.Done():
			return fmt.Errorf("backend %d still running: %w", pid, c.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// discard makes database/sql close the pinned connection rather than pool
// it: its state (a lock, an open transaction) is unknown.
func (s *session) discard() {
	_ = s.raw.Raw(func(any) error { return driver.ErrBadConn })
}

// advisoryLock takes AdvisoryLockKey, logging MsgLockWait when another
// session holds it. It polls pg_try_advisory_lock rather than blocking in
// pg_advisory_lock: a session blocked in a statement holds a snapshot, and
// CREATE INDEX CONCURRENTLY in the session holding the lock waits for every
// older snapshot to go away — the waiters would deadlock the build.
func (s *session) advisoryLock(ctx context.Context) error {
	wait := 5 * time.Millisecond
	for {
		var got bool
		if err := s.raw.QueryRowContext(ctx, "SELECT pg_try_advisory_lock($1)", AdvisoryLockKey).Scan(&got); err != nil {
			return fmt.Errorf("prefectorm: take the migration lock (pg_try_advisory_lock(%d)): %w", AdvisoryLockKey, err)
		}
		if got {
			return nil
		}
		s.logWait()
		select {
		case <-ctx.Done():
			return fmt.Errorf("prefectorm: take the migration lock (pg_try_advisory_lock(%d)): %w", AdvisoryLockKey, ctx.Err())
		case <-time.After(wait):
		}
		wait = min(2*wait, 200*time.Millisecond)
	}
}

func (s *session) logWait() {
	if !s.waited {
		s.waited = true
		s.log.Info(MsgLockWait, "dialect", s.d.Name())
	}
}

// inTx runs fn in one transaction: BEGIN IMMEDIATE on SQLite (the write
// lock, waited for as long as ctx allows), READ COMMITTED on PostgreSQL.
// fn's error rolls the transaction back.
func (s *session) inTx(ctx context.Context, fn func() error) error {
	if err := s.begin(ctx); err != nil {
		return err
	}
	if err := fn(); err != nil {
		s.rollback(ctx)
		return err
	}
	if _, err := s.raw.ExecContext(ctx, "COMMIT"); err != nil {
		s.rollback(ctx)
		return fmt.Errorf("prefectorm: commit migration: %w", err)
	}
	return nil
}

// versionTx is inTx for one version. On SQLite it runs with foreign keys
// off, as Prefect's SQLite migrations do: a table rebuild (create, copy,
// drop, rename) with foreign keys on would delete or null the rows that
// reference the dropped table. They are turned on again afterwards (the
// pragma cannot change inside a transaction); if that fails, the
// connection is discarded.
func (s *session) versionTx(ctx context.Context, fn func() error) error {
	if s.postgres() {
		return s.inTx(ctx, fn)
	}
	if _, err := s.raw.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
		return fmt.Errorf("prefectorm: turn foreign keys off for the migration: %w", err)
	}
	err := s.inTx(ctx, fn)
	if _, ferr := s.raw.ExecContext(context.WithoutCancel(ctx), "PRAGMA foreign_keys = ON"); ferr != nil {
		s.discard()
		err = errors.Join(err, fmt.Errorf("prefectorm: turn foreign keys back on: %w", ferr))
	}
	return err
}

// rollback ends a failed transaction; if even that fails, the connection is
// discarded.
func (s *session) rollback(ctx context.Context) {
	if _, err := s.raw.ExecContext(context.WithoutCancel(ctx), "ROLLBACK"); err != nil {
		s.discard()
	}
}

func (s *session) begin(ctx context.Context) error {
	if s.postgres() {
		if _, err := s.raw.ExecContext(ctx, "BEGIN ISOLATION LEVEL READ COMMITTED"); err != nil {
			return fmt.Errorf("prefectorm: begin migration transaction: %w", err)
		}
		return nil
	}
	return s.beginImmediate(ctx)
}

// beginImmediate takes SQLite's write lock. It first tries without
// waiting, to log MsgLockWait when another connection holds the lock, then
// waits: each BEGIN IMMEDIATE waits up to the connection's busy timeout,
// and is retried until ctx ends, since waiting for another migration to
// finish a long version is expected.
func (s *session) beginImmediate(ctx context.Context) error {
	var timeout int64
	if err := s.raw.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&timeout); err != nil {
		return fmt.Errorf("prefectorm: read busy_timeout: %w", err)
	}
	if _, err := s.raw.ExecContext(ctx, "PRAGMA busy_timeout = 0"); err != nil {
		return fmt.Errorf("prefectorm: set busy_timeout: %w", err)
	}
	_, err := s.raw.ExecContext(ctx, "BEGIN IMMEDIATE")
	if _, rerr := s.raw.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf("PRAGMA busy_timeout = %d", timeout)); rerr != nil {
		if err == nil {
			s.rollback(ctx)
		}
		s.discard()
		return fmt.Errorf("prefectorm: restore busy_timeout: %w", rerr)
	}
	for err != nil && s.busy(err) {
		s.logWait()
		if ctx.Err() != nil {
			break
		}
		_, err = s.raw.ExecContext(ctx, "BEGIN IMMEDIATE")
		if err != nil && s.busy(err) && timeout == 0 {
			select { // no busy handler: poll
			case <-ctx.Done():
			case <-time.After(10 * time.Millisecond):
			}
		}
	}
	if err != nil {
		return fmt.Errorf("prefectorm: take the migration lock (BEGIN IMMEDIATE): %w", err)
	}
	return nil
}

// busyReporter is implemented by a dialect whose lock errors are worth
// retrying (SQLite's backend reports SQLITE_BUSY and SQLITE_LOCKED). It is
// asked through the dialect so that this package links no SQLite driver.
type busyReporter interface{ LockBusy(err error) bool }

// busy reports whether err is the dialect's "locked by another connection".
func (s *session) busy(err error) bool {
	b, ok := s.d.(busyReporter)
	return ok && b.LockBusy(err)
}

// guard is the pinned connection as the versions see it. On PostgreSQL,
// before a CREATE INDEX CONCURRENTLY it drops an INVALID index of that name
// (left by an interrupted build, which the script's IF NOT EXISTS would
// otherwise keep), and while deferring is set it holds back the writes to
// alembic_version, which the runner replays in the transaction that records
// the version, so that Prefect's revision and prefectorm's bookkeeping move
// together even for versions that run outside a transaction.
type guard struct {
	gorm.ConnPool
	log      *slog.Logger
	postgres bool
	// deferring: alembic_version writes are collected in deferred.
	deferring bool
	deferred  []deferredExec
}

type deferredExec struct {
	query string
	args  []any
}

var (
	createConcurrently = regexp.MustCompile(`(?is)^\s*CREATE\s+(?:UNIQUE\s+)?INDEX\s+CONCURRENTLY\s+(?:IF\s+NOT\s+EXISTS\s+)?"?([A-Za-z_][A-Za-z0-9_]*)"?\s+ON\b`)
	alembicWrite       = regexp.MustCompile(`(?is)^\s*(?:UPDATE|INSERT\s+INTO|DELETE\s+FROM)\s+"?` + alembicTable + `"?(?:\s|$)`)
)

// ExecContext runs one statement of a version.
func (g *guard) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if g.deferring && alembicWrite.MatchString(query) {
		g.deferred = append(g.deferred, deferredExec{query, args})
		return driver.RowsAffected(0), nil
	}
	if m := createConcurrently.FindStringSubmatch(query); m != nil && g.postgres {
		if err := g.dropInvalidIndex(ctx, m[1]); err != nil {
			return nil, err
		}
	}
	return g.ConnPool.ExecContext(ctx, query, args...)
}

// dropInvalidIndex drops index name of the current schema if it is INVALID.
func (g *guard) dropInvalidIndex(ctx context.Context, name string) error {
	var invalid bool
	err := g.ConnPool.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_index i
		JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE c.relname = $1 AND n.nspname = current_schema() AND NOT i.indisvalid)`, name).Scan(&invalid)
	if err != nil {
		return fmt.Errorf("prefectorm: look for an invalid index %s: %w", name, err)
	}
	if !invalid {
		return nil
	}
	g.log.Warn(MsgInvalidIndex, "index", name)
	if _, err := g.ConnPool.ExecContext(ctx, `DROP INDEX CONCURRENTLY IF EXISTS "`+name+`"`); err != nil {
		return fmt.Errorf("prefectorm: drop invalid index %s: %w", name, err)
	}
	return nil
}

// takeDeferred stops deferring and returns the held-back writes.
func (g *guard) takeDeferred() []deferredExec {
	out := g.deferred
	g.deferring, g.deferred = false, nil
	return out
}
