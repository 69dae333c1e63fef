package dialects

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"time"

	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/models"
)

// DefaultWorkerPollLimit is the number of runs a worker poll returns when
// WorkerPoll.Limit is zero: Prefect's default of the poll's limit,
// worker_limit and queue_limit (1000).
const DefaultWorkerPollLimit = 1000

// WorkerPoll is one poll of a worker: which work pool and queues it takes
// runs from, and how many.
type WorkerPoll struct {
	// WorkPoolName names the work pool (required).
	WorkPoolName string
	// WorkQueueNames are the queues of the pool to poll; empty polls all of
	// them.
	WorkQueueNames []string
	// ScheduledBefore and ScheduledAfter bound the runs'
	// next_scheduled_start_time (both inclusive); nil is unbounded.
	ScheduledBefore, ScheduledAfter *time.Time
	// Limit caps the runs returned (0: DefaultWorkerPollLimit).
	Limit int
	// IgnoreQueuePriorities orders the runs of all queues by their
	// scheduled start time alone; by default (Prefect's
	// respect_queue_priorities=True) the runs of a queue with a higher
	// priority (a lower number) come first.
	IgnoreQueuePriorities bool
	// Claim runs in the poll's transaction, on the selected runs while they
	// are locked; nil is ClaimPending. See ClaimFunc.
	Claim ClaimFunc
	// Now is the poll time written to last_polled (zero: the handle's
	// application clock).
	Now time.Time
}

// WorkerFlowRun is one run a worker poll returned, with the pool and queue
// it came from (Prefect's schemas.responses.WorkerFlowRunResponse).
type WorkerFlowRun struct {
	WorkPoolID  models.UUID
	WorkQueueID models.UUID
	FlowRun     models.FlowRun
}

// ClaimFunc claims the runs a worker poll selected, in the poll's
// transaction (tx), before the locks on the runs are released. A claim
// must make the runs ineligible for the next poll (move them out of
// SCHEDULED), so that no two workers get the same run: on PostgreSQL the
// rows are held FOR UPDATE and another poller skips them (SKIP LOCKED), and
// when it reads them after the commit they no longer match; on SQLite the
// transaction holds the database's write lock from its start, so pollers
// run one after the other. It may update runs[i].FlowRun to what it wrote.
// An error rolls the poll back: nothing is claimed and nothing returned.
type ClaimFunc func(tx *gorm.DB, runs []WorkerFlowRun) error

// ClaimPending is the default claim: it inserts a PENDING state for every
// run through GORM, so prefectorm's state-transition hooks write the runs'
// bookkeeping (state_id, state_type, …), and reads the runs back. It is the
// transition a Prefect worker proposes for a run it is about to submit,
// made at once instead of in a second request that another worker could
// race.
func ClaimPending(tx *gorm.DB, runs []WorkerFlowRun) error {
	if len(runs) == 0 {
		return nil
	}
	states := make([]models.FlowRunState, len(runs))
	for i, r := range runs {
		states[i] = models.FlowRunState{FlowRunID: r.FlowRun.ID, Type: models.StatePending}
	}
	if err := tx.Create(&states).Error; err != nil {
		return err
	}
	var fresh []models.FlowRun
	if err := tx.Where("id IN ?", idsOf(runs, func(r WorkerFlowRun) models.UUID { return r.FlowRun.ID })).Find(&fresh).Error; err != nil {
		return err
	}
	byID := make(map[models.UUID]models.FlowRun, len(fresh))
	for _, r := range fresh {
		byID[r.ID] = r
	}
	for i := range runs {
		runs[i].FlowRun = byID[runs[i].FlowRun.ID]
	}
	return nil
}

// ClaimNone claims nothing: the poll returns the runs as Prefect's
// get_scheduled_flow_runs does, still SCHEDULED. The rows are locked only
// while the poll runs, so two workers may then get the same run.
func ClaimNone(*gorm.DB, []WorkerFlowRun) error { return nil }

