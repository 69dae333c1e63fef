package dbtest

import (
	"os"
	"strings"
	"testing"

	"github.com/prefectorm/prefectorm/dialects"
)

// TestRepeatedSubtestNames runs two subtests Go names "sqlite" and
// "sqlite#01": the second one's temporary directory holds a '#', and its
// database must still be its own file at exactly that path.
func TestRepeatedSubtestNames(t *testing.T) {
	var paths []string
	for i := 0; i < 2; i++ {
		t.Run("sqlite", func(t *testing.T) {
			db := New(t, "sqlite")
			target, err := dialects.ParseURL(db.URL)
			if err != nil {
				t.Fatal(err)
			}
			if i == 1 && !strings.Contains(target.Path, "#") {
				t.Fatalf("path %q of the repeated subtest has no '#'; the test no longer covers it", target.Path)
			}
			if err := db.Exec("INSERT INTO flow (id, name) VALUES (?, ?)", []string{"3f2504e0-4f89-41d3-9a0c-0305e82c3301", "3f2504e0-4f89-41d3-9a0c-0305e82c3302"}[i], "f").Error; err != nil {
				t.Fatal(err)
			}
			var n int64
			if err := db.Table("flow").Count(&n).Error; err != nil || n != 1 {
				t.Fatalf("flow rows = %d, %v; want 1 (databases shared between subtests?)", n, err)
			}
			if _, err := os.Stat(target.Path); err != nil {
				t.Fatalf("database file %q: %v", target.Path, err)
			}
			paths = append(paths, target.Path)
		})
	}
	if len(paths) == 2 && paths[0] == paths[1] {
		t.Fatalf("both subtests used %q", paths[0])
	}
}

// TestNewCopiesTheSchema checks that every New, on each dialect, gets the
// whole schema in a database of its own.
func TestNewCopiesTheSchema(t *testing.T) {
	Each(t, func(t *testing.T, a DB) {
		b := New(t, a.Dialect.Name())
		if a.URL == b.URL {
			t.Fatalf("two New calls returned %s", a.URL)
		}
		for _, db := range []DB{a, b} {
			tables, err := db.Migrator().GetTables()
			if err != nil {
				t.Fatal(err)
			}
			if len(tables) < 35 {
				t.Errorf("%s: %d tables %v, want the whole schema", db.URL, len(tables), tables)
			}
		}
		if err := a.Exec("INSERT INTO flow (id, name) VALUES ('3f2504e0-4f89-41d3-9a0c-0305e82c3301', 'only-in-a')").Error; err != nil {
			t.Fatal(err)
		}
		var n int64
		if err := b.Table("flow").Count(&n).Error; err != nil || n != 0 {
			t.Fatalf("flow rows in the second database = %d, %v; want 0", n, err)
		}
	})
}
