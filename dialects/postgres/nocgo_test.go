package postgres_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// sqliteDrivers are the packages that link SQLite's C.
var sqliteDrivers = map[string]bool{
	"github.com/mattn/go-sqlite3":                      true,
	"gorm.io/driver/sqlite":                            true,
	"github.com/prefectorm/prefectorm/dialects/sqlite": true,
	"github.com/prefectorm/prefectorm/dialects/auto":   true,
}

// TestNoCgo builds testdata/pgonly, a program that imports only the
// PostgreSQL backend, with CGO_ENABLED=0, and requires that none of its
// dependencies is a SQLite driver or needs cgo.
func TestNoCgo(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command on PATH: %v", err)
	}
	env := append(os.Environ(), "CGO_ENABLED=0")
	list := exec.Command(goBin, "list", "-e", "-deps", "-f", "{{.ImportPath}}\t{{if not .Standard}}{{len .CgoFiles}}{{end}}\t{{with .Error}}{{.Err}}{{end}}", "./testdata/pgonly")
	list.Env = env
	out, err := list.CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		path, rest, _ := strings.Cut(line, "\t")
		cgoFiles, listErr, _ := strings.Cut(rest, "\t")
		switch {
		case sqliteDrivers[path]:
			t.Errorf("PostgreSQL-only program depends on %s", path)
		case cgoFiles != "" && cgoFiles != "0":
			t.Errorf("PostgreSQL-only program depends on %s, which has %s cgo files", path, cgoFiles)
		case listErr != "":
			t.Errorf("%s: %s", path, listErr)
		}
	}
	if testing.Short() {
		return
	}
	build := exec.Command(goBin, "build", "-o", filepath.Join(t.TempDir(), "pgonly"), "./testdata/pgonly")
	build.Env = env
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("CGO_ENABLED=0 go build ./testdata/pgonly: %v\n%s", err, out)
	}
}
