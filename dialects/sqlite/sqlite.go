// Package sqlite is prefectorm's SQLite backend, on mattn/go-sqlite3
// (cgo: the first build compiles SQLite's C). Importing it registers the
// dialect with package dialects.
package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"github.com/mattn/go-sqlite3"
	gormsqlite "gorm.io/driver/sqlite"
	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/dialects"
	"github.com/prefectorm/prefectorm/internal/backend"
	"github.com/prefectorm/prefectorm/internal/naming"
	sqlitemigrations "github.com/prefectorm/prefectorm/migrations/sqlite"
)

// sqliteDriverName is the database/sql driver registered by prefectorm: the
// mattn/go-sqlite3 driver with a connect hook that applies Prefect's pragmas
// to every new pooled connection.
const sqliteDriverName = "prefectorm_sqlite3"

// MinVersion is the oldest SQLite prefectorm accepts: 3.24 brought the
// INSERT … ON CONFLICT upserts Prefect relies on, 3.30 the NULLS FIRST and
// NULLS LAST of ORDER BY that the sorts use to place NULLs as PostgreSQL
// does while still reading an index.
const MinVersion = "3.30.0"

var registerSQLiteDriver sync.Once

// Dialect is the SQLite dialect, registered as "sqlite".
var Dialect dialects.Dialect = sqliteDialect{}

func init() { dialects.Register(Dialect) }

type sqliteDialect struct{ backend.Upserts }

func (sqliteDialect) Name() string { return "sqlite" }

// Migrations returns the frozen versions of package migrations/sqlite.
func (sqliteDialect) Migrations() []*gormigrate.Migration { return sqlitemigrations.Migrations() }

func (sqliteDialect) NamingStrategy() naming.Strategy { return naming.New(0) }

func (sqliteDialect) DeferForeignKeys() bool { return false }

// Open parses a SQLite connection URL in Prefect's forms
// (sqlite+aiosqlite:///rel.db, sqlite:////abs/path.db, sqlite:///:memory:,
// or a plain file path) and opens it as Dialect.Open does.
func Open(ctx context.Context, url string, opts dialects.Options) (*gorm.DB, error) {
	target, err := dialects.ParseURL(url)
	if err != nil {
		return nil, err
	}
	if target.Dialect != "sqlite" {
		return nil, fmt.Errorf("prefectorm: sqlite.Open: %q is a %s URL (use dialects/auto to open either)", url, target.Dialect)
	}
	return Dialect.Open(ctx, target, opts)
}

// Open opens the SQLite file (or in-memory database) with WAL, foreign keys,
// synchronous=NORMAL, a 20000-page cache, the busy timeout,
// legacy_alter_table=OFF and BEGIN IMMEDIATE for every transaction.
func (d sqliteDialect) Open(ctx context.Context, target dialects.Target, opts dialects.Options) (*gorm.DB, error) {
	registerSQLiteDriver.Do(func() {
		sql.Register(sqliteDriverName, rawDateTimeDriver{&sqlite3.SQLiteDriver{ConnectHook: applySQLitePragmas}})
	})
	maxOpen := 8
	if target.InMemory() {
		// One connection that never expires keeps an in-memory database alive
		// and the same for every caller.
		maxOpen = 1
	}
	opts = backend.Defaults(opts, maxOpen)
	if target.InMemory() {
		opts.MaxOpenConns, opts.MaxIdleConns, opts.ConnMaxLifetime = 1, 1, 0
	}
	dsn := sqliteDSN(target, opts)
	dialector := gormDialector{gormsqlite.Dialector{DriverName: sqliteDriverName, DSN: dsn}}
	db, err := gorm.Open(dialector, backend.GormConfig(opts, d.NamingStrategy()))
	if err != nil {
		return nil, fmt.Errorf("prefectorm: open SQLite database %q: %w", target.Path, err)
	}
	if err := registerForeignKeyTable(db); err != nil {
		return nil, err
	}
	sqlDB, err := backend.Configure(db, opts)
	if err != nil {
		return nil, err
	}
	if err := checkSQLiteVersion(ctx, sqlDB); err != nil {
		_ = sqlDB.Close()
		return nil, err
	}
	return db, nil
}

