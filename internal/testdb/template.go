package testdb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/binary"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// templatePrefix starts the name of every template database; the rest is the
// decimal advisory-lock key of the test binary that owns it.
const templatePrefix = "prefectorm_tpl_"

// templates holds this test binary's template databases, by the key its
// caller gave, and the admin session whose advisory lock marks them alive.
var templates struct {
	sync.Mutex
	owner *sql.Conn // holds pg_advisory_lock(lockKey) until the process exits
	key   int64
	built map[string]*template
}

type template struct {
	name string
	err  error
}

// PostgresFrom is Postgres, but the fresh database is a copy (CREATE
// DATABASE … TEMPLATE) of a template database that build filled once per
// test binary and key. build gets the template's DSN and must close every
// connection it opens before returning. A failed build fails every caller
// with the same key.
//
// Templates of concurrently running test binaries do not collide: each
// binary's templates are named after a random advisory-lock key that the
// binary holds on an admin session for as long as it runs. The templates of
// binaries that have exited (their lock released by the server) are dropped
// when the next binary creates its first template.
func PostgresFrom(t testing.TB, key string, build func(dsn string) error) string {
	t.Helper()
	admin, name := builtTemplate(t, key, build)
	return createDatabase(t, admin, " TEMPLATE "+name)
}

// PostgresShared returns the DSN of a database that build filled once per
// test binary and key, shared by all the binary's tests as it is (not a
// copy): for big read-only data sets, too costly to copy for every test.
// Its tests must leave it as build left it (write in a transaction rolled
// back). It is one of the binary's templates, dropped after the binary
// exits.
func PostgresShared(t testing.TB, key string, build func(dsn string) error) string {
	t.Helper()
	admin, name := builtTemplate(t, key, build)
	return withDatabase(admin, name)
}

// builtTemplate returns the admin DSN and the name of the template of key,
// building it on first use, and fails the test if it could not be built.
func builtTemplate(t testing.TB, key string, build func(dsn string) error) (admin, name string) {
	t.Helper()
	admin = PostgresAdminDSN(t)
	tpl := templateFor(t, admin, key, build)
	if tpl.err != nil {
		t.Fatalf("testdb: template %q: %v", key, tpl.err)
	}
	return admin, tpl.name
}

// templateFor returns the template of key, building it on first use.
func templateFor(t testing.TB, admin, key string, build func(dsn string) error) *template {
	t.Helper()
	templates.Lock()
	defer templates.Unlock()
	if tpl, ok := templates.built[key]; ok {
		return tpl
	}
	tpl := &template{}
	if templates.built == nil {
		templates.built = map[string]*template{}
	}
	templates.built[key] = tpl
	if templates.owner == nil {
		if tpl.err = claimTemplates(admin); tpl.err != nil {
			return tpl
		}
	}
	tpl.name = fmt.Sprintf("%s%d_%d", templatePrefix, templates.key, len(templates.built))
	if tpl.err = adminExec(admin, "CREATE DATABASE "+tpl.name); tpl.err != nil {
		return tpl
	}
	tpl.err = build(withDatabase(admin, tpl.name))
	return tpl
}

// claimTemplates takes this binary's advisory lock on a session kept open
// for the life of the process, then drops the templates whose owner has
// exited.
func claimTemplates(admin string) error {
	db, err := sql.Open("pgx", admin)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return err
	}
	key := int64(binary.BigEndian.Uint64(b[:]) >> 1) // positive: the name has no '-'
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", key); err != nil {
		_ = conn.Close()
		return fmt.Errorf("lock template key: %w", err)
	}
	templates.owner, templates.key = conn, key

	rows, err := conn.QueryContext(ctx, "SELECT datname FROM pg_database WHERE datname LIKE '"+templatePrefix+"%'")
	if err != nil {
		return err
	}
	var names []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			_ = rows.Close()
			return err
		}
		names = append(names, name)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	for _, name := range names {
		owner, _, _ := strings.Cut(strings.TrimPrefix(name, templatePrefix), "_")
		k, err := strconv.ParseInt(owner, 10, 64)
		if err != nil || k == key {
			continue
		}
		// Advisory locks belong to the database the session is connected
		// to, and binaries given different PREFECTORM_TEST_POSTGRES_DSN
		// databases share the server's templates: look the owner's lock up
		// in pg_locks, which lists the locks of every database.
		var held bool
		if err := conn.QueryRowContext(ctx, heldAdvisoryLock, k).Scan(&held); err != nil {
			return err
		}
		if held {
			continue // its binary is still running
		}
		if _, err := conn.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			return fmt.Errorf("drop stale template %s: %w", name, err)
		}
	}
	return nil
}

// heldAdvisoryLock reports whether a session of any database holds the
// advisory lock of the bigint key $1 (pg_locks shows its high half in
// classid, its low half in objid, and objsubid 1).
const heldAdvisoryLock = `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted
	AND objsubid = 1 AND classid::bigint = ($1::bigint >> 32) AND objid::bigint = ($1::bigint & 4294967295))`

// withDatabase returns the URL DSN dsn with its database name replaced.
func withDatabase(dsn, name string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return dsn
	}
	u.Path = "/" + name
	u.RawPath = ""
	return u.String()
}
