package dialects_test

import (
	"cmp"
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prefectorm/prefectorm/dialects"
	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/models"
)

// hotCase is one call of a hot-path function and the result expected from
// the fixture's Go values.
type hotCase struct {
	name string
	got  func(ctx context.Context, db dbtest.DB) (any, error)
	want func(f *hotFixture) any
}

// TestHotPaths runs every read path on SQLite and PostgreSQL over the same
// fixture and compares each result with the value computed in Go.
func TestHotPaths(t *testing.T) {
	f := newHotFixture()
	ctx := context.Background()
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		f.insert(t, db.DB)
		for _, c := range hotCases() {
			t.Run(c.name, func(t *testing.T) {
				got, err := c.got(ctx, db)
				if err != nil {
					t.Fatal(err)
				}
				if want := c.want(f); !reflect.DeepEqual(got, want) {
					t.Errorf("got  %+v\nwant %+v", got, want)
				}
			})
		}
	})
}

func hotCases() []hotCase {
	since, until := ms(10*time.Minute+17*time.Second+3*time.Millisecond), ms(200*time.Minute+5*time.Second)
	failed := []models.StateType{models.StateFailed, models.StateCrashed}
	historyNow := ms(8 * time.Hour)
	history := dialects.HistoryOptions{Start: ms(-5 * time.Minute), End: ms(6 * time.Hour), Interval: 25 * time.Minute, Now: historyNow}
	recent := dialects.FlowRunFilter{StateTypes: failed, StartTimeAfter: ms(time.Hour)}
	var cases []hotCase
	cases = append(cases,
		hotCase{"dashboard task run counts",
			func(ctx context.Context, db dbtest.DB) (any, error) {
				return dialects.DashboardTaskRunCounts(ctx, db.DB, since, until, dialects.TaskRunFilter{})
			},
			func(f *hotFixture) any { return wantDashboard(f, since, until) }},
		hotCase{"task run counts by state",
			func(ctx context.Context, db dbtest.DB) (any, error) {
				return dialects.CountTaskRunsByState(ctx, db.DB, dialects.TaskRunFilter{StartTimeAfter: since, StartTimeBefore: until})
			},
			func(f *hotFixture) any {
				c := zeroCounts()
				for _, tr := range f.taskRuns {
					if tr.StateType != nil && inWindow(tr.StartTime, since, until) {
						c[*tr.StateType]++
					}
				}
				return c
			}},
		hotCase{"flow run counts by state, start time window",
			func(ctx context.Context, db dbtest.DB) (any, error) {
				return dialects.CountFlowRunsByState(ctx, db.DB, dialects.FlowRunFilter{StartTimeAfter: ms(time.Hour), StartTimeBefore: ms(5 * time.Hour)})
			},
			func(f *hotFixture) any {
				c := zeroCounts()
				for _, r := range f.flowRuns {
					if r.StateType != nil && inWindow(r.StartTime, ms(time.Hour), ms(5*time.Hour)) {
						c[*r.StateType]++
					}
				}
				return c
			}},
		hotCase{"count failed and crashed runs since",
			func(ctx context.Context, db dbtest.DB) (any, error) {
				return dialects.CountFlowRuns(ctx, db.DB, recent)
			},
			func(f *hotFixture) any { return int64(len(wantRecent(f, recent.StartTimeAfter))) }},
		hotCase{"recent failed and crashed runs",
			func(ctx context.Context, db dbtest.DB) (any, error) {
				runs, err := dialects.RecentFlowRuns(ctx, db.DB, recent, 3, 1)
				return flowRunIDs(runs), err
			},
			func(f *hotFixture) any { return flowRunIDs(wantRecent(f, recent.StartTimeAfter)[1:4]) }},
		hotCase{"recent failed runs, one state type",
			func(ctx context.Context, db dbtest.DB) (any, error) {
				one := recent
				one.StateTypes = []models.StateType{models.StateFailed}
				runs, err := dialects.RecentFlowRuns(ctx, db.DB, one, 10, 0)
				return flowRunIDs(runs), err
			},
			func(f *hotFixture) any {
				var out []models.FlowRun
				for _, r := range wantRecent(f, recent.StartTimeAfter) {
					if *r.StateType == models.StateFailed {
						out = append(out, r)
					}
				}
				return flowRunIDs(out[:min(10, len(out))])
			}},
		hotCase{"recent runs of any state",
			func(ctx context.Context, db dbtest.DB) (any, error) {
				runs, err := dialects.RecentFlowRuns(ctx, db.DB, dialects.FlowRunFilter{StartTimeAfter: recent.StartTimeAfter}, 4, 2)
				return flowRunIDs(runs), err
			},
			func(f *hotFixture) any {
				var out []models.FlowRun
				for _, r := range f.flowRuns {
					if r.StartTime != nil && !r.StartTime.Before(recent.StartTimeAfter) {
						out = append(out, r)
					}
				}
				slices.SortFunc(out, func(a, b models.FlowRun) int {
					return -cmp.Or(a.StartTime.Compare(b.StartTime.Time), cmpUUID(a.ID, b.ID))
				})
				return flowRunIDs(out[2:6])
			}},
		hotCase{"flow run history",
			func(ctx context.Context, db dbtest.DB) (any, error) {
				return dialects.FlowRunHistory(ctx, db.DB, history)
			},
			func(f *hotFixture) any { return wantHistory(f, history) }},
		hotCase{"next runs by flow",
			func(ctx context.Context, db dbtest.DB) (any, error) {
				return dialects.NextRunsByFlow(ctx, db.DB, []models.UUID{uid("hot-flow", 0), uid("hot-flow", 1), uid("hot-flow", 2), uid("hot-flow", 3)})
			},
			func(f *hotFixture) any { return wantNextRuns(f) }},
	)
	for _, sort := range []models.FlowRunSort{"", models.FlowRunSortStartTimeDesc, models.FlowRunSortExpectedStartTimeAsc} {
		cases = append(cases, hotCase{"paginate deployment runs " + string(sort),
			func(ctx context.Context, db dbtest.DB) (any, error) {
				p, err := dialects.PaginateFlowRuns(ctx, db.DB, dialects.FlowRunFilter{DeploymentIDs: []models.UUID{uid("hot-deployment", 1)}}, sort, 2, 4)
				return pageSummary{flowRunIDs(p.Results), p.Count, p.Limit, p.Pages, p.Page}, err
			},
			func(f *hotFixture) any { return wantPage(f, sort, 2, 4) }})
	}
	for _, sort := range []models.LogSort{"", models.LogSortTimestampDesc} {
		cases = append(cases, hotCase{"logs of a run " + string(sort),
			func(ctx context.Context, db dbtest.DB) (any, error) {
				logs, err := dialects.ReadLogs(ctx, db.DB, dialects.LogFilter{FlowRunIDs: []models.UUID{uid("hot-flow-run", 0)}}, sort, 7, 3)
				return logIDs(logs), err
			},
			func(f *hotFixture) any { return wantLogs(f, sort == models.LogSortTimestampDesc)[3:10] }})
	}
	window := dialects.EventFilter{Since: ms(3 * time.Minute), Until: ms(17 * time.Minute)}
	byResource := window
	byResource.ResourceIDs = []string{"prefect.flow-run.2", "prefect.flow-run.4"}
	anyResource := window
	anyResource.AnyResourceIDs = []string{"prefect.deployment.1"}
	anyResource.Ascending = true
	for name, filter := range map[string]dialects.EventFilter{"events by time": window, "events by resource": byResource, "events by any resource": anyResource} {
		cases = append(cases, hotCase{name,
			func(ctx context.Context, db dbtest.DB) (any, error) {
				events, err := dialects.ReadEvents(ctx, db.DB, filter, 5, 2)
				return eventIDs(events), err
			},
			func(f *hotFixture) any { return wantEvents(f, filter)[2:7] }})
	}
	return cases
}

