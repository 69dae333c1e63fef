package dialects_test

import (
	"cmp"
	"slices"
	"testing"
	"time"

	"gorm.io/gorm/clause"

	"github.com/prefectorm/prefectorm/dialects"
	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/models"
)

// estimateCase is one run's Run columns at the fixed clock ms(0), with the
// hybrid values worked out by hand.
type estimateCase struct {
	name          string
	run           models.Run
	wantRunTime   time.Duration
	wantStartLate time.Duration
}

func st(s models.StateType) *models.StateType { return &s }

// estimateCases covers every branch of both properties; all times are whole
// milliseconds (SQLite's julian-day arithmetic has millisecond precision).
func estimateCases() []estimateCase {
	return []estimateCase{
		{name: "running", run: models.Run{StateType: st(models.StateRunning), StateTimestamp: ts(ms(-90500 * time.Millisecond)), TotalRunTime: models.Interval(10 * time.Second), StartTime: ts(ms(-2 * time.Minute)), ExpectedStartTime: ts(ms(-2 * time.Minute))},
			wantRunTime: 100500 * time.Millisecond},
		{name: "running without state timestamp", run: models.Run{StateType: st(models.StateRunning), TotalRunTime: models.Interval(3 * time.Second)},
			wantRunTime: 3 * time.Second},
		{name: "running, state in the future", run: models.Run{StateType: st(models.StateRunning), StateTimestamp: ts(ms(time.Second)), TotalRunTime: models.Interval(5 * time.Second)},
			wantRunTime: 4 * time.Second},
		{name: "running over a day", run: models.Run{StateType: st(models.StateRunning), StateTimestamp: ts(ms(-time.Hour)), TotalRunTime: models.Interval(25 * time.Hour)},
			wantRunTime: 26 * time.Hour},
		{name: "completed", run: models.Run{StateType: st(models.StateCompleted), TotalRunTime: models.Interval(42123 * time.Millisecond), StartTime: ts(ms(-time.Hour)), ExpectedStartTime: ts(ms(-time.Hour))},
			wantRunTime: 42123 * time.Millisecond},
		{name: "scheduled and late", run: models.Run{StateType: st(models.StateScheduled), ExpectedStartTime: ts(ms(-5 * time.Minute))},
			wantStartLate: 5 * time.Minute},
		{name: "pending, not yet due", run: models.Run{StateType: st(models.StatePending), ExpectedStartTime: ts(ms(5 * time.Minute))}},
		{name: "terminal without start", run: models.Run{StateType: st(models.StateCrashed), ExpectedStartTime: ts(ms(-time.Minute)), TotalRunTime: models.Interval(time.Millisecond)},
			wantRunTime: time.Millisecond},
		{name: "null state, late", run: models.Run{ExpectedStartTime: ts(ms(-time.Minute))}},
		{name: "started late", run: models.Run{StateType: st(models.StateFailed), StartTime: ts(ms(-7500 * time.Millisecond)), ExpectedStartTime: ts(ms(-10 * time.Second))},
			wantStartLate: 2500 * time.Millisecond},
		{name: "started early", run: models.Run{StateType: st(models.StateCompleted), StartTime: ts(ms(-10 * time.Second)), ExpectedStartTime: ts(ms(-7 * time.Second))}},
		{name: "started, no expected time", run: models.Run{StateType: st(models.StateCompleted), StartTime: ts(ms(-10 * time.Second))}},
		{name: "paused and very late", run: models.Run{StateType: st(models.StatePaused), ExpectedStartTime: ts(ms(-49*time.Hour - 1))},
			wantStartLate: 49*time.Hour + time.Millisecond},
	}
}

// insertEstimateRuns inserts every case as a flow run and as a task run and
// returns the run names by id.
func insertEstimateRuns(t *testing.T, db dbtest.DB) {
	t.Helper()
	flow := createFlow(t, db, "estimates")
	for i, c := range estimateCases() {
		fr := models.FlowRun{FlowID: flow.ID, Run: c.run}
		fr.Name = c.name
		if err := db.Create(&fr).Error; err != nil {
			t.Fatal(err)
		}
		tr := models.TaskRun{FlowRunID: &fr.ID, TaskKey: "k", DynamicKey: string(rune('a' + i)), Run: c.run}
		tr.Name = c.name
		if err := db.Create(&tr).Error; err != nil {
			t.Fatal(err)
		}
	}
}

type estimateRow struct {
	ID                      models.UUID
	Name                    string
	EstimatedRunTime        models.Interval
	EstimatedStartTimeDelta models.Interval
}