// PollWorkPool is a worker's poll of a work pool: Prefect's
// api/workers.py get_scheduled_flow_runs with models.workers
// get_scheduled_flow_runs and query_components'
// get_scheduled_flow_runs_from_work_pool (get-runs-from-worker-queues.sql),
// plus the claim of the runs it returns.
//
// It returns the SCHEDULED runs of the pool's queues (or of the named
// queues) whose empirical_policy.retry_type is not "in_process", within the
// ScheduledBefore/ScheduledAfter bounds, ordered by queue priority (unless
// IgnoreQueuePriorities), next_scheduled_start_time and id, at most Limit.
// A paused pool or queue gives nothing. A queue with a concurrency limit
// gives at most its limit minus its RUNNING and PENDING runs, and a pool
// with a limit at most its limit minus the RUNNING and PENDING runs of its
// unpaused queues (Prefect's PostgreSQL query; its SQLite query also counts
// paused queues).
//
// The selection and the claim are one transaction: the runs are selected
// FOR UPDATE SKIP LOCKED on PostgreSQL and claimed (ClaimFunc) before the
// commit. ClaimPending needs prefectorm's hooks on db (a handle opened by a
// backend's Open, or hooks.Register). The poll
// is recorded as Prefect's mark_work_queues_ready and
// mark_deployments_ready do, without their events: the queues get
// last_polled = Now and a NOT_READY queue becomes READY, and the
// deployments of the queues become READY with last_polled = Now (their
// updated column untouched). On SQLite that happens first, in the poll's
// transaction; on PostgreSQL in a second transaction after the claim, rows
// locked in id order, so that pollers do not queue behind each other's
// queue rows while they select.
//
// An unknown pool or queue name is an error naming it.
func PollWorkPool(ctx context.Context, db *gorm.DB, poll WorkerPoll) ([]WorkerFlowRun, error) {
	if poll.WorkPoolName == "" {
		return nil, fieldError("WorkerPoll.WorkPoolName", `""`, "a work pool name is required")
	}
	if poll.Limit < 0 {
		return nil, fieldError("WorkerPoll.Limit", poll.Limit, "want 0 (the default) or more")
	}
	limit := cmp.Or(poll.Limit, DefaultWorkerPollLimit)
	claim := poll.Claim
	if claim == nil {
		claim = ClaimPending
	}
	now := nowOf(db, poll.Now)
	db = db.WithContext(ctx)
	pg := isPostgres(db)
	var polled []models.WorkQueue
	var runs []WorkerFlowRun
	err := db.Transaction(func(tx *gorm.DB) error {
		var pool models.WorkPool
		if err := tx.Where("name = ?", poll.WorkPoolName).Take(&pool).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return fieldError("work_pool.name", `"`+poll.WorkPoolName+`"`, "no such work pool")
			}
			return err
		}
		var queues []models.WorkQueue
		if err := tx.Where("work_pool_id = ?", pool.ID).Order("priority, id").Find(&queues).Error; err != nil {
			return err
		}
		selected, err := selectQueues(poll, queues)
		if err != nil {
			return err
		}
		polled = selected
		if !pg {
			if err := recordPoll(tx, selected, now); err != nil {
				return err
			}
		}
		if pool.IsPaused {
			return nil
		}
		runs, err = pollQueues(tx, pool, queues, selected, poll, limit)
		if err != nil {
			return err
		}
		return claim(tx, runs)
	})
	if err != nil {
		return nil, err
	}
	if pg {
		if err := db.Transaction(func(tx *gorm.DB) error { return recordPoll(tx, polled, now) }); err != nil {
			return nil, err
		}
	}
	return runs, nil
}

