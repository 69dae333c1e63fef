package plancheck_test

import (
	"context"
	"testing"

	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/internal/plancheck"
)

// TestSortedRowProblems: on both dialects, a 10-row page ordered by a
// nullable column DESC NULLS FIRST and id, whose only index is on the
// column, sorts the 10,000 NULLs by id and is reported; an index ending
// with id serves the order and nothing is reported.
func TestSortedRowProblems(t *testing.T) {
	for _, dialect := range dbtest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			db := dbtest.New(t, dialect)
			ctx := context.Background()
			for _, q := range []string{
				"CREATE TABLE plancheck_groups (id INTEGER PRIMARY KEY, v INTEGER)",
				"WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g WHERE x < 20000) " +
					"INSERT INTO plancheck_groups (id, v) SELECT x, CASE WHEN x % 2 = 0 THEN NULL ELSE x END FROM g",
				"CREATE INDEX plancheck_groups_v ON plancheck_groups (v DESC)",
				"ANALYZE plancheck_groups",
			} {
				if err := db.DB.Exec(q).Error; err != nil {
					t.Fatalf("%v\n%s", err, q)
				}
			}
			query := "SELECT * FROM plancheck_groups ORDER BY v DESC NULLS FIRST, id DESC LIMIT 10"
			probs, err := plancheck.SortedRowProblems(ctx, db.DB, 1000, query)
			if err != nil {
				t.Fatal(err)
			}
			if len(probs) == 0 {
				t.Errorf("index on v only: no problem reported")
			}
			for _, q := range []string{
				"DROP INDEX plancheck_groups_v",
				"CREATE INDEX plancheck_groups_v_id ON plancheck_groups (v DESC, id DESC)",
				"ANALYZE plancheck_groups",
			} {
				if err := db.DB.Exec(q).Error; err != nil {
					t.Fatalf("%v\n%s", err, q)
				}
			}
			probs, err = plancheck.SortedRowProblems(ctx, db.DB, 1000, query)
			if err != nil {
				t.Fatal(err)
			}
			if len(probs) != 0 {
				t.Errorf("index on (v, id): problems %q", probs)
			}
		})
	}
}
