package dialects

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// Target is a parsed database connection URL.
type Target struct {
	// Dialect is "sqlite" or "postgres".
	Dialect string
	// Path is the SQLite database file, or ":memory:" (SQLite only).
	Path string
	// Query holds the URL's query parameters (SQLite: passed to the driver
	// DSN; PostgreSQL: passed to pgx as connection parameters).
	Query url.Values
	// URL is the PostgreSQL connection URL in the form pgx accepts.
	URL *url.URL
}

// InMemory reports whether the target is an in-memory SQLite database.
func (t Target) InMemory() bool {
	return t.Dialect == "sqlite" && (t.Path == ":memory:" || t.Path == "" || t.Query.Get("mode") == "memory")
}

// ParseURL parses a connection URL in the forms Prefect's
// PREFECT_API_DATABASE_CONNECTION_URL takes: sqlite+aiosqlite:///rel.db,
// sqlite:////abs/path.db, sqlite:///:memory:, postgresql+asyncpg://u:p@h:5432/db,
// postgresql://… and postgres://…. Anything else is refused with the reason,
// never guessed at: a string without a scheme (a bare file path,
// postgres@localhost), leading or trailing white space, control
// characters, or a scheme or driver Prefect does not use.
func ParseURL(raw string) (Target, error) {
	if raw == "" {
		return Target{}, fmt.Errorf("prefectorm: empty database URL")
	}
	if strings.TrimSpace(raw) != raw {
		return Target{}, fmt.Errorf("prefectorm: database URL %q has leading or trailing white space; remove it", redact(raw))
	}
	if i := strings.IndexFunc(raw, func(r rune) bool { return r < 0x20 || r == 0x7f }); i >= 0 {
		return Target{}, fmt.Errorf("prefectorm: database URL %q has a control character at byte %d", redact(raw), i)
	}
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok || !validScheme(scheme) {
		return Target{}, fmt.Errorf("prefectorm: database URL %q has no scheme (want sqlite+aiosqlite:///path.db, sqlite:///:memory: or postgresql+asyncpg://user:password@host:5432/database; a file path needs the sqlite:/// prefix)", redact(raw))
	}
	dialect, driver, hasDriver := strings.Cut(strings.ToLower(scheme), "+")
	wantDriver := map[string]string{"sqlite": "aiosqlite", "postgresql": "asyncpg", "postgres": ""}
	want, known := wantDriver[dialect]
	if !known {
		return Target{}, fmt.Errorf("prefectorm: database URL %q: unsupported scheme %q (want sqlite, sqlite+aiosqlite, postgresql, postgresql+asyncpg or postgres)", redact(raw), scheme)
	}
	if hasDriver && driver != want {
		return Target{}, fmt.Errorf("prefectorm: database URL %q: unsupported driver %q in scheme %q (Prefect uses %s+%s)", redact(raw), driver, scheme, dialect, want)
	}
	if dialect == "sqlite" {
		return parseSQLiteURL(raw, scheme, rest)
	}
	return parsePostgresURL(raw, scheme, rest)
}

// validScheme reports whether s is a URL scheme (RFC 3986: a letter, then
// letters, digits, +, - or .).
func validScheme(s string) bool {
	for i, c := range s {
		letter := (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
		if !letter && (i == 0 || !(c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return false
		}
	}
	return s != ""
}

// parseSQLiteURL reads sqlite:///relative.db, sqlite:////absolute.db and
// sqlite:///:memory:, with optional ?query parameters.
func parseSQLiteURL(raw, scheme, rest string) (Target, error) {
	if !strings.HasPrefix(rest, "/") {
		return Target{}, fmt.Errorf("prefectorm: database URL %q: %s URLs have an empty host and three slashes before the path (sqlite:///file.db, sqlite:////abs/file.db)", raw, scheme)
	}
	path, rawQuery, _ := strings.Cut(rest[1:], "?")
	query, err := url.ParseQuery(rawQuery)
	if err != nil {
		return Target{}, fmt.Errorf("prefectorm: database URL %q: bad query %q: %w", raw, rawQuery, err)
	}
	if path == "" {
		return Target{}, fmt.Errorf("prefectorm: database URL %q: missing database path (use sqlite:///:memory: for an in-memory database)", raw)
	}
	path = strings.TrimPrefix(path, "file:")
	return Target{Dialect: "sqlite", Path: path, Query: query}, nil
}

// parsePostgresURL reads postgresql[+driver]://user:password@host:port/db?params.
func parsePostgresURL(raw, scheme, rest string) (Target, error) {
	u, err := url.Parse("postgres://" + rest)
	if err != nil {
		// url.Error repeats the whole URL, password included: keep its cause.
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err
		}
		return Target{}, fmt.Errorf("prefectorm: database URL %q: %w", redact(raw), err)
	}
	if u.Host == "" && u.Query().Get("host") == "" {
		return Target{}, fmt.Errorf("prefectorm: database URL %q: missing host (want %s://user:password@host:5432/database)", redact(raw), scheme)
	}
	if port := u.Port(); port != "" {
		for _, c := range port {
			if c < '0' || c > '9' {
				return Target{}, fmt.Errorf("prefectorm: database URL %q: port %q is not a number", redact(raw), port)
			}
		}
	}
	if strings.Trim(u.Path, "/") == "" {
		return Target{}, fmt.Errorf("prefectorm: database URL %q: missing database name after the host", redact(raw))
	}
	q := u.Query()
	// asyncpg spells TLS as ssl=…; pgx wants sslmode=….
	if ssl := q.Get("ssl"); ssl != "" && q.Get("sslmode") == "" {
		q.Set("sslmode", ssl)
		q.Del("ssl")
	}
	u.RawQuery = q.Encode()
	return Target{Dialect: "postgres", Query: q, URL: u}, nil
}

// redact hides the password of a URL in error messages, also of a string
// without a scheme that looks like user:password@host.
func redact(raw string) string {
	scheme, rest, ok := strings.Cut(raw, "://")
	prefix := scheme + "://"
	if !ok {
		prefix, rest = "", raw
	}
	at := strings.LastIndex(rest, "@")
	if at < 0 {
		return raw
	}
	if user, _, hasPass := strings.Cut(rest[:at], ":"); hasPass {
		return prefix + user + ":xxxxx" + rest[at:]
	}
	return raw
}
