package dialects

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/models"
)

// Progress messages of Vacuum, logged with the attribute "phase" (one of
// the Phase constants), plus "rows" (rows deleted or updated so far in the
// phase), "batches" and "duration" when a phase ends, and "dry_run" when
// VacuumOptions.DryRun is set.
const (
	// MsgVacuumStarted is logged at Info when a phase starts.
	MsgVacuumStarted = "prefectorm: vacuum phase started"
	// MsgVacuumBatch is logged at Debug after each batch's transaction,
	// with the batch's "rows" and "duration" and the phase's "total".
	MsgVacuumBatch = "prefectorm: vacuum batch"
	// MsgVacuumFinished is logged at Info when a phase has run.
	MsgVacuumFinished = "prefectorm: vacuum phase finished"
	// MsgVacuumFailed is logged at Error when a batch fails, with the
	// "error"; that batch is rolled back, the batches before it stay
	// committed, and running Vacuum again finishes the work.
	MsgVacuumFailed = "prefectorm: vacuum phase failed"
)

// Phases of Vacuum, in the order they run.
const (
	// PhaseFlowRuns deletes old terminal top-level flow runs with their
	// states, inputs, task runs and task-run states, logs and artifacts,
	// and their old terminal subflow runs likewise.
	PhaseFlowRuns = "flow_runs"
	// PhaseEvents deletes old events with their resources.
	PhaseEvents = "events"
	// PhaseEventResources deletes old event resources whose event is
	// already gone.
	PhaseEventResources = "event_resources"
	// PhaseEventTypes deletes the events of VacuumOptions.EventTypesBefore
	// with their resources.
	PhaseEventTypes = "event_types"
	// PhaseOrphanLogs deletes logs whose flow run is gone.
	PhaseOrphanLogs = "orphan_logs"
	// PhaseOrphanArtifacts deletes artifacts whose flow run is gone.
	PhaseOrphanArtifacts = "orphan_artifacts"
	// PhaseArtifactCollections re-points or deletes artifact collections
	// whose latest artifact is gone.
	PhaseArtifactCollections = "artifact_collections"
	// PhaseTaskRunStateCache deletes task_run_state_cache rows whose task
	// run state is gone.
	PhaseTaskRunStateCache = "task_run_state_cache"
)

// DefaultVacuumBatchSize is VacuumOptions.BatchSize when it is zero.
const DefaultVacuumBatchSize = 500

// DefaultVacuumBatchDuration is VacuumOptions.BatchDuration when it is
// zero: long enough that a batch's fixed costs (its statements, commit and
// on SQLite its WAL pages) are spread over many rows, short enough that a
// writer waiting for the database (SQLite) or a row (PostgreSQL) is not
// held up for long.
const DefaultVacuumBatchDuration = 250 * time.Millisecond

// MaxVacuumBatchSize is the most candidates a batch grows to under
// VacuumOptions.BatchDuration.
const MaxVacuumBatchSize = 20_000

// vacuumChunk is the most ids bound in one IN list (SQLite allows 32,766
// parameters, PostgreSQL 65,535).
const vacuumChunk = 500

// VacuumOptions says what Vacuum deletes. The zero value deletes nothing
// but orphans.
type VacuumOptions struct {
	// FlowRunsBefore deletes top-level flow runs (parent_task_run_id NULL)
	// in a terminal state (COMPLETED, CANCELLED, FAILED, CRASHED) whose
	// end_time is before it, as Prefect's db_vacuum does with its
	// retention_period (default 90 days). Zero deletes no flow runs.
	FlowRunsBefore time.Time
	// EventsBefore deletes events whose occurred is before it, and event
	// resources likewise (Prefect's server.events.retention_period,
	// default 7 days). Zero deletes no events.
	EventsBefore time.Time
	// EventTypesBefore holds cutoffs per event name (Prefect's
	// event_retention_overrides): the events of that name occurred before
	// the later of it and EventsBefore are deleted, so an override can
	// only shorten the retention, as in Prefect.
	EventTypesBefore map[string]time.Time
	// BatchSize is the number of candidate rows read by the first batch of
	// each phase, each batch being its own transaction: top-level flow
	// runs (with all their children), events, or orphan candidates. Zero
	// is DefaultVacuumBatchSize.
	BatchSize int
	// BatchDuration is how long each batch's transaction should take:
	// after every batch the next one reads as many candidates as the last
	// one's pace fits in BatchDuration (at most twice as many, at least
	// half as many, between 1 and MaxVacuumBatchSize), so batches stay
	// about that long however many rows hang off a candidate and however
	// fast the database is. Zero is DefaultVacuumBatchDuration; a negative
	// duration keeps every batch at BatchSize.
	BatchDuration time.Duration
	// SkipOrphans leaves out the orphan phases (logs and artifacts of
	// flow runs deleted by other means, stale artifact collections and
	// task-run cache entries), which read one index entry per distinct
	// flow run id of log and artifact.
	SkipOrphans bool
	// DryRun runs every batch and rolls it back: the report counts what a
	// pass would delete, nothing is changed.
	DryRun bool
	// Logger receives progress; nil is slog.Default(). To silence it pass
	// slog.New(slog.DiscardHandler).
	Logger *slog.Logger
	// OnBatch, when set, is called after each batch's transaction ends,
	// with the phase and the report so far.
	OnBatch func(phase string, report VacuumReport)
}