// selectQueues returns the queues a poll takes runs from: all of the
// pool's, or the named ones (each must exist).
func selectQueues(poll WorkerPoll, queues []models.WorkQueue) ([]models.WorkQueue, error) {
	if len(poll.WorkQueueNames) == 0 {
		return queues, nil
	}
	var out []models.WorkQueue
	for _, name := range poll.WorkQueueNames {
		i := slices.IndexFunc(queues, func(q models.WorkQueue) bool { return q.Name == name })
		if i < 0 {
			return nil, fieldError("work_queue.name", `"`+name+`"`, "work pool \""+poll.WorkPoolName+"\" has no such queue")
		}
		if !slices.ContainsFunc(out, func(q models.WorkQueue) bool { return q.ID == queues[i].ID }) {
			out = append(out, queues[i])
		}
	}
	slices.SortStableFunc(out, func(a, b models.WorkQueue) int {
		return cmp.Or(cmp.Compare(a.Priority, b.Priority), cmp.Compare(a.ID.String(), b.ID.String()))
	})
	return out, nil
}

// pollQueues selects (and on PostgreSQL locks) the runs of a poll: the
// queues are visited in priority order, a group of equal priority at a
// time, each giving at most its free slots, until the poll's limit and the
// pool's free slots are used up.
func pollQueues(tx *gorm.DB, pool models.WorkPool, all, selected []models.WorkQueue, poll WorkerPoll, limit int) ([]WorkerFlowRun, error) {
	var unpaused []models.UUID
	for _, q := range all {
		if !q.IsPaused {
			unpaused = append(unpaused, q.ID)
		}
	}
	if len(unpaused) == 0 {
		return nil, nil
	}
	var counted []models.UUID
	if pool.ConcurrencyLimit != nil {
		counted = unpaused
	} else {
		for _, q := range selected {
			if !q.IsPaused && q.ConcurrencyLimit != nil {
				counted = append(counted, q.ID)
			}
		}
	}
	active, err := activeRunsPerQueue(tx, counted)
	if err != nil {
		return nil, err
	}
	remaining := limit
	if pool.ConcurrencyLimit != nil {
		used := 0
		for _, n := range active {
			used += n
		}
		remaining = min(remaining, max(0, *pool.ConcurrencyLimit-used))
	}
	queues := slices.DeleteFunc(slices.Clone(selected), func(q models.WorkQueue) bool { return q.IsPaused })
	if poll.IgnoreQueuePriorities {
		// One group: every queue competes on start time alone.
		for i := range queues {
			queues[i].Priority = 0
		}
	}
	var out []WorkerFlowRun
	for start := 0; start < len(queues) && remaining > 0; {
		end := start + 1
		for end < len(queues) && queues[end].Priority == queues[start].Priority {
			end++
		}
		var group []WorkerFlowRun
		for _, q := range queues[start:end] {
			n := remaining
			if q.ConcurrencyLimit != nil {
				n = min(n, max(0, *q.ConcurrencyLimit-active[q.ID]))
			}
			if n == 0 {
				continue
			}
			runs, err := scheduledRunsOfQueue(tx, q.ID, poll, n)
			if err != nil {
				return nil, err
			}
			for _, r := range runs {
				group = append(group, WorkerFlowRun{WorkPoolID: pool.ID, WorkQueueID: q.ID, FlowRun: r})
			}
		}
		slices.SortFunc(group, func(a, b WorkerFlowRun) int {
			return cmp.Or(compareStart(a.FlowRun, b.FlowRun), cmp.Compare(a.FlowRun.ID.String(), b.FlowRun.ID.String()))
		})
		// Runs beyond the limit stay locked (unclaimed) until the commit.
		group = group[:min(len(group), remaining)]
		out = append(out, group...)
		remaining -= len(group)
		start = end
	}
	return out, nil
}

// compareStart orders runs by next_scheduled_start_time, a missing one
// last (PostgreSQL's order, which the per-queue query's index also gives
// on both dialects).
func compareStart(a, b models.FlowRun) int {
	switch {
	case a.NextScheduledStartTime == nil && b.NextScheduledStartTime == nil:
		return 0
	case a.NextScheduledStartTime == nil:
		return 1
	case b.NextScheduledStartTime == nil:
		return -1
	}
	return a.NextScheduledStartTime.Compare(b.NextScheduledStartTime.Time)
}

