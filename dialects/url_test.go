package dialects

import (
	"strings"
	"testing"
)

func TestParseURL(t *testing.T) {
	tests := []struct {
		url      string
		dialect  string
		path     string
		host     string
		database string
		memory   bool
	}{
		{url: "sqlite+aiosqlite:///rel.db", dialect: "sqlite", path: "rel.db"},
		{url: "sqlite:///rel/dir/prefect.db", dialect: "sqlite", path: "rel/dir/prefect.db"},
		{url: "sqlite:////abs/path.db", dialect: "sqlite", path: "/abs/path.db"},
		{url: "sqlite+aiosqlite:////root/.prefect/prefect.db", dialect: "sqlite", path: "/root/.prefect/prefect.db"},
		{url: "sqlite:///:memory:", dialect: "sqlite", path: ":memory:", memory: true},
		{url: "sqlite+aiosqlite:///file:x?mode=memory&cache=shared", dialect: "sqlite", path: "x", memory: true},
		{url: "sqlite:///./prefect.db", dialect: "sqlite", path: "./prefect.db"},
		{url: "sqlite:////tmp/my dir/prefect.db", dialect: "sqlite", path: "/tmp/my dir/prefect.db"},
		{url: "sqlite:////tmp/Test/sqlite#01/p%20.db", dialect: "sqlite", path: "/tmp/Test/sqlite#01/p%20.db"}, // kept as written, as SQLAlchemy does
		{url: "SQLite+AIOSQLite:///rel.db", dialect: "sqlite", path: "rel.db"},
		{url: "postgresql+asyncpg://user:pw@db.example:5432/prefect", dialect: "postgres", host: "db.example:5432", database: "/prefect"},
		{url: "postgresql://user@localhost/prefect?sslmode=disable", dialect: "postgres", host: "localhost", database: "/prefect"},
		{url: "postgres://u:p@127.0.0.1:5432/test", dialect: "postgres", host: "127.0.0.1:5432", database: "/test"},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			got, err := ParseURL(tt.url)
			if err != nil {
				t.Fatalf("ParseURL(%q): %v", tt.url, err)
			}
			if got.Dialect != tt.dialect {
				t.Errorf("dialect = %q, want %q", got.Dialect, tt.dialect)
			}
			if tt.dialect == "sqlite" {
				if got.Path != tt.path || got.InMemory() != tt.memory {
					t.Errorf("path = %q (memory %v), want %q (memory %v)", got.Path, got.InMemory(), tt.path, tt.memory)
				}
				return
			}
			if got.URL.Host != tt.host || got.URL.Path != tt.database || got.URL.Scheme != "postgres" {
				t.Errorf("url = %s, want host %q database %q", got.URL, tt.host, tt.database)
			}
		})
	}
}

func TestParseURLErrors(t *testing.T) {
	tests := []struct {
		url  string
		want string // a fragment the error must contain
	}{
		{url: "", want: "empty database URL"},
		{url: "mysql://root@localhost/prefect", want: `unsupported scheme "mysql"`},
		{url: "sqlite://relative.db", want: "three slashes"},
		{url: "sqlite:///", want: "missing database path"},
		{url: "postgresql+asyncpg:///prefect", want: "missing host"},
		{url: "postgresql://user:secret@localhost:54x2/prefect", want: "port"},
		{url: "postgresql://user:secret@localhost:5432", want: "missing database name"},
		{url: "localhost:5432", want: "has no scheme"},
		{url: "postgres@localhost", want: "has no scheme"},
		{url: "postgres:secret@localhost/prefect", want: "has no scheme"},
		{url: "./prefect.db", want: "needs the sqlite:/// prefix"},
		{url: "prefect.db", want: "has no scheme"},
		{url: "/abs/prefect.db", want: "has no scheme"},
		{url: ":memory:", want: "has no scheme"},
		{url: "://localhost/prefect", want: "has no scheme"},
		{url: "post gres://localhost/prefect", want: "has no scheme"},
		{url: "sqlite:///prefect.db ", want: "trailing white space"},
		{url: " postgresql://user:secret@localhost/prefect", want: "leading or trailing white space"},
		{url: "postgresql://user:secret@localhost/prefect\n", want: "white space"},
		{url: "sqlite:///pre\x00fect.db", want: "control character"},
		{url: "sqlite+pysqlite:///prefect.db", want: `unsupported driver "pysqlite"`},
		{url: "postgresql+psycopg2://user:secret@localhost/prefect", want: `unsupported driver "psycopg2"`},
		{url: "postgres+asyncpg://user:secret@localhost/prefect", want: `unsupported driver "asyncpg"`},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			_, err := ParseURL(tt.url)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("ParseURL(%q) error = %v, want it to mention %q", tt.url, err, tt.want)
			}
			if strings.Contains(err.Error(), "secret") {
				t.Errorf("error leaks the password: %v", err)
			}
		})
	}
}

// FuzzParseURL checks that ParseURL never panics, that what it accepts has
// a scheme Prefect uses and no surrounding white space, and that its
// errors never show a password.
func FuzzParseURL(f *testing.F) {
	for _, seed := range []string{
		"sqlite:///prefect.db", "sqlite+aiosqlite:////abs/p.db", "sqlite:///:memory:",
		"postgresql+asyncpg://u:pw@h:5432/db", "postgres@localhost", "sqlite:///x.db ", "./x.db",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got, err := ParseURL(raw)
		if err != nil {
			if _, rest, ok := strings.Cut(raw, "://"); ok {
				if at := strings.LastIndex(rest, "@"); at > 0 {
					if _, pw, ok := strings.Cut(rest[:at], ":"); ok && len(pw) >= 8 && strings.Contains(err.Error(), ":"+pw+"@") {
						t.Errorf("error shows the password: %v", err)
					}
				}
			}
			return
		}
		if strings.TrimSpace(raw) != raw {
			t.Errorf("accepted %q with surrounding white space", raw)
		}
		scheme, _, ok := strings.Cut(raw, "://")
		if !ok {
			t.Fatalf("accepted %q without a scheme", raw)
		}
		dialect, _, _ := strings.Cut(strings.ToLower(scheme), "+")
		want := map[string]string{"sqlite": "sqlite", "postgresql": "postgres", "postgres": "postgres"}[dialect]
		if got.Dialect != want {
			t.Errorf("%q: dialect %q, want %q", raw, got.Dialect, want)
		}
	})
}