// VacuumReport counts the rows Vacuum deleted (or, with DryRun, would
// delete), per table.
type VacuumReport struct {
	// FlowRuns counts deleted flow runs, subflow runs included.
	FlowRuns int64
	// SubflowRuns counts the deleted flow runs among FlowRuns that were
	// subflow runs of a deleted flow run.
	SubflowRuns int64
	// DetachedSubflowRuns counts subflow runs of deleted flow runs that
	// were kept (young or not terminal): their parent_task_run_id is set
	// NULL by the foreign key, as in Prefect.
	DetachedSubflowRuns int64
	FlowRunStates       int64
	FlowRunInputs       int64
	TaskRuns            int64
	TaskRunStates       int64
	// Logs and Artifacts count the rows of deleted flow runs.
	Logs      int64
	Artifacts int64
	// ArtifactCollectionsRepointed counts collections whose latest
	// artifact was deleted and that now name the newest remaining
	// artifact of their key; ArtifactCollectionsDeleted those that had no
	// artifact left.
	ArtifactCollectionsRepointed int64
	ArtifactCollectionsDeleted   int64
	Events                       int64
	EventResources               int64
	// OrphanLogs and OrphanArtifacts count rows whose flow run was already
	// gone; TaskRunStateCaches cache entries whose state was gone.
	OrphanLogs         int64
	OrphanArtifacts    int64
	TaskRunStateCaches int64
	// Batches counts the transactions run.
	Batches int64
	// DryRun reports that every batch was rolled back.
	DryRun bool
}

// errDryRun rolls a dry run's batch back.
var errDryRun = errors.New("prefectorm: vacuum dry run")

// Vacuum deletes what Prefect 3.6's db_vacuum service deletes, in short
// transactions driven by indexes: old terminal top-level flow runs with
// everything that hangs off them (opts.FlowRunsBefore), old events with
// their resources (opts.EventsBefore, opts.EventTypesBefore), then
// orphans: logs and artifacts whose flow run is gone, artifact collections
// whose latest artifact is gone (re-pointed to the newest remaining
// artifact of the key, or deleted) and task-run cache entries whose state
// is gone.
//
// Each batch reads its candidates through an index and deletes them and
// their children in one transaction, as many candidates as fit in
// opts.BatchDuration at the pace of the batch before (see BatchDuration),
// so a pass never holds locks for long, whatever hangs off a candidate, and
// spreads each batch's fixed costs over as many rows as that allows. A pass
// stopped at any point (its context cancelled, the process killed) leaves
// whole batches behind: running Vacuum again finishes with the same
// database a pass that was never stopped leaves. Batches walk their index
// with a cursor, so rows a pass keeps (young subflow runs, non-terminal
// runs) are read once per pass, not once per batch.
//
// Vacuum is not SQL VACUUM: on PostgreSQL the space of deleted rows is
// reused after autovacuum (or VACUUM (ANALYZE)) has run; see the README.
func Vacuum(ctx context.Context, db *gorm.DB, opts VacuumOptions) (VacuumReport, error) {
	if opts.BatchSize < 0 {
		return VacuumReport{}, fmt.Errorf("prefectorm: VacuumOptions.BatchSize = %d: want 0 (default) or more", opts.BatchSize)
	}
	for name, t := range opts.EventTypesBefore {
		if name == "" {
			return VacuumReport{}, fmt.Errorf("prefectorm: VacuumOptions.EventTypesBefore: empty event name (cutoff %s)", t.Format(time.RFC3339))
		}
		if t.IsZero() {
			return VacuumReport{}, fmt.Errorf("prefectorm: VacuumOptions.EventTypesBefore[%q]: zero cutoff", name)
		}
	}
	v := &vacuum{db: db.WithContext(ctx), opts: opts, log: opts.Logger, first: opts.BatchSize, target: opts.BatchDuration}
	if v.log == nil {
		v.log = slog.Default()
	}
	if v.first == 0 {
		v.first = DefaultVacuumBatchSize
	}
	if v.target == 0 {
		v.target = DefaultVacuumBatchDuration
	}
	v.report.DryRun = opts.DryRun
	phases := []struct {
		name string
		skip bool
		run  func() error
	}{
		{PhaseFlowRuns, opts.FlowRunsBefore.IsZero(), v.flowRuns},
		{PhaseEvents, opts.EventsBefore.IsZero(), func() error { return v.events("", opts.EventsBefore) }},
		{PhaseEventResources, opts.EventsBefore.IsZero(), v.eventResources},
		{PhaseEventTypes, len(opts.EventTypesBefore) == 0, v.eventTypes},
		{PhaseOrphanLogs, opts.SkipOrphans, v.orphanLogs},
		{PhaseOrphanArtifacts, opts.SkipOrphans, v.orphanArtifacts},
		{PhaseArtifactCollections, opts.SkipOrphans, v.staleCollections},
		{PhaseTaskRunStateCache, opts.SkipOrphans, v.staleCacheEntries},
	}
	for _, p := range phases {
		if p.skip {
			continue
		}
		if err := v.phase(p.name, p.run); err != nil {
			return v.report, err
		}
	}
	return v.report, nil
}

