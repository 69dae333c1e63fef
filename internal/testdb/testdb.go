// Package testdb provides real, throwaway databases for tests: a fresh SQLite
// file per call, and a fresh PostgreSQL database per call on a server given by
// the environment (or a local default).
//
// PostgreSQL tests are skipped when no server is reachable (the server of
// PREFECTORM_TEST_POSTGRES_DSN, or the local default), except when the
// environment variable CI is "true": then an unreachable server fails the
// test instead. The reason for skipping is printed once per test binary to
// the terminal, so that it shows without -v.
package testdb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
)

// EnvPostgresDSN is the environment variable holding the DSN (URL form) of a
// PostgreSQL server on which tests may create and drop databases.
const EnvPostgresDSN = "PREFECTORM_TEST_POSTGRES_DSN"

// DefaultPostgresDSN is the server tried when EnvPostgresDSN is not set.
const DefaultPostgresDSN = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// probeTimeout bounds connecting to and pinging the server.
const probeTimeout = 3 * time.Second

// SQLite returns the path of a fresh SQLite database file ("test.db") in a new
// temporary directory that is removed when the test ends. The file itself is
// not created; the SQLite driver creates it on first use.
func SQLite(t testing.TB) string {
	t.Helper()
	return filepath.Join(t.TempDir(), "test.db")
}

var probe struct {
	once     sync.Once
	dsn      string
	explicit bool // the DSN came from EnvPostgresDSN
	err      error
}

// PostgresAdminDSN returns the DSN of a PostgreSQL server where databases can be
// created: EnvPostgresDSN if set, DefaultPostgresDSN otherwise. The server is
// probed (connect and ping, 3 s timeout) once per test binary. If it cannot be
// reached the test is skipped, or fails when CI=true.
func PostgresAdminDSN(t testing.TB) string {
	t.Helper()
	probe.once.Do(func() {
		probe.dsn, probe.explicit = os.Getenv(EnvPostgresDSN), true
		if probe.dsn == "" {
			probe.dsn, probe.explicit = DefaultPostgresDSN, false
		}
		probe.err = ping(probe.dsn)
	})
	if probe.err != nil {
		switch {
		case os.Getenv("CI") == "true":
			t.Fatalf("PostgreSQL not available at %s (%v); CI=true requires PostgreSQL tests to run", redact(probe.dsn), probe.err)
		case probe.explicit:
			skip(t, fmt.Sprintf("PostgreSQL tests skipped: %s=%s is not reachable (%v)", EnvPostgresDSN, redact(probe.dsn), probe.err))
		default:
			skip(t, fmt.Sprintf("PostgreSQL tests skipped: no server at %s (%v); set %s to a postgres:// URL to run them", redact(probe.dsn), probe.err, EnvPostgresDSN))
		}
	}
	return probe.dsn
}

var announce sync.Once

// skip skips t with reason. go test hides a passing package's output unless
// -v is given, so the reason is also written once per test binary to the
// controlling terminal, when there is one.
func skip(t testing.TB, reason string) {
	t.Helper()
	announce.Do(func() {
		if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
			_, _ = fmt.Fprintf(tty, "%s: %s\n", filepath.Base(os.Args[0]), reason)
			_ = tty.Close()
		}
	})
	t.Skip(reason)
}

// Postgres creates a fresh, empty database named prefectorm_t_<random hex> on
// the server of PostgresAdminDSN and returns its DSN: the admin DSN with the
// database name replaced. The database is dropped (WITH (FORCE), closing any
// connection still open to it) when the test ends.
func Postgres(t testing.TB) string {
	t.Helper()
	return createDatabase(t, PostgresAdminDSN(t), "")
}

// PostgresCopy is Postgres, but the fresh database is a copy (CREATE
// DATABASE … TEMPLATE) of the database of src, a DSN Postgres returned,
// which must have no open connection. Unlike PostgresFrom's templates, the
// source belongs to the test, so a benchmark can fill it with a database
// too big to build once per test binary, and copy it for each side.
func PostgresCopy(t testing.TB, src string) string {
	t.Helper()
	u, err := url.Parse(src)
	if err != nil {
		t.Fatalf("testdb: bad DSN %s", redact(src))
	}
	return createDatabase(t, PostgresAdminDSN(t), " TEMPLATE "+strings.TrimPrefix(u.Path, "/"))
}

// createDatabase creates prefectorm_t_<random hex> on the admin server with
// the CREATE DATABASE options opts, drops it when the test ends, and returns
// its DSN.
func createDatabase(t testing.TB, admin, opts string) string {
	t.Helper()
	u, err := url.Parse(admin)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		t.Fatalf("testdb: PostgreSQL DSN must be a postgres:// URL, got %s", redact(admin))
	}

	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatalf("testdb: random database name: %v", err)
	}
	name := "prefectorm_t_" + hex.EncodeToString(b[:])

	if err := adminExec(admin, "CREATE DATABASE "+name+opts); err != nil {
		t.Fatalf("testdb: create database %s: %v", name, err)
	}
	t.Cleanup(func() {
		if err := adminExec(admin, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("testdb: drop database %s: %v", name, err)
		}
	})
	return withDatabase(admin, name)
}

// ping opens dsn and pings it within probeTimeout.
func ping(dsn string) error {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), probeTimeout)
	defer cancel()
	return db.PingContext(ctx)
}

// adminExec runs one statement on a short-lived connection to dsn.
func adminExec(dsn, stmt string) error {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err = db.ExecContext(ctx, stmt)
	return err
}

// redact hides the password of a URL DSN for messages.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "<unparsable DSN>"
	}
	return u.Redacted()
}