// sqliteDSN builds the mattn/go-sqlite3 DSN: the file as a URI, the busy
// timeout and immediate transactions, plus the URL's own parameters.
func sqliteDSN(target dialects.Target, opts dialects.Options) string {
	q := url.Values{}
	for k, v := range target.Query {
		q[k] = v
	}
	q.Set("_busy_timeout", strconv.FormatInt(opts.BusyTimeout.Milliseconds(), 10))
	q.Set("_txlock", "immediate")
	path := target.Path
	if path == "" {
		path = ":memory:"
	}
	return "file:" + uriPathEscaper.Replace(path) + "?" + q.Encode()
}

// uriPathEscaper percent-encodes the characters a SQLite URI filename reads
// as syntax ('%' escapes, '?' query, '#' fragment), so that a path holding
// them opens the file of that name, as Prefect's sqlite:/// URLs do.
var uriPathEscaper = strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23")

// sqlitePragmas are applied to every new connection, as Prefect's engine
// does on connect. busy_timeout and BEGIN IMMEDIATE come through the DSN.
var sqlitePragmas = []string{
	"PRAGMA foreign_keys = ON",
	"PRAGMA journal_mode = WAL",
	"PRAGMA synchronous = NORMAL",
	"PRAGMA cache_size = 20000",
	"PRAGMA legacy_alter_table = OFF",
}

func applySQLitePragmas(conn *sqlite3.SQLiteConn) error {
	deadline := time.Now().Add(sqliteBusyTimeout(conn))
	for _, pragma := range sqlitePragmas {
		if err := execRetryingBusy(conn, pragma, deadline); err != nil {
			return fmt.Errorf("prefectorm: %s: %w", pragma, err)
		}
	}
	return nil
}

// execRetryingBusy runs a pragma, retrying while SQLite reports the
// database busy or locked, until deadline. When several connections switch
// a new file to WAL at once, SQLite answers SQLITE_BUSY at once instead of
// calling its busy handler, so the DSN's busy timeout does not cover it.
func execRetryingBusy(conn *sqlite3.SQLiteConn, stmt string, deadline time.Time) error {
	for wait := time.Millisecond; ; wait = min(2*wait, 50*time.Millisecond) {
		_, err := conn.Exec(stmt, nil)
		var sqliteErr sqlite3.Error
		busy := errors.As(err, &sqliteErr) && (sqliteErr.Code == sqlite3.ErrBusy || sqliteErr.Code == sqlite3.ErrLocked)
		if !busy || time.Now().After(deadline) {
			return err
		}
		time.Sleep(wait)
	}
}

// sqliteBusyTimeout returns the connection's busy_timeout, which the driver
// set from the DSN before the connect hook runs.
func sqliteBusyTimeout(conn *sqlite3.SQLiteConn) time.Duration {
	rows, err := conn.Query("PRAGMA busy_timeout", nil)
	if err != nil {
		return 0
	}
	defer rows.Close()
	dest := make([]driver.Value, 1)
	if err := rows.Next(dest); err != nil {
		return 0
	}
	ms, _ := dest[0].(int64)
	return time.Duration(ms) * time.Millisecond
}

// checkSQLiteVersion refuses SQLite versions older than MinVersion.
func checkSQLiteVersion(ctx context.Context, db *sql.DB) error {
	var version string
	if err := db.QueryRowContext(ctx, "SELECT sqlite_version()").Scan(&version); err != nil {
		return fmt.Errorf("prefectorm: read SQLite version: %w", err)
	}
	if compareVersions(version, MinVersion) < 0 {
		return fmt.Errorf("prefectorm: SQLite %s is too old: prefectorm needs %s or newer", version, MinVersion)
	}
	return nil
}

// compareVersions compares dotted numeric versions such as 3.45.1.
func compareVersions(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < max(len(as), len(bs)); i++ {
		var x, y int
		if i < len(as) {
			x, _ = strconv.Atoi(as[i])
		}
		if i < len(bs) {
			y, _ = strconv.Atoi(bs[i])
		}
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return 0
}

// sqliteNow is the SQL Prefect's now() renders on SQLite: UTC text with
// millisecond precision padded to six digits.
const sqliteNow = "strftime('%Y-%m-%d %H:%M:%f000', 'now')"

// sqliteGenerateUUID is Prefect's GenerateUUID() server default on SQLite.
const sqliteGenerateUUID = "(lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))),2) || '-' || substr('89ab',abs(random()) % 4 + 1, 1) || substr(lower(hex(randomblob(2))),2) || '-' || lower(hex(randomblob(6))))"