func zeroCounts() dialects.CountByState {
	c := dialects.CountByState{}
	for _, s := range allStateTypes {
		c[s] = 0
	}
	return c
}

func inWindow(t *models.Timestamp, after, before time.Time) bool {
	return t != nil && !t.Before(after) && !t.After(before)
}

func wantDashboard(f *hotFixture, since, until time.Time) []dialects.TaskRunCount {
	start := since.Truncate(time.Minute)
	end := until.Truncate(time.Minute).Add(time.Minute - time.Microsecond)
	w := end.Sub(start).Microseconds()
	width := w / 20
	if r := w % 20; 2*r > 20 || (2*r == 20 && width%2 == 1) {
		width++
	}
	out := make([]dialects.TaskRunCount, 20)
	for _, tr := range f.taskRuns {
		if tr.StateType == nil || !tr.StateType.IsTerminal() || !inWindow(tr.StartTime, since, until) {
			continue
		}
		b := tr.StartTime.Sub(start).Microseconds() / width
		if *tr.StateType == models.StateFailed || *tr.StateType == models.StateCrashed {
			out[b].Failed++
		} else {
			out[b].Completed++
		}
	}
	return out
}

func wantRecent(f *hotFixture, after time.Time) []models.FlowRun {
	var out []models.FlowRun
	for _, r := range f.flowRuns {
		if r.StateType != nil && (*r.StateType == models.StateFailed || *r.StateType == models.StateCrashed) && r.StartTime != nil && !r.StartTime.Before(after) {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b models.FlowRun) int {
		return -cmp.Or(a.StartTime.Compare(b.StartTime.Time), cmpUUID(a.ID, b.ID))
	})
	return out
}

