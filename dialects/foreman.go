package dialects

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/models"
)

// Foreman is the configuration of Prefect's foreman service
// (services/foreman.py monitor_worker_health), with its defaults for zero
// fields.
type Foreman struct {
	// InactivityHeartbeatMultiple: a worker is offline after this many
	// heartbeat intervals without a heartbeat (0: Prefect's 3).
	InactivityHeartbeatMultiple int
	// FallbackHeartbeatInterval is the interval of a worker that did not
	// report one (0: Prefect's 30 s).
	FallbackHeartbeatInterval time.Duration
	// DeploymentLastPolledTimeout: a READY deployment whose last poll (and
	// its queue's) is older is NOT_READY (0: Prefect's 60 s).
	DeploymentLastPolledTimeout time.Duration
	// WorkQueueLastPolledTimeout: a READY queue whose last poll is older is
	// NOT_READY (0: Prefect's 60 s).
	WorkQueueLastPolledTimeout time.Duration
	// Now is the reference time (zero: the handle's application clock).
	Now time.Time
}

// resolve refuses negative settings, then returns f with its zero fields
// set to Prefect's defaults and Now to the handle's clock when zero.
func (f Foreman) resolve(db *gorm.DB) (Foreman, error) {
	if f.InactivityHeartbeatMultiple < 0 || f.FallbackHeartbeatInterval < 0 ||
		f.DeploymentLastPolledTimeout < 0 || f.WorkQueueLastPolledTimeout < 0 {
		return f, fieldError("Foreman", f, "settings must not be negative")
	}
	if f.InactivityHeartbeatMultiple == 0 {
		f.InactivityHeartbeatMultiple = 3
	}
	if f.FallbackHeartbeatInterval == 0 {
		f.FallbackHeartbeatInterval = 30 * time.Second
	}
	if f.DeploymentLastPolledTimeout == 0 {
		f.DeploymentLastPolledTimeout = 60 * time.Second
	}
	if f.WorkQueueLastPolledTimeout == 0 {
		f.WorkQueueLastPolledTimeout = 60 * time.Second
	}
	f.Now = nowOf(db, f.Now)
	return f, nil
}

// ForemanResult lists what one foreman pass changed.
type ForemanResult struct {
	// WorkersOffline counts the workers marked OFFLINE.
	WorkersOffline int64
	// WorkPools, Deployments and WorkQueues were marked NOT_READY.
	WorkPools, Deployments, WorkQueues []models.UUID
}

// RunForeman is one pass of Prefect's foreman service
// (services/foreman.py monitor_worker_health): MarkStaleWorkersOffline,
// MarkWorkPoolsNotReady, MarkStaleDeploymentsNotReady and
// MarkStaleWorkQueuesNotReady in that order, each in its own transaction,
// as Prefect runs them. Prefect's status events are not emitted.
func RunForeman(ctx context.Context, db *gorm.DB, f Foreman) (ForemanResult, error) {
	var r ForemanResult
	var err error
	if r.WorkersOffline, err = MarkStaleWorkersOffline(ctx, db, f); err != nil {
		return r, err
	}
	if r.WorkPools, err = MarkWorkPoolsNotReady(ctx, db, f); err != nil {
		return r, err
	}
	if r.Deployments, err = MarkStaleDeploymentsNotReady(ctx, db, f); err != nil {
		return r, err
	}
	r.WorkQueues, err = MarkStaleWorkQueuesNotReady(ctx, db, f)
	return r, err
}

// MarkStaleWorkersOffline sets ONLINE workers whose last heartbeat is more
// than InactivityHeartbeatMultiple times their heartbeat interval
// (FallbackHeartbeatInterval when NULL) before Now to OFFLINE, and returns
// how many: Prefect's foreman
// _mark_online_workers_without_recent_heartbeat_as_offline.
func MarkStaleWorkersOffline(ctx context.Context, db *gorm.DB, f Foreman) (int64, error) {
	f, err := f.resolve(db)
	if err != nil {
		return 0, err
	}
	// The heartbeat's age in seconds against the worker's allowance.
	age := "(julianday(@now) - julianday(worker.last_heartbeat_time)) * 86400.0"
	if isPostgres(db) {
		age = "EXTRACT(EPOCH FROM (CAST(@now AS TIMESTAMPTZ) - worker.last_heartbeat_time))"
	}
	res := db.WithContext(ctx).Exec(`UPDATE worker SET status = @offline, updated = @now
WHERE worker.status = @online AND `+age+` > COALESCE(worker.heartbeat_interval_seconds, @fallback) * @multiple`,
		map[string]any{
			"now": ts(f.Now), "offline": models.WorkerOffline, "online": models.WorkerOnline,
			"fallback": int(f.FallbackHeartbeatInterval / time.Second), "multiple": f.InactivityHeartbeatMultiple,
		})
	return res.RowsAffected, res.Error
}