// vacuum is one Vacuum pass.
type vacuum struct {
	db   *gorm.DB
	opts VacuumOptions
	log  *slog.Logger
	// size is the current batch's number of candidates, first that of
	// each phase's first batch (BatchSize), target BatchDuration
	// (negative: fixed size).
	size   int
	first  int
	target time.Duration
	report VacuumReport
	// current phase, for batch progress
	name    string
	rows    int64
	batches int64
}

// phase runs one phase and logs its start and end.
func (v *vacuum) phase(name string, run func() error) error {
	v.name, v.rows, v.batches, v.size = name, 0, 0, v.first
	start := time.Now()
	attrs := []any{"phase", name}
	if v.opts.DryRun {
		attrs = append(attrs, "dry_run", true)
	}
	v.log.Info(MsgVacuumStarted, attrs...)
	if err := run(); err != nil {
		// A cancelled context also rolls the open transaction back
		// underneath the statement that follows: report the cancellation,
		// not the closed transaction.
		if cerr := v.db.Statement.Context.Err(); cerr != nil && !errors.Is(err, cerr) {
			err = fmt.Errorf("%w (%v)", cerr, err)
		}
		v.log.Error(MsgVacuumFailed, append(attrs, "rows", v.rows, "batches", v.batches, "duration", time.Since(start), "error", err)...)
		return fmt.Errorf("prefectorm: vacuum %s: %w", name, err)
	}
	v.log.Info(MsgVacuumFinished, append(attrs, "rows", v.rows, "batches", v.batches, "duration", time.Since(start))...)
	return nil
}

// batch runs fn in a transaction of its own (rolled back on a dry run)
// and adds its counts to the report only once the transaction has ended
// as it should: a failed batch counts nothing.
func (v *vacuum) batch(fn func(tx *gorm.DB, r *VacuumReport) error) error {
	if err := v.db.Statement.Context.Err(); err != nil {
		return err
	}
	start := time.Now()
	var r VacuumReport
	err := v.db.Transaction(func(tx *gorm.DB) error {
		if err := fn(tx, &r); err != nil {
			return err
		}
		if v.opts.DryRun {
			return errDryRun
		}
		return nil
	})
	if err != nil && !errors.Is(err, errDryRun) {
		return err
	}
	v.report.add(r)
	v.report.Batches++
	rows := r.rows()
	v.rows += rows
	v.batches++
	took := time.Since(start)
	v.log.Debug(MsgVacuumBatch, "phase", v.name, "rows", rows, "total", v.rows, "size", v.size, "duration", took)
	v.size = nextBatchSize(v.size, took, v.target)
	if v.opts.OnBatch != nil {
		v.opts.OnBatch(v.name, v.report)
	}
	return nil
}

