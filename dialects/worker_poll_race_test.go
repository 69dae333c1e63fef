package dialects_test

import (
	"context"
	"sync"
	"testing"

	"github.com/prefectorm/prefectorm/dialects"
	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/models"
)

// TestPollWorkPoolConcurrentWorkers starts several workers, each on its
// own connection pool, on a barrier, all polling one work pool until it is
// empty: no run is returned twice, and together they got exactly the
// eligible runs (every run then PENDING in the database).
func TestPollWorkPoolConcurrentWorkers(t *testing.T) {
	const workers, queues, runsPerQueue, limit = 6, 3, 40, 4
	eachDB(t, func(t *testing.T, db dbtest.DB) {
		f := newWorkFixture(t, db)
		pool := f.pool("p", nil, false)
		eligible := map[models.UUID]bool{}
		for qi := range queues {
			q := f.queue(pool, "q"+string(rune('a'+qi)), qi+1, nil, false)
			for i := range runsPerQueue {
				eligible[f.run(q, "r", models.StateScheduled, f.at(i)).ID] = true
			}
			f.run(q, "done", models.StateCompleted, f.at(0)) // never eligible
		}
		var (
			start = make(chan struct{})
			mu    sync.Mutex
			got   = map[models.UUID]int{}
			errs  []error
			wg    sync.WaitGroup
		)
		for w := range workers {
			conn := dbtest.Open(t, db.URL) // a worker's own connections
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				for {
					runs, err := dialects.PollWorkPool(context.Background(), conn.DB, dialects.WorkerPoll{WorkPoolName: pool.Name, Limit: limit})
					if err != nil {
						mu.Lock()
						errs = append(errs, err)
						mu.Unlock()
						return
					}
					if len(runs) == 0 {
						return
					}
					mu.Lock()
					for _, r := range runs {
						got[r.FlowRun.ID]++
					}
					mu.Unlock()
				}
			}()
			_ = w
		}
		close(start)
		wg.Wait()
		for _, err := range errs {
			t.Error(err)
		}
		for id, n := range got {
			if n > 1 {
				t.Errorf("run %s returned to %d polls", id, n)
			}
			if !eligible[id] {
				t.Errorf("run %s was not eligible", id)
			}
		}
		if len(got) != len(eligible) {
			t.Errorf("workers got %d runs, want all %d eligible", len(got), len(eligible))
		}
		var pending int64
		if err := db.Model(&models.FlowRun{}).Where("state_type = ?", models.StatePending).Count(&pending).Error; err != nil {
			t.Fatal(err)
		}
		if int(pending) != len(eligible) {
			t.Errorf("%d runs PENDING in the database, want %d", pending, len(eligible))
		}
	})
}
