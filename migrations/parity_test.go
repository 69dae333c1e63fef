package migrations_test

import (
	"context"
	"strings"
	"testing"

	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/internal/schemadiff"
)

// toleratedDifferences lists the differences between prefectorm's schema
// and the schema Prefect 3.8.3's own migrations build that the parity test
// accepts, by dialect. Keep it to cosmetic ones, each with its reason.
var toleratedDifferences = map[string][]string{
	"sqlite":   {},
	"postgres": {},
}

// inspect reads the catalog of db.
func inspect(t *testing.T, db dbtest.DB) *schemadiff.Schema {
	t.Helper()
	sqlDB, err := db.DB.DB()
	if err != nil {
		t.Fatal(err)
	}
	s, err := schemadiff.Inspect(context.Background(), sqlDB, db.Dialect.Name())
	if err != nil {
		t.Fatalf("inspect %s: %v", db.Dialect.Name(), err)
	}
	return s
}

// reference returns a database of the dialect loaded from Prefect 3.0's
// dump.
func reference(t *testing.T, dialect string) dbtest.DB {
	t.Helper()
	return loadDump(t, dialect, "../testdata/prefect-3.0-"+dialect+".sql")
}

// TestSchemaParity requires CreateSchema to build exactly the schema of a
// database created by Prefect 3.8.3 itself plus prefectorm's own indexes
// (the reference with the own-index versions' scripts run on it), on both
// dialects; TestPrefectSchemaOnlyParity holds the variant without them to
// the reference itself, and TestOwnIndexesDeclared holds the difference to
// the declared list.
func TestSchemaParity(t *testing.T) {
	for _, dialect := range dbtest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			want := inspect(t, buildOwnIndexes(t, releaseReference(t, "3.8.3", dialect)))
			got := inspect(t, dbtest.New(t, dialect))
			if n := len(want.Tables); n != 35 {
				t.Fatalf("reference has %d tables, want 35", n)
			}
			tolerated := map[string]bool{}
			for _, d := range toleratedDifferences[dialect] {
				tolerated[d] = true
			}
			var diffs []string
			for _, d := range schemadiff.Diff(want, got) {
				if !tolerated[d] {
					diffs = append(diffs, d)
				}
			}
			if len(diffs) > 0 {
				t.Errorf("%d schema differences from Prefect 3.8.3 with prefectorm's own indexes (reference vs prefectorm):\n%s", len(diffs), strings.Join(diffs, "\n"))
			}
		})
	}
}
