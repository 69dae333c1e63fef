package dialects_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/prefectorm/prefectorm/dialects"
	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/models"
)

// TestWorkQueueRuns checks get_runs_in_work_queue's selection on both
// dialects: start-time order, the queue's concurrency limit (RUNNING,
// PENDING and CANCELLING), the request limit, scheduled_before, paused
// queues and the errors.
func TestWorkQueueRuns(t *testing.T) {
	cases := []struct {
		name  string
		setup func(f *workFixture) (models.WorkQueue, dialects.WorkQueueRunsQuery)
		want  []string
	}{
		{"start-time order", func(f *workFixture) (models.WorkQueue, dialects.WorkQueueRunsQuery) {
			q := f.queue(f.pool("p", nil, false), "q", 1, nil, false)
			f.run(q, "b", models.StateScheduled, f.at(2))
			f.run(q, "a", models.StateScheduled, f.at(1))
			f.run(q, "running", models.StateRunning, f.at(0))
			return q, dialects.WorkQueueRunsQuery{}
		}, []string{"a", "b"}},
		{"concurrency limit counts RUNNING, PENDING and CANCELLING", func(f *workFixture) (models.WorkQueue, dialects.WorkQueueRunsQuery) {
			q := f.queue(f.pool("p", nil, false), "q", 1, intp(4), false)
			f.run(q, "running", models.StateRunning, f.at(0))
			f.run(q, "pending", models.StatePending, f.at(0))
			f.run(q, "cancelling", models.StateCancelling, f.at(0))
			f.run(q, "a", models.StateScheduled, f.at(1))
			f.run(q, "b", models.StateScheduled, f.at(2))
			return q, dialects.WorkQueueRunsQuery{}
		}, []string{"a"}},
		{"request limit below the free slots", func(f *workFixture) (models.WorkQueue, dialects.WorkQueueRunsQuery) {
			q := f.queue(f.pool("p", nil, false), "q", 1, intp(10), false)
			for i, n := range []string{"a", "b", "c"} {
				f.run(q, n, models.StateScheduled, f.at(i))
			}
			return q, dialects.WorkQueueRunsQuery{Limit: 2}
		}, []string{"a", "b"}},
		{"scheduled before", func(f *workFixture) (models.WorkQueue, dialects.WorkQueueRunsQuery) {
			q := f.queue(f.pool("p", nil, false), "q", 1, nil, false)
			for i, n := range []string{"a", "b", "c"} {
				f.run(q, n, models.StateScheduled, f.at(i))
			}
			before := f.at(1)
			return q, dialects.WorkQueueRunsQuery{ScheduledBefore: &before}
		}, []string{"a", "b"}},
		{"paused queue", func(f *workFixture) (models.WorkQueue, dialects.WorkQueueRunsQuery) {
			q := f.queue(f.pool("p", nil, false), "q", 1, nil, true)
			f.run(q, "a", models.StateScheduled, f.at(1))
			return q, dialects.WorkQueueRunsQuery{}
		}, nil},
	}
	eachDB(t, func(t *testing.T, db dbtest.DB) {
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				f := newWorkFixture(t, db)
				q, query := c.setup(f)
				// The runs match the queue by name, as in Prefect: rename
				// the runs' queue per case so that cases do not share runs.
				unique := f.prefix + q.Name
				if err := db.Model(&models.WorkQueue{}).Where("id = ?", q.ID).Update("name", unique).Error; err != nil {
					t.Fatal(err)
				}
				if err := db.Model(&models.FlowRun{}).Where("work_queue_id = ?", q.ID).UpdateColumn("work_queue_name", unique).Error; err != nil {
					t.Fatal(err)
				}
				gotQueue, runs, err := dialects.WorkQueueRuns(context.Background(), db.DB, q.ID, query)
				if err != nil {
					t.Fatal(err)
				}
				if gotQueue.ID != q.ID {
					t.Errorf("queue %s, want %s", gotQueue.ID, q.ID)
				}
				var names []string
				for _, r := range runs {
					names = append(names, r.Name)
				}
				if !slices.Equal(names, c.want) {
					t.Errorf("runs %v, want %v", names, c.want)
				}
			})
		}
		t.Run("errors", func(t *testing.T) {
			f := newWorkFixture(t, db)
			var missing models.UUID
			missing[0] = 1
			if _, _, err := dialects.WorkQueueRuns(context.Background(), db.DB, missing, dialects.WorkQueueRunsQuery{}); err == nil || !strings.Contains(err.Error(), "work_queue.id = "+missing.String()) {
				t.Errorf("unknown queue: %v", err)
			}
			q := f.queue(f.pool("p", nil, false), "q", 1, nil, false)
			if _, _, err := dialects.WorkQueueRuns(context.Background(), db.DB, q.ID, dialects.WorkQueueRunsQuery{Limit: -1}); err == nil || !strings.Contains(err.Error(), "Limit = -1") {
				t.Errorf("negative limit: %v", err)
			}
			if err := db.Model(&models.WorkQueue{}).Where("id = ?", q.ID).Update("filter", models.NewJSON(&models.QueueFilter{Tags: []string{"x"}})).Error; err != nil {
				t.Fatal(err)
			}
			if _, _, err := dialects.WorkQueueRuns(context.Background(), db.DB, q.ID, dialects.WorkQueueRunsQuery{}); err == nil || !strings.Contains(err.Error(), "work_queue.filter") {
				t.Errorf("legacy queue: %v", err)
			}
		})
	})
}
