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
		{url: "./prefect.db", dialect: "sqlite", path: "./prefect.db"},
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