// MarkWorkPoolsNotReady sets READY work pools without an ONLINE worker to
// NOT_READY, with last_transitioned_status_at = Now, and returns their ids:
// Prefect's foreman _mark_work_pools_as_not_ready (whose update_work_pool
// also writes last_status_event_id, the id of the status event it emits;
// no event is emitted here, so that column is left alone).
func MarkWorkPoolsNotReady(ctx context.Context, db *gorm.DB, f Foreman) ([]models.UUID, error) {
	f, err := f.resolve(db)
	if err != nil {
		return nil, err
	}
	var ids []models.UUID
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := forUpdate(tx.Model(&models.WorkPool{})).Select("work_pool.id").
			Where("work_pool.status = ?", models.WorkPoolReady).
			Where("NOT EXISTS (SELECT 1 FROM worker WHERE worker.work_pool_id = work_pool.id AND worker.status = ?)", models.WorkerOnline).
			Order("work_pool.id").Scan(&ids).Error; err != nil || len(ids) == 0 {
			return err
		}
		return tx.Model(&models.WorkPool{}).Where("id IN ?", ids).Updates(map[string]any{
			"status": models.WorkPoolNotReady, "last_transitioned_status_at": ts(f.Now),
		}).Error
	})
	return ids, err
}

// StaleDeployments returns the ids of the READY deployments whose
// last_polled is set and older than Now - DeploymentLastPolledTimeout and
// whose work queue, if it has a last_polled, was also last polled before
// then: Prefect's foreman _mark_deployments_as_not_ready selection (served
// by prefectorm_ix_deployment__ready_last_polled).
func StaleDeployments(ctx context.Context, db *gorm.DB, f Foreman) ([]models.UUID, error) {
	f, err := f.resolve(db)
	if err != nil {
		return nil, err
	}
	var ids []models.UUID
	err = staleDeployments(db.WithContext(ctx), f).Scan(&ids).Error
	return ids, err
}

// staleDeployments is StaleDeployments' statement.
func staleDeployments(db *gorm.DB, f Foreman) *gorm.DB {
	threshold := ts(f.Now.Add(-f.DeploymentLastPolledTimeout))
	return db.Model(&models.Deployment{}).Select("deployment.id").
		Joins("LEFT JOIN work_queue ON work_queue.id = deployment.work_queue_id").
		Where("deployment.status = 'READY'").
		Where("deployment.last_polled IS NOT NULL AND deployment.last_polled < ?", threshold).
		Where("work_queue.last_polled IS NULL OR work_queue.last_polled < ?", threshold).
		Order("deployment.id")
}

// MarkStaleDeploymentsNotReady sets StaleDeployments to NOT_READY (their
// updated column untouched, as Prefect's mark_deployments_not_ready keeps
// it, so the scheduler's recent-deployments loop does not pick them up)
// and returns their ids. The rows are locked in id order and checked
// again under the lock, so a poll that made one READY meanwhile wins.
func MarkStaleDeploymentsNotReady(ctx context.Context, db *gorm.DB, f Foreman) ([]models.UUID, error) {
	f, err := f.resolve(db)
	if err != nil {
		return nil, err
	}
	var ids []models.UUID
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := forUpdateOf(staleDeployments(tx, f), "deployment").Scan(&ids).Error; err != nil || len(ids) == 0 {
			return err
		}
		return tx.Model(&models.Deployment{}).Where("id IN ?", ids).
			UpdateColumn("status", models.DeploymentNotReady).Error
	})
	return ids, err
}

// StaleWorkQueues returns the ids of the READY work queues whose
// last_polled is set and older than Now - WorkQueueLastPolledTimeout,
// oldest poll first: Prefect's foreman _mark_work_queues_as_not_ready
// selection.
func StaleWorkQueues(ctx context.Context, db *gorm.DB, f Foreman) ([]models.UUID, error) {
	f, err := f.resolve(db)
	if err != nil {
		return nil, err
	}
	var ids []models.UUID
	err = staleWorkQueues(db.WithContext(ctx), f).Scan(&ids).Error
	return ids, err
}

// staleWorkQueues is StaleWorkQueues' statement.
func staleWorkQueues(db *gorm.DB, f Foreman) *gorm.DB {
	return db.Model(&models.WorkQueue{}).Select("work_queue.id").
		Where("work_queue.status = ?", models.WorkQueueReady).
		Where("work_queue.last_polled IS NOT NULL AND work_queue.last_polled < ?", ts(f.Now.Add(-f.WorkQueueLastPolledTimeout))).
		Order("work_queue.last_polled, work_queue.id")
}

// MarkStaleWorkQueuesNotReady sets StaleWorkQueues to NOT_READY (Prefect's
// mark_work_queues_not_ready, without its events) and returns their ids.
func MarkStaleWorkQueuesNotReady(ctx context.Context, db *gorm.DB, f Foreman) ([]models.UUID, error) {
	f, err := f.resolve(db)
	if err != nil {
		return nil, err
	}
	var ids []models.UUID
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := staleWorkQueues(tx, f).Scan(&ids).Error; err != nil || len(ids) == 0 {
			return err
		}
		return tx.Model(&models.WorkQueue{}).Where("id IN ?", ids).
			Update("status", models.WorkQueueNotReady).Error
	})
	return ids, err
}