// add adds the counts of o to r.
func (r *VacuumReport) add(o VacuumReport) {
	r.FlowRuns += o.FlowRuns
	r.SubflowRuns += o.SubflowRuns
	r.DetachedSubflowRuns += o.DetachedSubflowRuns
	r.FlowRunStates += o.FlowRunStates
	r.FlowRunInputs += o.FlowRunInputs
	r.TaskRuns += o.TaskRuns
	r.TaskRunStates += o.TaskRunStates
	r.Logs += o.Logs
	r.Artifacts += o.Artifacts
	r.ArtifactCollectionsRepointed += o.ArtifactCollectionsRepointed
	r.ArtifactCollectionsDeleted += o.ArtifactCollectionsDeleted
	r.Events += o.Events
	r.EventResources += o.EventResources
	r.OrphanLogs += o.OrphanLogs
	r.OrphanArtifacts += o.OrphanArtifacts
	r.TaskRunStateCaches += o.TaskRunStateCaches
}

// rows is the number of rows r deleted or updated.
func (r VacuumReport) rows() int64 {
	return r.FlowRuns + r.FlowRunStates + r.FlowRunInputs + r.TaskRuns + r.TaskRunStates + r.Logs + r.Artifacts +
		r.ArtifactCollectionsRepointed + r.ArtifactCollectionsDeleted + r.Events + r.EventResources +
		r.OrphanLogs + r.OrphanArtifacts + r.TaskRunStateCaches
}

// Tables returns the deleted rows per table name (artifact_collection
// counts deleted and re-pointed collections); tables with none are left
// out.
func (r VacuumReport) Tables() map[string]int64 {
	out := map[string]int64{}
	for table, n := range map[string]int64{
		"flow_run": r.FlowRuns, "flow_run_state": r.FlowRunStates, "flow_run_input": r.FlowRunInputs,
		"task_run": r.TaskRuns, "task_run_state": r.TaskRunStates, "log": r.Logs + r.OrphanLogs,
		"artifact": r.Artifacts + r.OrphanArtifacts, "artifact_collection": r.ArtifactCollectionsRepointed + r.ArtifactCollectionsDeleted,
		"events": r.Events, "event_resources": r.EventResources, "task_run_state_cache": r.TaskRunStateCaches,
	} {
		if n != 0 {
			out[table] = n
		}
	}
	return out
}

// mergeTies appends to a cursor page the rows of ties (the rows sharing
// the page's last cursor value) it does not hold yet.
func mergeTies[R interface{ rowID() models.UUID }](page, ties []R) []R {
	seen := make(map[models.UUID]bool, len(page))
	for _, r := range page {
		seen[r.rowID()] = true
	}
	for _, r := range ties {
		if !seen[r.rowID()] {
			page = append(page, r)
		}
	}
	return page
}

// chunks calls fn with ids in slices of at most vacuumChunk.
func chunks(ids []models.UUID, fn func([]models.UUID) error) error {
	for len(ids) > 0 {
		n := min(len(ids), vacuumChunk)
		if err := fn(ids[:n]); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

// execChunks runs query (one IN ? placeholder for the ids, after args)
// over ids in chunks and returns the rows affected.
func execChunks(tx *gorm.DB, query string, ids []models.UUID, args ...any) (int64, error) {
	var n int64
	err := chunks(ids, func(c []models.UUID) error {
		res := tx.Exec(query, append(append([]any{}, args...), c)...)
		n += res.RowsAffected
		return res.Error
	})
	return n, err
}

// existing returns the subset of ids present in table's id column.
func existing(tx *gorm.DB, table string, ids []models.UUID) (map[models.UUID]bool, error) {
	found := make(map[models.UUID]bool, len(ids))
	err := chunks(ids, func(c []models.UUID) error {
		var got []models.UUID
		if err := tx.Raw("SELECT id FROM "+table+" WHERE id IN ?", c).Scan(&got).Error; err != nil {
			return err
		}
		for _, id := range got {
			found[id] = true
		}
		return nil
	})
	return found, err
}

// nextBatchSize is the size of the batch after one of size candidates
// that took took: size scaled by target/took, within half and twice size
// and within 1 and MaxVacuumBatchSize; size itself for a negative target.
func nextBatchSize(size int, took, target time.Duration) int {
	if target < 0 {
		return size
	}
	next := 2 * size
	if took > 0 {
		next = int(min(float64(next), max(float64(size)/2, float64(size)*float64(target)/float64(took))))
	}
	return max(1, min(next, MaxVacuumBatchSize))
}
