package dialects_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/prefectorm/prefectorm/dialects"
	"github.com/prefectorm/prefectorm/internal/bigdb"
	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/internal/plancheck"
)

// vacuumPlanRules judge a vacuum pass's plans: no statement reads a big
// table whole, neither sequentially nor through a whole index (even under
// its LIMIT: a batch must be found through an index condition). On
// PostgreSQL sequential scans are priced out: on tables of 20,000 rows a
// sequential scan can be the cheaper plan; what the test asserts is that
// an index can serve every statement, and PostgreSQL still plans one only
// where no index applies. (SQLite's planner is checked as it is;
// BenchmarkVacuumBigDatabase runs the pass at scale.)
var vacuumPlanRules = plancheck.Rules{
	Large:      []string{"flow_run", "flow_run_state", "flow_run_input", "task_run", "task_run_state", "log", "artifact", "events", "event_resources"},
	IndexScans: plancheck.IndexScansFail,
	Explain:    plancheck.ExplainOptions{NoSeqScan: true},
}

// TestVacuumPlans runs a dry pass over a generated, ANALYZEd database
// (bigdb.Fill and addRetentionRows, 20,000 flow runs), captures every statement it sends, and
// asserts from each distinct statement's plan (EXPLAIN on PostgreSQL,
// with sequential scans priced out, EXPLAIN QUERY PLAN on SQLite) that
// none reads a big table whole: every batch goes through an index.
func TestVacuumPlans(t *testing.T) {
	if testing.Short() {
		t.Skip("fills a database of 20,000 flow runs")
	}
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		ctx := context.Background()
		sqlDB, err := db.DB.DB()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := bigdb.Fill(ctx, sqlDB, db.Dialect.Name(), bigdb.Sizes{FlowRuns: 20_000}); err != nil {
			t.Fatal(err)
		}
		if err := addRetentionRows(ctx, sqlDB, db.Dialect.Name()); err != nil {
			t.Fatal(err)
		}
		if _, err := sqlDB.ExecContext(ctx, "ANALYZE"); err != nil {
			t.Fatal(err)
		}
		rec, err := plancheck.Record(db.DB)
		if err != nil {
			t.Fatal(err)
		}
		cutoff := time.Date(2024, 8, 1, 3, 0, 0, 0, time.UTC) // about half of the generated runs
		var report dialects.VacuumReport
		stmts, err := rec.Run(func() (err error) {
			report, err = dialects.Vacuum(ctx, db.DB, dialects.VacuumOptions{
				FlowRunsBefore: cutoff, EventsBefore: cutoff, BatchSize: 200, DryRun: true,
				EventTypesBefore: map[string]time.Time{"prefect.flow-run.Completed": cutoff.Add(time.Hour)},
				Logger:           slog.New(slog.DiscardHandler),
			})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if report.FlowRuns == 0 || report.Logs == 0 || report.Events == 0 {
			t.Fatalf("the dry pass found nothing to delete: %+v", report)
		}
		// One plan per shape: IN lists of different lengths are one.
		stmts = plancheck.Distinct(stmts)
		if len(stmts) < 10 {
			t.Fatalf("captured %d statements", len(stmts))
		}
		// The check can fail: Prefect's orphaned-log batch reads log (or,
		// for its anti-join, flow_run) whole.
		orphans := plancheck.Statement{SQL: "DELETE FROM log WHERE id IN (SELECT id FROM log WHERE log.flow_run_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM flow_run WHERE flow_run.id = log.flow_run_id) LIMIT 200)"}
		if v, err := vacuumPlanRules.Check(ctx, db.DB, orphans); err != nil {
			t.Fatal(err)
		} else if len(v.Problems) == 0 {
			t.Errorf("Prefect's orphaned-log batch is not seen reading a table whole:\n%s", v.Plan)
		}
		checkPlans(ctx, t, db.DB, vacuumPlanRules, stmts)
	})
}
