package hooks_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/models"
)

// barrier releases a fixed number of goroutines together, round after
// round: Wait returns once all of them have called it.
type barrier struct {
	mu      sync.Mutex
	n, seen int
	release chan struct{}
}

func newBarrier(n int) *barrier { return &barrier{n: n, release: make(chan struct{})} }

// Wait blocks until all n goroutines of the round have arrived.
func (b *barrier) Wait() {
	b.mu.Lock()
	release := b.release
	b.seen++
	if b.seen == b.n {
		b.seen = 0
		b.release = make(chan struct{})
		close(release)
	}
	b.mu.Unlock()
	<-release
}

// openWriters opens n connection pools of its own on db's database: each
// writer's transactions are real concurrent transactions on their own
// connections.
func openWriters(t *testing.T, db dbtest.DB, n int) []dbtest.DB {
	t.Helper()
	out := make([]dbtest.DB, n)
	for i := range out {
		out[i] = dbtest.Open(t, db.URL)
	}
	return out
}

// newFlowRuns creates n flow runs of one flow.
func newFlowRuns(t *testing.T, db dbtest.DB, n int) []models.UUID {
	t.Helper()
	flow := models.Flow{Name: "race-" + t.Name()}
	if err := db.Create(&flow).Error; err != nil {
		t.Fatal(err)
	}
	ids := make([]models.UUID, n)
	for i := range ids {
		run := models.FlowRun{FlowID: flow.ID}
		if err := db.Create(&run).Error; err != nil {
			t.Fatal(err)
		}
		ids[i] = run.ID
	}
	return ids
}

// runDefects counts, over the runs, those whose state_id is not their
// latest state (by timestamp), whose total_run_time is negative and whose
// end_time is before their start_time.
func runDefects(t *testing.T, db dbtest.DB, ids []models.UUID) (behind, negative, endBeforeStart int) {
	t.Helper()
	var runs []models.FlowRun
	if err := db.Where("id IN ?", ids).Find(&runs).Error; err != nil {
		t.Fatal(err)
	}
	if len(runs) != len(ids) {
		t.Fatalf("read %d runs, want %d", len(runs), len(ids))
	}
	var states []models.FlowRunState
	if err := db.Where("flow_run_id IN ?", ids).Find(&states).Error; err != nil {
		t.Fatal(err)
	}
	latest := map[models.UUID]models.FlowRunState{}
	for _, s := range states {
		if l, ok := latest[s.FlowRunID]; !ok || s.Timestamp.After(l.Timestamp.Time) {
			latest[s.FlowRunID] = s
		}
	}
	for _, r := range runs {
		if l, ok := latest[r.ID]; ok && (r.StateID == nil || *r.StateID != l.ID) {
			behind++
		}
		if r.TotalRunTime < 0 {
			negative++
		}
		if r.StartTime != nil && r.EndTime != nil && r.EndTime.Before(r.StartTime.Time) {
			endBeforeStart++
		}
	}
	return behind, negative, endBeforeStart
}

// TestRacingWritersKeepTheLatestState has three writers, each on its own
// connections, insert a state (stamped by the hooks) into the same run at
// the same moment, run after run: every run ends pointing at its latest
// state with a non-negative total_run_time.
func TestRacingWritersKeepTheLatestState(t *testing.T) {
	const (
		runs    = 150
		writers = 3
	)
	types := []models.StateType{models.StateRunning, models.StatePending, models.StateCompleted}
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		ids := newFlowRuns(t, db, runs)
		pools := openWriters(t, db, writers)
		b := newBarrier(writers)
		errs := make(chan error, writers)
		var wg sync.WaitGroup
		for w, pool := range pools {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i, id := range ids {
					b.Wait()
					typ := types[(w+i)%len(types)]
					if err := pool.Create(&models.FlowRunState{FlowRunID: id, Type: typ}).Error; err != nil {
						errs <- fmt.Errorf("writer %d, run %d: %w", w, i, err)
						// Keep meeting the barrier so the others finish.
						for range ids[i+1:] {
							b.Wait()
						}
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		behind, negative, endBeforeStart := runDefects(t, db, ids)
		if behind != 0 || negative != 0 || endBeforeStart != 0 {
			t.Errorf("of %d runs: %d point behind their latest state, %d have a negative total_run_time, %d end before they start",
				runs, behind, negative, endBeforeStart)
		}
	})
}

// TestOppositeBatchesDoNotDeadlock has two writers, each on its own
// connections, insert one batch of states over the same runs at the same
// moment, one in the runs' order and one in reverse, round after round:
// the runs are locked in id order, so no batch deadlocks or fails.
func TestOppositeBatchesDoNotDeadlock(t *testing.T) {
	const (
		runs   = 8
		rounds = 60
	)
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		ids := newFlowRuns(t, db, runs)
		pools := openWriters(t, db, 2)
		b := newBarrier(2)
		var mu sync.Mutex
		deadlocks, failures := 0, []string{}
		var wg sync.WaitGroup
		for w, pool := range pools {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for round := range rounds {
					batch := make([]models.FlowRunState, runs)
					for i := range batch {
						id := ids[i]
						if w == 1 {
							id = ids[runs-1-i]
						}
						typ := models.StateRunning
						if round%2 == 1 {
							typ = models.StatePending
						}
						batch[i] = models.FlowRunState{FlowRunID: id, Type: typ}
					}
					b.Wait()
					if err := pool.Create(&batch).Error; err != nil {
						mu.Lock()
						var pgErr *pgconn.PgError
						if errors.As(err, &pgErr) && pgErr.Code == "40P01" || strings.Contains(err.Error(), "deadlock") {
							deadlocks++
						} else {
							failures = append(failures, fmt.Sprintf("writer %d round %d: %v", w, round, err))
						}
						mu.Unlock()
					}
				}
			}()
		}
		wg.Wait()
		if deadlocks != 0 || len(failures) != 0 {
			t.Errorf("%d deadlocks in %d rounds; other failures: %v", deadlocks, rounds, failures)
		}
		behind, negative, endBeforeStart := runDefects(t, db, ids)
		if behind != 0 || negative != 0 || endBeforeStart != 0 {
			t.Errorf("%d runs behind their latest state, %d negative total_run_time, %d end before start", behind, negative, endBeforeStart)
		}
		var n int64
		if err := db.Model(&models.FlowRunState{}).Where("flow_run_id IN ?", ids).Count(&n).Error; err != nil {
			t.Fatal(err)
		}
		if want := int64(2 * rounds * runs); n != want {
			t.Errorf("%d states stored, want %d", n, want)
		}
	})
}
