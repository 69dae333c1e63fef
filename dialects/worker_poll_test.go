package dialects_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prefectorm/prefectorm/dialects"
	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/models"
)

// TestPollWorkPool checks the worker poll's selection on both dialects:
// queue priorities, pool and queue concurrency limits, paused pools and
// queues, the start-time bounds, named queues and in-process retries.
func TestPollWorkPool(t *testing.T) {
	type setup func(f *workFixture) dialects.WorkerPoll
	cases := []struct {
		name  string
		setup setup
		want  []string // run names in the order returned
	}{
		{"priority order", func(f *workFixture) dialects.WorkerPoll {
			p := f.pool("p", nil, false)
			hi, lo := f.queue(p, "hi", 1, nil, false), f.queue(p, "lo", 2, nil, false)
			f.run(lo, "lo-1", models.StateScheduled, f.at(1))
			f.run(hi, "hi-2", models.StateScheduled, f.at(3))
			f.run(hi, "hi-1", models.StateScheduled, f.at(2))
			f.run(lo, "lo-2", models.StateScheduled, f.at(4))
			return dialects.WorkerPoll{WorkPoolName: "p"}
		}, []string{"hi-1", "hi-2", "lo-1", "lo-2"}},
		{"equal priorities interleave by start time", func(f *workFixture) dialects.WorkerPoll {
			p := f.pool("p", nil, false)
			a, b := f.queue(p, "a", 1, nil, false), f.queue(p, "b", 1, nil, false)
			f.run(a, "a-2", models.StateScheduled, f.at(3))
			f.run(b, "b-1", models.StateScheduled, f.at(1))
			f.run(a, "a-1", models.StateScheduled, f.at(2))
			return dialects.WorkerPoll{WorkPoolName: "p"}
		}, []string{"b-1", "a-1", "a-2"}},
		{"ignore priorities", func(f *workFixture) dialects.WorkerPoll {
			p := f.pool("p", nil, false)
			hi, lo := f.queue(p, "hi", 1, nil, false), f.queue(p, "lo", 2, nil, false)
			f.run(lo, "lo-1", models.StateScheduled, f.at(1))
			f.run(hi, "hi-1", models.StateScheduled, f.at(2))
			return dialects.WorkerPoll{WorkPoolName: "p", IgnoreQueuePriorities: true}
		}, []string{"lo-1", "hi-1"}},
		{"limit takes the highest priority first", func(f *workFixture) dialects.WorkerPoll {
			p := f.pool("p", nil, false)
			hi, lo := f.queue(p, "hi", 1, nil, false), f.queue(p, "lo", 2, nil, false)
			f.run(lo, "lo-1", models.StateScheduled, f.at(1))
			f.run(hi, "hi-1", models.StateScheduled, f.at(2))
			f.run(hi, "hi-2", models.StateScheduled, f.at(3))
			return dialects.WorkerPoll{WorkPoolName: "p", Limit: 2}
		}, []string{"hi-1", "hi-2"}},
		{"queue concurrency limit counts RUNNING and PENDING", func(f *workFixture) dialects.WorkerPoll {
			p := f.pool("p", nil, false)
			q, other := f.queue(p, "q", 1, intp(3), false), f.queue(p, "other", 2, nil, false)
			f.run(q, "running", models.StateRunning, f.at(0))
			f.run(q, "pending", models.StatePending, f.at(0))
			f.run(q, "cancelling", models.StateCancelling, f.at(0)) // takes no slot in the worker poll
			f.run(q, "q-1", models.StateScheduled, f.at(1))
			f.run(q, "q-2", models.StateScheduled, f.at(2))
			f.run(other, "other-1", models.StateScheduled, f.at(3))
			return dialects.WorkerPoll{WorkPoolName: "p"}
		}, []string{"q-1", "other-1"}},
		{"full queue gives nothing", func(f *workFixture) dialects.WorkerPoll {
			p := f.pool("p", nil, false)
			q := f.queue(p, "q", 1, intp(1), false)
			f.run(q, "running", models.StateRunning, f.at(0))
			f.run(q, "q-1", models.StateScheduled, f.at(1))
			return dialects.WorkerPoll{WorkPoolName: "p"}
		}, nil},
		{"pool concurrency limit counts every unpaused queue", func(f *workFixture) dialects.WorkerPoll {
			p := f.pool("p", intp(3), false)
			a, b := f.queue(p, "a", 1, nil, false), f.queue(p, "b", 2, nil, false)
			paused := f.queue(p, "paused", 3, nil, true)
			f.run(b, "b-running", models.StateRunning, f.at(0))
			f.run(paused, "paused-running", models.StateRunning, f.at(0)) // not counted (Prefect's PostgreSQL query)
			f.run(a, "a-1", models.StateScheduled, f.at(1))
			f.run(b, "b-1", models.StateScheduled, f.at(2))
			f.run(b, "b-2", models.StateScheduled, f.at(3))
			return dialects.WorkerPoll{WorkPoolName: "p"}
		}, []string{"a-1", "b-1"}},
		{"paused pool gives nothing", func(f *workFixture) dialects.WorkerPoll {
			p := f.pool("p", nil, true)
			q := f.queue(p, "q", 1, nil, false)
			f.run(q, "q-1", models.StateScheduled, f.at(1))
			return dialects.WorkerPoll{WorkPoolName: "p"}
		}, nil},
		{"paused queue gives nothing", func(f *workFixture) dialects.WorkerPoll {
			p := f.pool("p", nil, false)
			q, paused := f.queue(p, "q", 2, nil, false), f.queue(p, "paused", 1, nil, true)
			f.run(paused, "paused-1", models.StateScheduled, f.at(1))
			f.run(q, "q-1", models.StateScheduled, f.at(2))
			return dialects.WorkerPoll{WorkPoolName: "p"}
		}, []string{"q-1"}},
		{"scheduled before and after are inclusive bounds", func(f *workFixture) dialects.WorkerPoll {
			p := f.pool("p", nil, false)
			q := f.queue(p, "q", 1, nil, false)
			for i, name := range []string{"m1", "m2", "m3", "m4", "m5"} {
				f.run(q, name, models.StateScheduled, f.at(i+1))
			}
			after, before := f.at(2), f.at(4)
			return dialects.WorkerPoll{WorkPoolName: "p", ScheduledAfter: &after, ScheduledBefore: &before}
		}, []string{"m2", "m3", "m4"}},
		{"named queues only", func(f *workFixture) dialects.WorkerPoll {
			p := f.pool("p", nil, false)
			a, b, c := f.queue(p, "a", 1, nil, false), f.queue(p, "b", 2, nil, false), f.queue(p, "c", 3, nil, false)
			f.run(a, "a-1", models.StateScheduled, f.at(1))
			f.run(b, "b-1", models.StateScheduled, f.at(2))
			f.run(c, "c-1", models.StateScheduled, f.at(3))
			return dialects.WorkerPoll{WorkPoolName: "p", WorkQueueNames: []string{"c", "b"}}
		}, []string{"b-1", "c-1"}},
		{"other pools, other states and in-process retries are left out", func(f *workFixture) dialects.WorkerPoll {
			p, other := f.pool("p", nil, false), f.pool("other", nil, false)
			q, oq := f.queue(p, "q", 1, nil, false), f.queue(other, "q", 1, nil, false)
			f.run(oq, "other-pool", models.StateScheduled, f.at(1))
			f.run(q, "completed", models.StateCompleted, f.at(1))
			inProcess := f.run(q, "in-process", models.StateScheduled, f.at(1))
			// retry_type (Prefect's server-side policy field) is no field of
			// models.FlowRunPolicy: write the document as Prefect stores it.
			if err := f.db.Model(&models.FlowRun{}).Where("id = ?", inProcess.ID).
				UpdateColumn("empirical_policy", models.NewJSON(map[string]any{"retry_type": "in_process"})).Error; err != nil {
				f.t.Fatal(err)
			}
			f.run(q, "q-1", models.StateScheduled, f.at(2))
			return dialects.WorkerPoll{WorkPoolName: "p"}
		}, []string{"q-1"}},
	}
	eachDB(t, func(t *testing.T, db dbtest.DB) {
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				// Each case has its own pools on one database: the
				// fixture's pool names get the case's name as a prefix.
				f := newWorkFixture(t, db)
				poll := c.setup(f)
				poll.WorkPoolName = f.prefix + poll.WorkPoolName
				got, err := dialects.PollWorkPool(context.Background(), db.DB, poll)
				if err != nil {
					t.Fatal(err)
				}
				var names []string
				for _, r := range got {
					names = append(names, r.FlowRun.Name)
					if r.WorkQueueID != *f.reload(r.FlowRun.ID).WorkQueueID {
						t.Errorf("%s: WorkQueueID %s is not the run's queue", r.FlowRun.Name, r.WorkQueueID)
					}
				}
				if !slices.Equal(names, c.want) {
					t.Errorf("poll returned %v, want %v", names, c.want)
				}
			})
		}
	})
}

