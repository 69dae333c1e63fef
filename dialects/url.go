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
// postgresql://… and postgres://…. A plain file path is taken as SQLite.
func ParseURL(raw string) (Target, error) {
	if raw == "" {
		return Target{}, fmt.Errorf("prefectorm: empty database URL")
	}
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok {
		if strings.Contains(raw, ":") && !strings.HasPrefix(raw, ":memory:") && !strings.HasPrefix(raw, "/") && !strings.HasPrefix(raw, ".") {
			return Target{}, fmt.Errorf("prefectorm: database URL %q has no scheme (want sqlite:///path.db or postgresql://user@host/db)", raw)
		}
		return Target{Dialect: "sqlite", Path: raw, Query: url.Values{}}, nil
	}
	driver, _, _ := strings.Cut(strings.ToLower(scheme), "+")
	switch driver {
	case "sqlite":
		return parseSQLiteURL(raw, scheme, rest)
	case "postgresql", "postgres":
		return parsePostgresURL(raw, scheme, rest)
	}
	return Target{}, fmt.Errorf("prefectorm: database URL %q: unsupported scheme %q (want sqlite, sqlite+aiosqlite, postgresql, postgresql+asyncpg or postgres)", raw, scheme)
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

// redact hides the password of a URL in error messages.
func redact(raw string) string {
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return raw
	}
	at := strings.LastIndex(rest, "@")
	if at < 0 {
		return raw
	}
	if user, _, hasPass := strings.Cut(rest[:at], ":"); hasPass {
		return scheme + "://" + user + ":xxxxx" + rest[at:]
	}
	return raw
}
