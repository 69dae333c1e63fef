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

// TestMarkLateRuns checks late_runs.py on both dialects: runs named
// "Scheduled" whose start is past the cutoff get a Late state (SCHEDULED,
// "Late", scheduled_time kept), read back from the database; other runs
// are left alone, and a second pass marks nothing.
func TestMarkLateRuns(t *testing.T) {
	ctx := context.Background()
	eachDB(t, func(t *testing.T, db dbtest.DB) {
		f := newWorkFixture(t, db)
		q := f.queue(f.pool("p", nil, false), "q", 1, nil, false)
		late1 := f.run(q, "late-1", models.StateScheduled, f.at(-20))
		late2 := f.run(q, "late-2", models.StateScheduled, f.at(-10))
		onTime := f.run(q, "on-time", models.StateScheduled, f.at(30))
		f.run(q, "running", models.StateRunning, f.at(-30))
		cutoff := f.at(0)
		cands, err := dialects.LateRunsToMark(ctx, db.DB, cutoff, 0)
		if err != nil {
			t.Fatal(err)
		}
		if got := []models.UUID{cands[0].ID, cands[1].ID}; len(cands) != 2 || !slices.Equal(got, []models.UUID{late1.ID, late2.ID}) {
			t.Fatalf("candidates %v, want late-1, late-2", cands)
		}
		marked, err := dialects.MarkLateRuns(ctx, db.DB, cutoff, 1)
		if err != nil || len(marked) != 1 || marked[0].ID != late1.ID {
			t.Fatalf("first batch of 1: %v, %v", marked, err)
		}
		marked, err = dialects.MarkLateRuns(ctx, db.DB, cutoff, 0)
		if err != nil || len(marked) != 1 || marked[0].ID != late2.ID {
			t.Fatalf("second batch: %v, %v", marked, err)
		}
		for _, r := range []models.FlowRun{late1, late2} {
			stored := f.reload(r.ID)
			var st models.FlowRunState
			if err := db.Where("id = ?", stored.StateID).Take(&st).Error; err != nil {
				t.Fatal(err)
			}
			if st.Type != models.StateScheduled || st.Name != "Late" || *stored.StateName != "Late" ||
				st.StateDetails.V.ScheduledTime == nil || !st.StateDetails.V.ScheduledTime.Equal(r.NextScheduledStartTime.Time) ||
				!stored.NextScheduledStartTime.Equal(r.NextScheduledStartTime.Time) {
				t.Errorf("%s: state %s %q scheduled %v, run state_name %v next %v", r.Name, st.Type, st.Name, st.StateDetails.V.ScheduledTime, *stored.StateName, stored.NextScheduledStartTime)
			}
		}
		if n := *f.reload(onTime.ID).StateName; n != "Scheduled" {
			t.Errorf("on-time run is %q", n)
		}
		if again, err := dialects.MarkLateRuns(ctx, db.DB, cutoff, 0); err != nil || len(again) != 0 {
			t.Errorf("third pass marked %v, %v", again, err)
		}
	})
}

// TestSubflowRunsToCancel checks monitor_subflow_runs' selection: active
// subflow runs only, in id order, paged with afterID.
func TestSubflowRunsToCancel(t *testing.T) {
	ctx := context.Background()
	eachDB(t, func(t *testing.T, db dbtest.DB) {
		f := newWorkFixture(t, db)
		q := f.queue(f.pool("p", nil, false), "q", 1, nil, false)
		parent := f.run(q, "parent", models.StateCancelled, f.at(0))
		task := models.NewTaskRun(parent.ID, "t", "0", "t")
		if err := db.Create(&task).Error; err != nil {
			t.Fatal(err)
		}
		sub := func(r *models.FlowRun) { r.ParentTaskRunID = &task.ID }
		var want []models.UUID
		for _, st := range []models.StateType{models.StatePending, models.StateScheduled, models.StateRunning, models.StatePaused, models.StateCancelling} {
			want = append(want, f.run(q, "sub", st, f.at(1), sub).ID)
		}
		for _, st := range []models.StateType{models.StateCompleted, models.StateCancelled, models.StateFailed, models.StateCrashed} {
			f.run(q, "done-sub", st, f.at(1), sub)
		}
		f.run(q, "top-level", models.StateRunning, f.at(1))
		slices.SortFunc(want, func(a, b models.UUID) int { return compareText(a.String(), b.String()) })
		got, err := dialects.SubflowRunsToCancel(ctx, db.DB, 0, nil)
		if err != nil || !slices.Equal(got, want) {
			t.Fatalf("got %v, %v; want %v", got, err, want)
		}
		page, err := dialects.SubflowRunsToCancel(ctx, db.DB, 2, &want[1])
		if err != nil || !slices.Equal(page, want[2:4]) {
			t.Errorf("page after %s: %v, %v; want %v", want[1], page, err, want[2:4])
		}
	})
}