// TestPollWorkPoolClaims checks that the default claim moves the runs to
// PENDING through the state-transition hooks (read back from the
// database), that a second poll gets the rest, that ClaimNone leaves the
// runs SCHEDULED, and that the poll is recorded on the queues and their
// deployments.
func TestPollWorkPoolClaims(t *testing.T) {
	ctx := context.Background()
	eachDB(t, func(t *testing.T, db dbtest.DB) {
		f := newWorkFixture(t, db)
		p := f.pool("p", nil, false)
		q := f.queue(p, "q", 1, nil, false)
		dep := models.Deployment{Name: "d", FlowID: f.flow.ID, WorkQueueID: &q.ID}
		if err := db.Create(&dep).Error; err != nil {
			t.Fatal(err)
		}
		for i := range 5 {
			f.run(q, "r"+string(rune('0'+i)), models.StateScheduled, f.at(i))
		}
		now := time.Now().UTC().Truncate(time.Second)
		peek, err := dialects.PollWorkPool(ctx, db.DB, dialects.WorkerPoll{WorkPoolName: p.Name, Limit: 2, Claim: dialects.ClaimNone, Now: now})
		if err != nil || len(peek) != 2 {
			t.Fatalf("ClaimNone poll: %d runs, %v", len(peek), err)
		}
		for _, r := range peek {
			if st := f.reload(r.FlowRun.ID).StateType; st == nil || *st != models.StateScheduled {
				t.Errorf("ClaimNone: run %s is %v, want SCHEDULED", r.FlowRun.Name, st)
			}
		}
		first, err := dialects.PollWorkPool(ctx, db.DB, dialects.WorkerPoll{WorkPoolName: p.Name, Limit: 3, Now: now})
		if err != nil || len(first) != 3 {
			t.Fatalf("first poll: %d runs, %v", len(first), err)
		}
		for _, r := range first {
			stored := f.reload(r.FlowRun.ID)
			if stored.StateType == nil || *stored.StateType != models.StatePending || stored.StateID == nil {
				t.Errorf("claimed run %s is %v, want PENDING", stored.Name, stored.StateType)
			}
			if r.FlowRun.StateType == nil || *r.FlowRun.StateType != models.StatePending {
				t.Errorf("returned run %s is %v, want PENDING (read back after the claim)", r.FlowRun.Name, r.FlowRun.StateType)
			}
		}
		second, err := dialects.PollWorkPool(ctx, db.DB, dialects.WorkerPoll{WorkPoolName: p.Name, Now: now})
		if err != nil || len(second) != 2 || second[0].FlowRun.Name != "r3" || second[1].FlowRun.Name != "r4" {
			t.Fatalf("second poll: %v, %v", second, err)
		}
		var stored models.WorkQueue
		if err := db.Where("id = ?", q.ID).Take(&stored).Error; err != nil {
			t.Fatal(err)
		}
		if stored.LastPolled == nil || !stored.LastPolled.Equal(now) || stored.Status != models.WorkQueueReady {
			t.Errorf("queue after poll: last_polled %v status %s, want %v READY", stored.LastPolled, stored.Status, now)
		}
		var d models.Deployment
		if err := db.Where("id = ?", dep.ID).Take(&d).Error; err != nil {
			t.Fatal(err)
		}
		if d.LastPolled == nil || !d.LastPolled.Equal(now) || d.Status != models.DeploymentReady || !d.Updated.Equal(dep.Updated.Time) {
			t.Errorf("deployment after poll: last_polled %v status %s updated %v (was %v)", d.LastPolled, d.Status, d.Updated, dep.Updated)
		}
	})
}

// TestPollWorkPoolErrors checks the errors name the field and the value.
func TestPollWorkPoolErrors(t *testing.T) {
	eachDB(t, func(t *testing.T, db dbtest.DB) {
		f := newWorkFixture(t, db)
		p := f.pool("p", nil, false).Name
		f.queue(f.pool("p2", nil, false), "q", 1, nil, false)
		for _, c := range []struct {
			poll dialects.WorkerPoll
			want string
		}{
			{dialects.WorkerPoll{}, "WorkerPoll.WorkPoolName"},
			{dialects.WorkerPoll{WorkPoolName: p, Limit: -1}, "WorkerPoll.Limit = -1"},
			{dialects.WorkerPoll{WorkPoolName: "nope"}, `work_pool.name = "nope"`},
			{dialects.WorkerPoll{WorkPoolName: p + "2", WorkQueueNames: []string{"q", "zz"}}, `work_queue.name = "zz"`},
		} {
			_, err := dialects.PollWorkPool(context.Background(), db.DB, c.poll)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%+v: error %v, want one naming %s", c.poll, err, c.want)
			}
		}
	})
}