// activeRunsPerQueue counts the RUNNING and PENDING runs of each queue
// (on the partial index prefectorm_ix_flow_run__work_queue_id_active).
func activeRunsPerQueue(tx *gorm.DB, queueIDs []models.UUID) (map[models.UUID]int, error) {
	out := map[models.UUID]int{}
	if len(queueIDs) == 0 {
		return out, nil
	}
	var rows []struct {
		WorkQueueID models.UUID
		N           int
	}
	err := tx.Model(&models.FlowRun{}).
		Select("flow_run.work_queue_id, COUNT(*) AS n").
		Where(workerActivePredicate).
		Where("flow_run.work_queue_id IN ?", queueIDs).
		Group("flow_run.work_queue_id").
		Scan(&rows).Error
	for _, r := range rows {
		out[r.WorkQueueID] = r.N
	}
	return out, err
}

// scheduledRunsOfQueue selects up to n of a queue's SCHEDULED runs in
// start-time order, FOR UPDATE SKIP LOCKED on PostgreSQL (on the partial
// index prefectorm_ix_flow_run__work_queue_id_scheduled).
func scheduledRunsOfQueue(tx *gorm.DB, queueID models.UUID, poll WorkerPoll, n int) ([]models.FlowRun, error) {
	q := tx.Model(&models.FlowRun{}).
		Where("flow_run.work_queue_id = ?", queueID).
		Where(scheduledPredicate).
		Where(notInProcessRetry(tx))
	if poll.ScheduledAfter != nil {
		q = q.Where("flow_run.next_scheduled_start_time >= ?", ts(*poll.ScheduledAfter))
	}
	if poll.ScheduledBefore != nil {
		q = q.Where("flow_run.next_scheduled_start_time <= ?", ts(*poll.ScheduledBefore))
	}
	var runs []models.FlowRun
	err := skipLocked(q).Order("flow_run.next_scheduled_start_time, flow_run.id").Limit(n).Find(&runs).Error
	return runs, err
}

// recordPoll writes what Prefect's record_work_queue_polls and
// mark_deployments_ready write for a poll of queues: last_polled on the
// queues (and READY on NOT_READY ones), READY and last_polled on their
// deployments, rows locked in id order on PostgreSQL.
func recordPoll(tx *gorm.DB, queues []models.WorkQueue, now time.Time) error {
	if len(queues) == 0 {
		return nil
	}
	ids := idsOf(queues, func(q models.WorkQueue) models.UUID { return q.ID })
	if isPostgres(tx) {
		var locked []models.UUID
		if err := forUpdate(tx.Model(&models.WorkQueue{})).Where("id IN ?", ids).Order("id").Pluck("id", &locked).Error; err != nil {
			return err
		}
	}
	// Prefect's ORM bumps the queues' updated column (onupdate), as
	// Update does here; the deployments' stays.
	polled := ts(now)
	if err := tx.Model(&models.WorkQueue{}).Where("id IN ?", ids).
		Update("last_polled", polled).Error; err != nil {
		return err
	}
	if err := tx.Model(&models.WorkQueue{}).Where("id IN ? AND status = ?", ids, models.WorkQueueNotReady).
		Update("status", models.WorkQueueReady).Error; err != nil {
		return err
	}
	ready := map[string]any{"status": models.DeploymentReady, "last_polled": polled}
	if !isPostgres(tx) {
		// The transaction holds SQLite's write lock: no row locks to order.
		return tx.Model(&models.Deployment{}).Where("work_queue_id IN ?", ids).UpdateColumns(ready).Error
	}
	var deployments []models.UUID
	if err := forUpdate(tx.Model(&models.Deployment{})).Where("work_queue_id IN ?", ids).Order("id").Pluck("id", &deployments).Error; err != nil {
		return err
	}
	if len(deployments) == 0 {
		return nil
	}
	return tx.Model(&models.Deployment{}).Where("id IN ?", deployments).UpdateColumns(ready).Error
}