func wantHistory(f *hotFixture, o dialects.HistoryOptions) []dialects.HistoryInterval {
	var out []dialects.HistoryInterval
	for s := o.Start; s.Before(o.End) && len(out) < 500; s = s.Add(o.Interval) {
		out = append(out, dialects.HistoryInterval{Start: s, End: s.Add(o.Interval), States: []dialects.HistoryState{}})
	}
	for _, r := range f.flowRuns {
		if r.StateType == nil || r.ExpectedStartTime == nil || r.ExpectedStartTime.Before(o.Start) {
			continue
		}
		b := int(r.ExpectedStartTime.Sub(o.Start) / o.Interval)
		if b >= len(out) {
			continue
		}
		name := ""
		if r.StateName != nil {
			name = *r.StateName
		}
		i := slices.IndexFunc(out[b].States, func(s dialects.HistoryState) bool { return s.StateType == *r.StateType && s.StateName == name })
		if i < 0 {
			out[b].States = append(out[b].States, dialects.HistoryState{StateType: *r.StateType, StateName: name})
			i = len(out[b].States) - 1
		}
		s := &out[b].States[i]
		s.CountRuns++
		s.SumEstimatedRunTime += max(0, r.EstimatedRunTime(o.Now).Round(time.Millisecond))
		s.SumEstimatedLateness += max(0, r.EstimatedStartTimeDelta(o.Now).Round(time.Millisecond))
	}
	for i := range out {
		slices.SortFunc(out[i].States, func(a, b dialects.HistoryState) int {
			return cmp.Or(cmp.Compare(slices.Index(allStateTypes, a.StateType), slices.Index(allStateTypes, b.StateType)), strings.Compare(a.StateName, b.StateName))
		})
	}
	return out
}

func wantNextRuns(f *hotFixture) map[models.UUID]*dialects.NextFlowRun {
	out := map[models.UUID]*dialects.NextFlowRun{}
	for _, fl := range f.flows {
		out[fl.ID] = nil
	}
	for _, r := range f.flowRuns {
		if r.StateType == nil || *r.StateType != models.StateScheduled || r.NextScheduledStartTime == nil {
			continue
		}
		cur := out[r.FlowID]
		if cur != nil && cmp.Or(cur.NextScheduledStartTime.Compare(r.NextScheduledStartTime.Time), cmpUUID(cur.ID, r.ID)) < 0 {
			continue
		}
		out[r.FlowID] = &dialects.NextFlowRun{ID: r.ID, FlowID: r.FlowID, Name: r.Name, StateName: *r.StateName,
			StateType: *r.StateType, NextScheduledStartTime: r.NextScheduledStartTime.Time}
	}
	return out
}

// pageSummary is what the pagination cases compare.
type pageSummary struct {
	IDs                       []models.UUID
	Count, Limit, Pages, Page int64
}

func wantPage(f *hotFixture, sort models.FlowRunSort, page, limit int) pageSummary {
	dep := uid("hot-deployment", 1)
	var runs []models.FlowRun
	for _, r := range f.flowRuns {
		if r.DeploymentID != nil && *r.DeploymentID == dep {
			runs = append(runs, r)
		}
	}
	startish := func(r models.FlowRun) *models.Timestamp {
		if r.StartTime != nil {
			return r.StartTime
		}
		return r.ExpectedStartTime
	}
	slices.SortFunc(runs, func(a, b models.FlowRun) int {
		switch sort {
		case models.FlowRunSortStartTimeDesc: // NULLs first, then latest; id descending
			return -cmp.Or(nullsLast(startish(a), startish(b), compareTime), cmpUUID(a.ID, b.ID))
		case models.FlowRunSortExpectedStartTimeAsc:
			return cmp.Or(nullsLast(a.ExpectedStartTime, b.ExpectedStartTime, compareTime), cmpUUID(a.ID, b.ID))
		}
		return -cmpUUID(a.ID, b.ID)
	})
	n := int64(len(runs))
	lo, hi := min(len(runs), (page-1)*limit), min(len(runs), page*limit)
	return pageSummary{flowRunIDs(runs[lo:hi]), n, int64(limit), (n + int64(limit) - 1) / int64(limit), int64(page)}
}

