package main

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/prefectorm/prefectorm/dialects/sqlite"
	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/migrations"
)

// TestCommands runs command lines in sequence on a fresh database of each
// dialect and reads back the versions recorded after each one.
func TestCommands(t *testing.T) {
	const v1 = "0001_prefect_3_0"
	var all []string // every version, oldest first
	for _, v := range sqlite.Dialect.Migrations() {
		all = append(all, v.ID)
	}
	steps := []struct {
		args     []string
		code     int
		stdout   string // in stdout
		stderr   string // in stderr
		applied  []string
		flowRows int64 // -1: the flow table must not exist
	}{
		{args: []string{"status"}, code: 0, stdout: "  pending\n", applied: nil, flowRows: -1},
		{args: []string{"status"}, code: 0, stdout: "current: base", applied: nil, flowRows: -1},
		{args: []string{"upgrade"}, code: 0, stdout: "current: " + all[len(all)-1], stderr: "prefectorm: migration finished", applied: all},
		{args: []string{"upgrade"}, code: 0, stdout: "  applied 20", applied: all, flowRows: 1},
		{args: []string{"status"}, code: 0, stdout: "alembic_version: ", applied: all, flowRows: 1},
		{args: []string{"reset"}, code: 1, stderr: "add -yes", applied: all, flowRows: 1},
		{args: []string{"reset", "-yes"}, code: 0, stderr: "direction=down", applied: all, flowRows: 0},
		{args: []string{"downgrade", "-steps", "1", "-to", "base"}, code: 2, stderr: "not several", applied: all, flowRows: 1},
		{args: []string{"upgrade", "-to", v1, "-prefect", "3.0.0"}, code: 2, stderr: "not several", applied: all, flowRows: 1},
		{args: []string{"upgrade", "-prefect", "3.9.0"}, code: 1, stderr: "newer than the releases", applied: all, flowRows: 1},
		{args: []string{"stamp"}, code: 2, stderr: "stamp needs -to or -prefect", applied: all, flowRows: 1},
		{args: []string{"downgrade", "-to", v1}, code: 0, stdout: "current: " + v1, applied: []string{v1}, flowRows: 1},
		{args: []string{"downgrade", "-to", "0009_nope"}, code: 1, stderr: `unknown version "0009_nope"`, applied: []string{v1}, flowRows: 1},
		{args: []string{"upgrade", "-steps", "1"}, code: 2, stderr: "upgrade takes no -steps", applied: []string{v1}, flowRows: 1},
		{args: []string{"downgrade", "-steps", "1"}, code: 0, stdout: "current: base", applied: []string{}, flowRows: -1},
		{args: []string{"downgrade", "-steps", "1"}, code: 1, stderr: "only 0 versions are applied", applied: []string{}, flowRows: -1},
		{args: []string{"upgrade", "-to", v1}, code: 0, applied: []string{v1}},
		// The stamp succeeds; the status printed after it reports that
		// Upgrade now refuses the database (its tables, no revision).
		{args: []string{"stamp", "-to", "base"}, code: 1, stderr: "prefectorm: stamped database", applied: []string{}, flowRows: 1},
		{args: []string{"upgrade"}, code: 1, stderr: "alembic_version is empty", applied: []string{}, flowRows: 1},
		{args: []string{"stamp", "-prefect", "3.0.2"}, code: 0, stdout: "current: " + v1, applied: []string{v1}, flowRows: 1},
		{args: []string{"upgrade", "-prefect", "3.0.2"}, code: 0, stdout: "current: " + v1, applied: []string{v1}, flowRows: 1},
		{args: []string{"downgrade", "-to", "base"}, code: 0, applied: []string{}, flowRows: -1},
		{args: []string{"frobnicate"}, code: 2, stderr: `unknown command "frobnicate"`, applied: []string{}, flowRows: -1},
		{args: []string{}, code: 2, stderr: "usage: migrate", applied: []string{}, flowRows: -1},
	}
	for _, dialect := range dbtest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			url := dbtest.URL(t, dialect)
			db := dbtest.Open(t, url)
			for i, s := range steps {
				var stdout, stderr bytes.Buffer
				code := run(append([]string{"-url", url}, s.args...), &stdout, &stderr)
				if code != s.code || !strings.Contains(stdout.String(), s.stdout) || !strings.Contains(stderr.String(), s.stderr) {
					t.Fatalf("step %d %q: exit %d, want %d; stdout (want %q):\n%s\nstderr (want %q):\n%s",
						i, s.args, code, s.code, s.stdout, stdout.String(), s.stderr, stderr.String())
				}
				if s.applied != nil {
					var ids []string
					if err := db.Raw("SELECT id FROM " + migrations.TableName + " ORDER BY id").Scan(&ids).Error; err != nil {
						t.Fatal(err)
					}
					if !slices.Equal(ids, s.applied) {
						t.Fatalf("step %d %q: recorded versions %q, want %q", i, s.args, ids, s.applied)
					}
				}
				hasFlow := db.Migrator().HasTable("flow")
				if hasFlow != (s.flowRows >= 0) {
					t.Fatalf("step %d %q: flow table exists: %v", i, s.args, hasFlow)
				}
				if hasFlow {
					var n int64
					if err := db.Table("flow").Count(&n).Error; err != nil {
						t.Fatal(err)
					}
					if n != s.flowRows {
						t.Fatalf("step %d %q: flow holds %d rows, want %d", i, s.args, n, s.flowRows)
					}
					if n == 0 {
						// The next reset must drop this row.
						if err := db.Exec("INSERT INTO flow (id, name) VALUES ('3f2504e0-4f89-41d3-9a0c-0305e82c3301', 'f')").Error; err != nil {
							t.Fatal(err)
						}
					}
				}
			}
		})
	}
}

// TestRefusedDatabase: a database with foreign tables gets exit status 1
// and the refusal on stderr, from status and from upgrade, and no
// bookkeeping table.
func TestRefusedDatabase(t *testing.T) {
	for _, dialect := range dbtest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			url := dbtest.URL(t, dialect)
			db := dbtest.Open(t, url)
			if err := db.Exec("CREATE TABLE inventory (id INTEGER PRIMARY KEY)").Error; err != nil {
				t.Fatal(err)
			}
			for _, cmd := range []string{"status", "upgrade"} {
				var stdout, stderr bytes.Buffer
				if code := run([]string{"-url", url, cmd}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "refusing to migrate") {
					t.Errorf("%s: exit %d, stderr %q; want 1 and the refusal", cmd, code, stderr.String())
				}
			}
			if db.Migrator().HasTable(migrations.TableName) {
				t.Errorf("%s created on a refused database", migrations.TableName)
			}
		})
	}
}
