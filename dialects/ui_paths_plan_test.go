package dialects_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/dialects"
	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/internal/plancheck"
	"github.com/prefectorm/prefectorm/models"
)

// bigCall is one hot-path call on a bigdb database.
type bigCall struct {
	name string
	run  func(ctx context.Context, db *gorm.DB) error
}

func bigCalls(p bigParams) []bigCall {
	week := p.end.Add(-7 * 24 * time.Hour)
	failed := []models.StateType{models.StateFailed, models.StateCrashed}
	discard := func(_ any, err error) error { return err }
	return []bigCall{
		{"DashboardTaskRunCounts", func(ctx context.Context, db *gorm.DB) error {
			return discard(dialects.DashboardTaskRunCounts(ctx, db, p.windowStart, p.windowEnd, dialects.TaskRunFilter{}))
		}},
		{"CountTaskRunsByState", func(ctx context.Context, db *gorm.DB) error {
			return discard(dialects.CountTaskRunsByState(ctx, db, dialects.TaskRunFilter{StartTimeAfter: p.windowStart, StartTimeBefore: p.windowEnd}))
		}},
		{"FlowRunHistory", func(ctx context.Context, db *gorm.DB) error {
			return discard(dialects.FlowRunHistory(ctx, db, dialects.HistoryOptions{Start: p.windowStart, End: p.windowEnd, Interval: time.Minute, Now: p.end}))
		}},
		{"NextRunsByFlow", func(ctx context.Context, db *gorm.DB) error {
			return discard(dialects.NextRunsByFlow(ctx, db, p.flowIDs))
		}},
		{"CountFlowRunsByState", func(ctx context.Context, db *gorm.DB) error {
			return discard(dialects.CountFlowRunsByState(ctx, db, dialects.FlowRunFilter{StartTimeAfter: p.windowStart, StartTimeBefore: p.windowEnd}))
		}},
		{"CountFlowRuns failed 7d", func(ctx context.Context, db *gorm.DB) error {
			return discard(dialects.CountFlowRuns(ctx, db, dialects.FlowRunFilter{StateTypes: failed, StartTimeAfter: week}))
		}},
		{"RecentFlowRuns failed 7d", func(ctx context.Context, db *gorm.DB) error {
			return discard(dialects.RecentFlowRuns(ctx, db, dialects.FlowRunFilter{StateTypes: failed, StartTimeAfter: week}, 10, 0))
		}},
		{"PaginateFlowRuns deployment", func(ctx context.Context, db *gorm.DB) error {
			return discard(dialects.PaginateFlowRuns(ctx, db, dialects.FlowRunFilter{DeploymentIDs: []models.UUID{p.deploymentID}}, "", 1, 10))
		}},
		{"PaginateFlowRuns deployment START_TIME_DESC", func(ctx context.Context, db *gorm.DB) error {
			return discard(dialects.PaginateFlowRuns(ctx, db, dialects.FlowRunFilter{DeploymentIDs: []models.UUID{p.deploymentID}}, models.FlowRunSortStartTimeDesc, 2, 10))
		}},
		{"ReadLogs", func(ctx context.Context, db *gorm.DB) error {
			return discard(dialects.ReadLogs(ctx, db, dialects.LogFilter{FlowRunIDs: []models.UUID{p.logRunID}}, "", 200, 0))
		}},
		{"ReadEvents by time", func(ctx context.Context, db *gorm.DB) error {
			return discard(dialects.ReadEvents(ctx, db, dialects.EventFilter{Since: p.windowStart, Until: p.windowEnd}, 0, 0))
		}},
		{"ReadEvents by resource", func(ctx context.Context, db *gorm.DB) error {
			return discard(dialects.ReadEvents(ctx, db, dialects.EventFilter{Since: bigBase, Until: p.end, ResourceIDs: []string{p.resourceID}}, 0, 0))
		}},
		{"ReadEvents by any resource", func(ctx context.Context, db *gorm.DB) error {
			return discard(dialects.ReadEvents(ctx, db, dialects.EventFilter{Since: p.windowStart, Until: p.windowEnd, AnyResourceIDs: []string{p.relatedID}}, 0, 0))
		}},
	}
}

// uiPlanRules judge the UI read paths' plans: no sequential scan of a
// large table, no full index scan of one outside a LIMIT that stops it,
// no sort of more than 10,000 estimated rows.
var uiPlanRules = plancheck.Rules{
	Large:       []string{"flow_run", "flow_run_state", "task_run", "task_run_state", "log", "events", "event_resources"},
	MaxSortRows: 10_000,
	IndexScans:  plancheck.IndexScansUnderLimit,
}

// TestUIReadPathPlans runs every UI read path on the plan database of each
// dialect (planDB: 200,000 flow runs, shared with TestWorkerPathPlans) and
// fails when the plan of any of its statements breaks uiPlanRules.
func TestUIReadPathPlans(t *testing.T) {
	ctx := context.Background()
	for _, dialect := range dbtest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			db, p := planDB(t, dialect)
			rec, err := plancheck.Record(db.DB)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range bigCalls(p) {
				t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
					stmts, err := rec.Run(func() error { return c.run(ctx, db.DB) })
					if err != nil {
						t.Fatal(err)
					}
					checkPlans(ctx, t, db.DB, uiPlanRules, stmts)
				})
			}
		})
	}
}

// checkPlans judges the plan of every statement of stmts on db by r, and
// fails the test for each problem (and when stmts is empty).
func checkPlans(ctx context.Context, t *testing.T, db *gorm.DB, r plancheck.Rules, stmts []plancheck.Statement) {
	t.Helper()
	if len(stmts) == 0 {
		t.Fatal("no statement recorded")
	}
	for _, s := range stmts {
		v, err := r.Check(ctx, db, s)
		if err != nil {
			t.Fatalf("explain %s: %v", s.SQL, err)
		}
		if len(v.Problems) > 0 || testing.Verbose() {
			t.Logf("%s\nplan:\n%s", short(s.SQL), v.Plan)
		}
		if v.Exempt != "" {
			t.Logf("exempt (%s): %s", v.Exempt, short(s.SQL))
		}
		for _, p := range v.Problems {
			t.Errorf("%s: %s", p, short(s.SQL))
		}
	}
}

// short cuts s to a log line's worth.
func short(s string) string {
	if len(s) > 600 {
		return s[:600] + " …"
	}
	return s
}