// TestRunEstimatesMatchGo computes both hybrid properties in SQL at a fixed
// clock on both dialects and for flow_run and task_run, and requires for
// every row the value worked out by hand and the value of the Go method on
// the row read back; then orders and filters by them.
func TestRunEstimatesMatchGo(t *testing.T) {
	now := ms(0)
	want := map[string]estimateCase{}
	for _, c := range estimateCases() {
		want[c.name] = c
	}
	tables := []struct {
		table string
		load  func(db dbtest.DB) (map[models.UUID]models.Run, error)
	}{
		{"flow_run", func(db dbtest.DB) (map[models.UUID]models.Run, error) {
			var runs []models.FlowRun
			err := db.Find(&runs).Error
			m := map[models.UUID]models.Run{}
			for _, r := range runs {
				m[r.ID] = r.Run
			}
			return m, err
		}},
		{"task_run", func(db dbtest.DB) (map[models.UUID]models.Run, error) {
			var runs []models.TaskRun
			err := db.Find(&runs).Error
			m := map[models.UUID]models.Run{}
			for _, r := range runs {
				m[r.ID] = r.Run
			}
			return m, err
		}},
	}
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		insertEstimateRuns(t, db)
		for _, tb := range tables {
			t.Run(tb.table, func(t *testing.T) {
				runs, err := tb.load(db)
				if err != nil || len(runs) != len(want) {
					t.Fatalf("load: %d runs, %v", len(runs), err)
				}
				runTime := dialects.EstimatedRunTime(tb.table).At(now)
				late := dialects.EstimatedStartTimeDelta(tb.table).At(now)
				var rows []estimateRow
				err = db.Table(tb.table).Select("id, name, ? AS estimated_run_time, ? AS estimated_start_time_delta", runTime, late).
					Scan(&rows).Error
				if err != nil || len(rows) != len(want) {
					t.Fatalf("select: %d rows, %v", len(rows), err)
				}
				for _, row := range rows {
					c, r := want[row.Name], runs[row.ID]
					if got := row.EstimatedRunTime.Duration(); got != c.wantRunTime || got != r.EstimatedRunTime(now) {
						t.Errorf("%s: estimated_run_time SQL %v, Go %v, want %v", row.Name, got, r.EstimatedRunTime(now), c.wantRunTime)
					}
					if got := row.EstimatedStartTimeDelta.Duration(); got != c.wantStartLate || got != r.EstimatedStartTimeDelta(now) {
						t.Errorf("%s: estimated_start_time_delta SQL %v, Go %v, want %v", row.Name, got, r.EstimatedStartTimeDelta(now), c.wantStartLate)
					}
				}

				for _, est := range []struct {
					name string
					expr dialects.RunEstimate
					of   func(models.Run) time.Duration
				}{
					{"estimated_run_time", runTime, func(r models.Run) time.Duration { return r.EstimatedRunTime(now) }},
					{"estimated_start_time_delta", late, func(r models.Run) time.Duration { return r.EstimatedStartTimeDelta(now) }},
				} {
					t.Run(est.name, func(t *testing.T) {
						ids := slicesKeys(runs)
						byValue := func(a, b models.UUID) int {
							return cmp.Or(cmp.Compare(est.of(runs[a]), est.of(runs[b])), cmp.Compare(a.String(), b.String()))
						}
						slices.SortFunc(ids, byValue)
						var asc, desc []models.UUID
						if err := db.Table(tb.table).Order(est.expr.Asc()).Pluck("id", &asc).Error; err != nil {
							t.Fatal(err)
						}
						if err := db.Table(tb.table).Order(est.expr.Desc()).Pluck("id", &desc).Error; err != nil {
							t.Fatal(err)
						}
						if !slices.Equal(asc, ids) {
							t.Errorf("ORDER BY ASC = %v, want %v", asc, ids)
						}
						slices.Reverse(ids)
						if !slices.Equal(desc, ids) {
							t.Errorf("ORDER BY DESC = %v, want %v", desc, ids)
						}
						for _, limit := range []time.Duration{0, 2500 * time.Millisecond, 30 * time.Second, 25 * time.Hour} {
							var got []models.UUID
							err := db.Table(tb.table).Where("? > ?", est.expr, models.Interval(limit)).Order("id").Pluck("id", &got).Error
							if err != nil {
								t.Fatal(err)
							}
							var wantIDs []models.UUID
							for _, id := range slicesKeys(runs) {
								if est.of(runs[id]) > limit {
									wantIDs = append(wantIDs, id)
								}
							}
							slices.SortFunc(wantIDs, func(a, b models.UUID) int { return cmp.Compare(a.String(), b.String()) })
							if !slices.Equal(got, wantIDs) {
								t.Errorf("WHERE > %v: %v, want %v", limit, got, wantIDs)
							}
						}
					})
				}
			})
		}
	})
}

// TestRunEstimatesAtDatabaseClock evaluates the properties at the database
// clock (Now): every value lies between the Go values just before and just
// after the query (1 ms slack for SQLite's millisecond rounding).
func TestRunEstimatesAtDatabaseClock(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		flow := createFlow(t, db, "clock")
		run := models.FlowRun{FlowID: flow.ID}
		run.Name = "running"
		run.StateType, run.StateTimestamp = st(models.StateRunning), ts(time.Now().Add(-time.Minute).Truncate(time.Millisecond))
		run.ExpectedStartTime = ts(time.Now().Add(-2 * time.Minute).Truncate(time.Millisecond))
		run.TotalRunTime = models.Interval(time.Second)
		if err := db.Create(&run).Error; err != nil {
			t.Fatal(err)
		}
		before := time.Now()
		var row estimateRow
		err := scanRow(db.Model(&models.FlowRun{}).Select("id, name, ?, ?",
			dialects.EstimatedRunTime(""), dialects.EstimatedStartTimeDelta("")), &row.ID, &row.Name, &row.EstimatedRunTime, &row.EstimatedStartTimeDelta)
		after := time.Now()
		if err != nil {
			t.Fatal(err)
		}
		check := func(name string, got time.Duration, of func(time.Time) time.Duration) {
			lo, hi := of(before)-time.Millisecond, of(after)+time.Millisecond
			if got < lo || got > hi {
				t.Errorf("%s = %v, want within [%v, %v]", name, got, lo, hi)
			}
		}
		check("estimated_run_time", row.EstimatedRunTime.Duration(), run.EstimatedRunTime)
		// start_time is NULL and the run is not terminal: it is late by now - expected.
		check("estimated_start_time_delta", row.EstimatedStartTimeDelta.Duration(), run.EstimatedStartTimeDelta)
	})
}

func slicesKeys[K comparable, V any](m map[K]V) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	return keys
}

var _ clause.Expression = dialects.RunEstimate{}