func wantLogs(f *hotFixture, desc bool) []models.UUID {
	var logs []models.Log
	for _, l := range f.logs {
		if *l.FlowRunID == uid("hot-flow-run", 0) {
			logs = append(logs, l)
		}
	}
	slices.SortFunc(logs, func(a, b models.Log) int {
		c := cmp.Or(a.Timestamp.Compare(b.Timestamp.Time), cmpUUID(a.ID, b.ID))
		if desc {
			return -c
		}
		return c
	})
	return logIDs(logs)
}

func wantEvents(f *hotFixture, filter dialects.EventFilter) []models.UUID {
	var events []models.Event
	for _, e := range f.events {
		if e.Occurred.Before(filter.Since) || e.Occurred.After(filter.Until) {
			continue
		}
		if len(filter.ResourceIDs) > 0 && !slices.Contains(filter.ResourceIDs, e.ResourceID) {
			continue
		}
		if len(filter.AnyResourceIDs) > 0 && !slices.ContainsFunc(f.resources, func(r models.EventResource) bool {
			return r.EventID == e.ID && slices.Contains(filter.AnyResourceIDs, r.ResourceID)
		}) {
			continue
		}
		events = append(events, e)
	}
	slices.SortFunc(events, func(a, b models.Event) int {
		c := cmp.Or(a.Occurred.Compare(b.Occurred.Time), cmpUUID(a.ID, b.ID))
		if !filter.Ascending {
			return -c
		}
		return c
	})
	return eventIDs(events)
}

func flowRunIDs(runs []models.FlowRun) []models.UUID {
	out := []models.UUID{}
	for _, r := range runs {
		out = append(out, r.ID)
	}
	return out
}

func logIDs(logs []models.Log) []models.UUID {
	out := []models.UUID{}
	for _, l := range logs {
		out = append(out, l.ID)
	}
	return out
}

func eventIDs(events []models.Event) []models.UUID {
	out := []models.UUID{}
	for _, e := range events {
		out = append(out, e.ID)
	}
	return out
}

// TestHotPathErrors checks that bad input is refused with an error naming
// the parameter, on both dialects, before any SQL runs.
func TestHotPathErrors(t *testing.T) {
	ctx := context.Background()
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		many := make([]models.UUID, 201)
		cases := map[string]struct {
			err  error
			want string
		}{}
		add := func(name string, err error, want string) {
			cases[name] = struct {
				err  error
				want string
			}{err, want}
		}
		_, err := dialects.NextRunsByFlow(ctx, db.DB, many)
		add("next runs of 201 flows", err, "flow_ids: 201 ids, at most 200")
		_, err = dialects.FlowRunHistory(ctx, db.DB, dialects.HistoryOptions{Start: ms(0), End: ms(time.Hour), Interval: 500 * time.Millisecond})
		add("history interval", err, "Interval 500ms")
		_, err = dialects.CountFlowRuns(ctx, db.DB, dialects.FlowRunFilter{StateTypes: []models.StateType{"failed"}})
		add("state type", err, `FlowRunFilter.StateTypes: invalid state_type value "failed"`)
		_, err = dialects.RecentFlowRuns(ctx, db.DB, dialects.FlowRunFilter{}, 10, 0)
		add("recent without since", err, "filter.StartTimeAfter")
		_, err = dialects.RecentFlowRuns(ctx, db.DB, dialects.FlowRunFilter{StartTimeAfter: ms(0)}, 0, 0)
		add("recent limit", err, "limit 0")
		_, err = dialects.DashboardTaskRunCounts(ctx, db.DB, time.Time{}, time.Time{}, dialects.TaskRunFilter{})
		add("dashboard without since", err, "since (task_runs.start_time.after_) is required")
		_, err = dialects.PaginateFlowRuns(ctx, db.DB, dialects.FlowRunFilter{}, "NEWEST", 1, 10)
		add("paginate sort", err, "NEWEST")
		_, err = dialects.PaginateFlowRuns(ctx, db.DB, dialects.FlowRunFilter{}, "", 0, 10)
		add("paginate page", err, "page 0")
		_, err = dialects.ReadLogs(ctx, db.DB, dialects.LogFilter{}, "", 10, -1)
		add("logs offset", err, "offset -1")
		_, err = dialects.ReadEvents(ctx, db.DB, dialects.EventFilter{Since: ms(time.Hour), Until: ms(0)}, 0, 0)
		add("events window", err, "is before Since")
		for name, c := range cases {
			if c.err == nil || !strings.Contains(c.err.Error(), c.want) {
				t.Errorf("%s: error %v, want one containing %q", name, c.err, c.want)
			}
		}
	})
}
