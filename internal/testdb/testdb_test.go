package testdb

import (
	"context"
	"database/sql"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	_ "github.com/mattn/go-sqlite3"
)

func TestSQLite(t *testing.T) {
	p1, p2 := SQLite(t), SQLite(t)
	if p1 == p2 {
		t.Fatalf("two calls returned the same path %q", p1)
	}
	if filepath.Base(p1) != "test.db" {
		t.Errorf("path %q: want base name test.db", p1)
	}
	if _, err := os.Stat(p1); !os.IsNotExist(err) {
		t.Errorf("path %q should not exist yet (err=%v)", p1, err)
	}

	db, err := sql.Open("sqlite3", p1)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO t VALUES (1)"); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.QueryRow("SELECT count(*) FROM t").Scan(&n); err != nil || n != 1 {
		t.Fatalf("count = %d, %v; want 1", n, err)
	}
	if _, err := os.Stat(p1); err != nil {
		t.Errorf("database file not created: %v", err)
	}
}

var dbNameRE = regexp.MustCompile(`^prefectorm_t_[0-9a-f]{16}$`)

func TestPostgres(t *testing.T) {
	admin := PostgresAdminDSN(t)
	ctx := context.Background()

	adminDB, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatal(err)
	}
	defer adminDB.Close()
	exists := func(name string) bool {
		t.Helper()
		var ok bool
		if err := adminDB.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&ok); err != nil {
			t.Fatal(err)
		}
		return ok
	}

	var names []string
	t.Run("create", func(t *testing.T) {
		for i := 0; i < 2; i++ {
			dsn := Postgres(t)
			u, err := url.Parse(dsn)
			if err != nil {
				t.Fatal(err)
			}
			name := strings.TrimPrefix(u.Path, "/")
			if !dbNameRE.MatchString(name) {
				t.Errorf("database name %q does not match %s", name, dbNameRE)
			}
			au, _ := url.Parse(admin)
			if u.Host != au.Host || u.RawQuery != au.RawQuery || u.User.String() != au.User.String() {
				t.Errorf("DSN %s differs from admin DSN %s beyond the database name", u.Redacted(), au.Redacted())
			}
			names = append(names, name)

			db, err := sql.Open("pgx", dsn)
			if err != nil {
				t.Fatal(err)
			}
			// Left open on purpose: the cleanup must drop the database anyway.
			var got string
			if err := db.QueryRowContext(ctx, "SELECT current_database()").Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != name {
				t.Errorf("current_database() = %q, want %q", got, name)
			}
			if _, err := db.ExecContext(ctx, "CREATE TABLE t (id int)"); err != nil {
				t.Fatal(err)
			}
			if !exists(name) {
				t.Errorf("database %q not found in pg_database", name)
			}
		}
		if len(names) == 2 && names[0] == names[1] {
			t.Errorf("two calls created the same database %q", names[0])
		}
	})
	for _, name := range names {
		if exists(name) {
			t.Errorf("database %q still exists after the test ended", name)
		}
	}
}

// TestUnreachableServer runs this test binary again with
// EnvPostgresDSN pointing at a closed port: outside CI the PostgreSQL
// test is skipped with the reason, under CI=true it fails.
func TestUnreachableServer(t *testing.T) {
	if os.Getenv("TESTDB_CHILD") == "1" {
		PostgresAdminDSN(t)
		t.Log("reached PostgreSQL")
		return
	}
	cases := []struct {
		ci       string
		wantFail bool
		want     string
	}{
		{ci: "", wantFail: false, want: "--- SKIP: TestUnreachableServer"},
		{ci: "false", wantFail: false, want: "is not reachable"},
		{ci: "true", wantFail: true, want: "CI=true requires PostgreSQL tests to run"},
	}
	for _, c := range cases {
		t.Run("CI="+c.ci, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestUnreachableServer$", "-test.v")
			cmd.Env = append(os.Environ(), "TESTDB_CHILD=1", "CI="+c.ci,
				EnvPostgresDSN+"=postgres://postgres@127.0.0.1:1/postgres?sslmode=disable")
			out, err := cmd.CombinedOutput()
			if failed := err != nil; failed != c.wantFail {
				t.Fatalf("child failed = %v (%v), want %v; output:\n%s", failed, err, c.wantFail, out)
			}
			if !strings.Contains(string(out), c.want) {
				t.Errorf("child output lacks %q:\n%s", c.want, out)
			}
			if strings.Contains(string(out), "reached PostgreSQL") {
				t.Errorf("child reached a server on a closed port:\n%s", out)
			}
		})
	}
}

// TestPostgresFrom checks that the template of a key is built once and that
// every database made from it is a separate copy of it.
func TestPostgresFrom(t *testing.T) {
	builds := 0
	build := func(dsn string) error {
		builds++
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			return err
		}
		defer db.Close()
		_, err = db.Exec("CREATE TABLE t (id int); INSERT INTO t VALUES (1)")
		return err
	}
	var dsns []string
	for i := 0; i < 2; i++ {
		dsn := PostgresFrom(t, "TestPostgresFrom", build)
		dsns = append(dsns, dsn)
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var n int
		if err := db.QueryRow("SELECT count(*) FROM t").Scan(&n); err != nil || n != 1 {
			t.Fatalf("copy %d: count = %d, %v; want 1", i, n, err)
		}
		if _, err := db.Exec("INSERT INTO t VALUES (2)"); err != nil {
			t.Fatal(err)
		}
	}
	if builds != 1 {
		t.Errorf("template built %d times, want 1", builds)
	}
	if dsns[0] == dsns[1] {
		t.Errorf("two copies share %s", dsns[0])
	}
}