func compareText(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// TestDeploymentsToSchedule checks the scheduler's selection: a
// deployment whose active schedule has too few future auto-scheduled runs,
// or runs that end too soon, is selected; one with enough, a paused one,
// or one whose only schedule is inactive, is not.
func TestDeploymentsToSchedule(t *testing.T) {
	ctx := context.Background()
	eachDB(t, func(t *testing.T, db dbtest.DB) {
		f := newWorkFixture(t, db)
		q := f.queue(f.pool("p", nil, false), "q", 1, nil, false)
		now := time.Now().UTC().Truncate(time.Second)
		deployment := func(name string, paused, active bool, runs ...time.Duration) models.UUID {
			d := models.Deployment{Name: name, FlowID: f.flow.ID, Paused: paused}
			if err := db.Create(&d).Error; err != nil {
				t.Fatal(err)
			}
			s := models.DeploymentSchedule{DeploymentID: d.ID, Active: &active}
			s.Schedule = models.NewJSON(models.NewSchedule(models.NewIntervalSchedule(time.Hour)))
			if err := db.Create(&s).Error; err != nil {
				t.Fatal(err)
			}
			for _, after := range runs {
				f.run(q, name, models.StateScheduled, now.Add(after), func(r *models.FlowRun) {
					r.DeploymentID, r.AutoScheduled = &d.ID, true
					r.CreatedBy = models.NewJSON(&models.CreatedBy{ID: &s.ID, Type: strPtr("SCHEDULE")})
				})
			}
			return d.ID
		}
		full := deployment("full", false, true, 2*time.Hour, 3*time.Hour, 4*time.Hour)
		tooFew := deployment("too-few", false, true, 2*time.Hour, 3*time.Hour)
		tooSoon := deployment("too-soon", false, true, 10*time.Minute, 20*time.Minute, 30*time.Minute)
		none := deployment("none", false, true)
		deployment("paused", true, true)
		deployment("inactive", false, false)
		want := []models.UUID{tooFew, tooSoon, none}
		slices.SortFunc(want, func(a, b models.UUID) int { return compareText(a.String(), b.String()) })
		got, err := dialects.DeploymentsToSchedule(ctx, db.DB, dialects.SchedulerQuery{Now: now})
		if err != nil || !slices.Equal(got, want) {
			t.Fatalf("got %v, %v; want %v (full %s)", got, err, want, full)
		}
		page, err := dialects.DeploymentsToSchedule(ctx, db.DB, dialects.SchedulerQuery{Now: now, AfterID: &want[0], BatchSize: 1})
		if err != nil || !slices.Equal(page, want[1:2]) {
			t.Errorf("page: %v, %v; want %v", page, err, want[1:2])
		}
		recent, err := dialects.RecentDeploymentsToSchedule(ctx, db.DB, time.Hour, 0, nil, time.Time{})
		if err != nil || len(recent) != 4 {
			t.Errorf("recent: %v, %v; want the 4 unpaused deployments with an active schedule", recent, err)
		}
	})
}

func strPtr(s string) *string { return &s }

// TestForeman checks the foreman pass: stale ONLINE workers go OFFLINE, a
// READY pool without online workers goes NOT_READY, and READY deployments
// and queues whose last poll is older than the timeout go NOT_READY.
func TestForeman(t *testing.T) {
	ctx := context.Background()
	eachDB(t, func(t *testing.T, db dbtest.DB) {
		f := newWorkFixture(t, db)
		now := time.Now().UTC().Truncate(time.Second)
		stalePool, livePool := f.pool("stale", nil, false), f.pool("live", nil, false)
		for _, p := range []models.WorkPool{stalePool, livePool} {
			if err := db.Model(&p).Update("status", models.WorkPoolReady).Error; err != nil {
				t.Fatal(err)
			}
		}
		worker := func(p models.WorkPool, name string, beat time.Duration, interval *int) models.Worker {
			w := models.Worker{WorkPoolID: p.ID, Name: name, LastHeartbeatTime: models.NewTimestamp(now.Add(-beat)), HeartbeatIntervalSeconds: interval, Status: models.WorkerOnline}
			if err := db.Create(&w).Error; err != nil {
				t.Fatal(err)
			}
			return w
		}
		old := worker(stalePool, "old", 100*time.Second, nil)            // > 3 × 30 s
		fresh := worker(livePool, "fresh", 80*time.Second, nil)          // < 90 s
		slow := worker(livePool, "slow", 100*time.Second, intp(60))      // < 3 × 60 s
		stale := worker(livePool, "stale-60", 200*time.Second, intp(60)) // > 180 s
		queue := func(p models.WorkPool, name string, polled time.Duration) models.WorkQueue {
			q := f.queue(p, name, 1, nil, false)
			if err := db.Model(&q).Updates(map[string]any{"status": models.WorkQueueReady, "last_polled": models.NewTimestamp(now.Add(-polled))}).Error; err != nil {
				t.Fatal(err)
			}
			return q
		}
		oldQ, newQ := queue(livePool, "old", 2*time.Minute), queue(livePool, "new", 10*time.Second)
		deployment := func(name string, q models.WorkQueue, polled time.Duration) models.Deployment {
			d := models.Deployment{Name: name, FlowID: f.flow.ID, WorkQueueID: &q.ID, Status: models.DeploymentReady, LastPolled: models.NewTimestamp(now.Add(-polled)).Ptr()}
			if err := db.Create(&d).Error; err != nil {
				t.Fatal(err)
			}
			return d
		}
		staleD := deployment("stale", oldQ, 2*time.Minute)
		deployment("queue-polled", newQ, 2*time.Minute) // its queue was polled recently
		deployment("fresh", oldQ, 10*time.Second)
		got, err := dialects.RunForeman(ctx, db.DB, dialects.Foreman{Now: now})
		if err != nil {
			t.Fatal(err)
		}
		if got.WorkersOffline != 2 || !slices.Equal(got.WorkPools, []models.UUID{stalePool.ID}) ||
			!slices.Equal(got.Deployments, []models.UUID{staleD.ID}) || !slices.Equal(got.WorkQueues, []models.UUID{oldQ.ID}) {
			t.Errorf("foreman: %+v; want 2 workers, pool %s, deployment %s, queue %s", got, stalePool.ID, staleD.ID, oldQ.ID)
		}
		for w, want := range map[models.UUID]models.WorkerStatus{old.ID: models.WorkerOffline, fresh.ID: models.WorkerOnline, slow.ID: models.WorkerOnline, stale.ID: models.WorkerOffline} {
			var s models.Worker
			if err := db.Where("id = ?", w).Take(&s).Error; err != nil || s.Status != want {
				t.Errorf("worker %s: %s, %v; want %s", s.Name, s.Status, err, want)
			}
		}
		var p models.WorkPool
		if err := db.Where("id = ?", stalePool.ID).Take(&p).Error; err != nil || p.Status != models.WorkPoolNotReady || p.LastTransitionedStatusAt == nil {
			t.Errorf("stale pool: %s at %v, %v", p.Status, p.LastTransitionedStatusAt, err)
		}
		var d models.Deployment
		if err := db.Where("id = ?", staleD.ID).Take(&d).Error; err != nil || d.Status != models.DeploymentNotReady || !d.Updated.Equal(staleD.Updated.Time) {
			t.Errorf("stale deployment: %s updated %v (was %v), %v", d.Status, d.Updated, staleD.Updated, err)
		}
		var qs models.WorkQueue
		if err := db.Where("id = ?", oldQ.ID).Take(&qs).Error; err != nil || qs.Status != models.WorkQueueNotReady {
			t.Errorf("stale queue: %s, %v", qs.Status, err)
		}
		if again, err := dialects.RunForeman(ctx, db.DB, dialects.Foreman{Now: now}); err != nil || again.WorkersOffline != 0 || len(again.WorkPools)+len(again.Deployments)+len(again.WorkQueues) != 0 {
			t.Errorf("second pass changed %+v, %v", again, err)
		}
	})
}

// TestForemanRefusesNegativeSettings checks that every foreman function
// refuses a negative setting before it touches the database.
func TestForemanRefusesNegativeSettings(t *testing.T) {
	ctx := context.Background()
	eachDB(t, func(t *testing.T, db dbtest.DB) {
		for _, f := range []dialects.Foreman{
			{InactivityHeartbeatMultiple: -1},
			{FallbackHeartbeatInterval: -time.Second},
			{DeploymentLastPolledTimeout: -time.Second},
			{WorkQueueLastPolledTimeout: -time.Second},
		} {
			for name, call := range map[string]func() error{
				"RunForeman":                   func() error { _, err := dialects.RunForeman(ctx, db.DB, f); return err },
				"StaleDeployments":             func() error { _, err := dialects.StaleDeployments(ctx, db.DB, f); return err },
				"MarkStaleWorkQueuesNotReady":  func() error { _, err := dialects.MarkStaleWorkQueuesNotReady(ctx, db.DB, f); return err },
				"MarkStaleDeploymentsNotReady": func() error { _, err := dialects.MarkStaleDeploymentsNotReady(ctx, db.DB, f); return err },
			} {
				if err := call(); err == nil || !strings.Contains(err.Error(), "must not be negative") {
					t.Errorf("%s(%+v) = %v, want the negative-settings error", name, f, err)
				}
			}
		}
	})
}
