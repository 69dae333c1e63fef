package main

import (
	"bufio"
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/models"
)

// TestTourTouchesEveryTable runs the tour on a fresh database of each
// dialect and requires a line with a non-zero count for each of the 35
// tables of Prefect 3.8.3's schema; a second run on the same database must also succeed (upserts
// reuse the flow, deployment and blocks).
func TestTourTouchesEveryTable(t *testing.T) {
	for _, dialect := range dbtest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			url := dbtest.URL(t, dialect)
			var first, second bytes.Buffer
			if err := run(context.Background(), url, &first); err != nil {
				t.Fatal(err)
			}
			counts := parseCounts(t, first.String())
			if len(counts) != len(models.All()) {
				t.Errorf("%d tables printed, want %d:\n%s", len(counts), len(models.All()), first.String())
			}
			for table, n := range counts {
				if n == 0 {
					t.Errorf("table %s has no rows", table)
				}
			}
			if err := run(context.Background(), url, &second); err != nil {
				t.Fatalf("second run: %v", err)
			}
			again := parseCounts(t, second.String())
			tests := []struct {
				table string
				want  int
			}{
				{"flow", counts["flow"]},             // upserted by name
				{"deployment", counts["deployment"]}, // upserted by (flow_id, name)
				{"deployment_schedule", counts["deployment_schedule"]},
				{"deployment_version", counts["deployment_version"]}, // one per branch
				{"block_type", counts["block_type"]},                 // upserted by slug
				{"flow_run", 2 * counts["flow_run"]},                 // a new idempotency key per run
				{"artifact_collection", counts["artifact_collection"]},
				{"artifact", 2 * counts["artifact"]},
			}
			for _, tt := range tests {
				if again[tt.table] != tt.want {
					t.Errorf("after a second run %s has %d rows, want %d", tt.table, again[tt.table], tt.want)
				}
			}
		})
	}
}

func parseCounts(t *testing.T, out string) map[string]int {
	t.Helper()
	counts := map[string]int{}
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) != 2 {
			t.Fatalf("line %q is not 'table count'", sc.Text())
		}
		n, err := strconv.Atoi(fields[1])
		if err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		counts[fields[0]] = n
	}
	return counts
}
