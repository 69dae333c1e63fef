package hooks

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/prefectorm/prefectorm/internal/coltype"
	"github.com/prefectorm/prefectorm/internal/rowscan"
	"github.com/prefectorm/prefectorm/models"
)

const (
	stateBeforeCallback = "prefectorm:state_before_create"
	stateAfterCallback  = "prefectorm:state_after_create"
	// pendingRunsKey holds, in the statement's settings, the runs whose
	// bookkeeping the state insert changes, written after the insert.
	pendingRunsKey = "prefectorm:pending_runs"
)

// registerStateTransitions makes every insert into flow_run_state or
// task_run_state a state transition: before the insert the run is read and
// locked, the state gets its defaults and details and the run's bookkeeping
// is computed; after the insert the run points at the new state. Both run
// in the insert's transaction, so a failure changes nothing.
func registerStateTransitions(db *gorm.DB) error {
	create := db.Callback().Create()
	if err := create.Before("gorm:create").After(createCallback).Register(stateBeforeCallback, beforeStateCreate); err != nil {
		return fmt.Errorf("prefectorm: register %s: %w", stateBeforeCallback, err)
	}
	if err := create.After("gorm:create").Before("gorm:commit_or_rollback_transaction").Register(stateAfterCallback, afterStateCreate); err != nil {
		return fmt.Errorf("prefectorm: register %s: %w", stateAfterCallback, err)
	}
	return nil
}

// pendingRuns are the runs a statement's states move. A statement inserts
// into one table, so only one of the two is used.
type pendingRuns struct {
	flow   *lockedRuns[models.FlowRun]
	task   *lockedRuns[models.TaskRun]
	states []stateKey // the statement's states, in batch order
}

// lockedRuns are runs of one table, all read and locked at once before any
// state is applied, kept in id order.
type lockedRuns[R any] struct {
	column string   // the state's run column, for errors: flow_run_state.flow_run_id
	read   []string // the run columns the transition reads
	order  []models.UUID
	byID   map[models.UUID]*R
	before map[models.UUID]R // each run as read, to write only what changed
}

func newLockedRuns[R any](column string, read []string) *lockedRuns[R] {
	return &lockedRuns[R]{column: column, read: read, byID: map[models.UUID]*R{}, before: map[models.UUID]R{}}
}

// runBookkeepingColumns are the columns of Run a transition reads and may
// write, besides id and state_id.
var runBookkeepingColumns = []string{
	"state_type", "state_name", "state_timestamp", "run_count", "expected_start_time",
	"next_scheduled_start_time", "start_time", "end_time", "total_run_time",
}

// flowRunColumns and taskRunColumns are the columns a transition reads of
// its run: the bookkeeping, and what ApplyState takes from the run.
var (
	flowRunColumns = append([]string{"id", "state_id", "empirical_policy", "parent_task_run_id"}, runBookkeepingColumns...)
	taskRunColumns = append([]string{"id", "state_id", "flow_run_id", "flow_run_run_count"}, runBookkeepingColumns...)
)

// lock reads and locks the runs with ids in one statement, SELECT … WHERE id
// IN (…) ORDER BY id FOR UPDATE (only the columns the transition uses), so that every transaction takes its run
// locks in the same global order (ascending id) whatever the order of its
// batch: two batches over the same runs wait for each other instead of
// deadlocking. id of each run is read by idOf.
func (l *lockedRuns[R]) lock(tx *gorm.DB, ids []models.UUID, idOf func(*R) models.UUID) error {
	if len(ids) == 0 {
		return nil
	}
	slices.SortFunc(ids, func(a, b models.UUID) int { return strings.Compare(a.String(), b.String()) })
	ids = slices.Compact(ids)
	q := tx.Model(new(R)).Select(l.read).Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate}).
		Where("id IN ?", ids).Order("id")
	runs, err := readRuns[R](q, l.read)
	if err != nil {
		return fmt.Errorf("prefectorm: %s: read and lock runs %s: %w", l.column, describeIDs(ids), err)
	}
	for _, run := range runs {
		id := idOf(run)
		l.byID[id] = run
		l.before[id] = *run
		l.order = append(l.order, id)
	}
	for _, id := range ids {
		if _, ok := l.byID[id]; !ok {
			return fmt.Errorf("prefectorm: %s: no run with id %s", l.column, id)
		}
	}
	return nil
}

// runScan is how a run table's transition columns scan.
type runScan struct {
	columns []string
	scan    rowscan.Columns
}

// runScans caches the runScan of each run schema. Schemas live in GORM's
// schema caches for the life of the process, and so do their entries here.
var runScans sync.Map // *gorm.io/gorm/schema.Schema -> runScan

// readRuns runs q, a SELECT of columns of R's table, and returns its rows:
// scanned straight into each run's fields when they allow it, through
// GORM's Find otherwise.
func readRuns[R any](q *gorm.DB, columns []string) ([]*R, error) {
	stmt := &gorm.Statement{DB: q}
	if err := stmt.Parse(new(R)); err != nil {
		return nil, err
	}
	v, ok := runScans.Load(stmt.Schema)
	if !ok || !slices.Equal(v.(runScan).columns, columns) {
		cols, err := rowscan.Of(stmt.Schema, columns)
		if err != nil {
			return nil, err
		}
		v = runScan{columns: columns, scan: cols}
		runScans.Store(stmt.Schema, v)
	}
	var runs []*R
	cols := v.(runScan).scan
	if !cols.Direct {
		err := q.Find(&runs).Error
		return runs, err
	}
	rows, err := q.Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		run := new(R)
		if err := cols.Scan(q.Statement.Context, rows, reflect.ValueOf(run).Elem()); err != nil {
			return nil, err
		}
		runs = append(runs, run)
	}
	return runs, rows.Err()
}

// get returns the locked run with id.
func (l *lockedRuns[R]) get(id models.UUID) (*R, error) {
	if run, ok := l.byID[id]; ok {
		return run, nil
	}
	return nil, fmt.Errorf("prefectorm: %s: no run with id %s", l.column, id)
}

// describeIDs lists a few run ids for an error message.
func describeIDs(ids []models.UUID) string {
	const most = 3
	parts := make([]string, 0, most)
	for i, id := range ids {
		if i == most {
			return strings.Join(parts, ", ") + fmt.Sprintf(" and %d more", len(ids)-most)
		}
		parts = append(parts, id.String())
	}
	return strings.Join(parts, ", ")
}

// beforeStateCreate locks every run the statement's states belong to, in id
// order, and only then takes the application clock for the states without
// a timestamp: a writer that waited for the lock stamps its state after the
// state of the writer it waited for, never before it. Each state is then
// checked against its run (not older than the run's current state, not at
// its timestamp) and applied, in batch order. A state at the timestamp of
// another of the run's states is refused by the unique index on (run id,
// timestamp), whose violation afterStateCreate turns into the same message.
// The INSERT is sent without RETURNING: every column it would read back
// (id, created, updated, timestamp, state_details) has just been set.
func beforeStateCreate(db *gorm.DB) {
	s := db.Statement.Schema
	if db.Error != nil || s == nil || (s.Table != "flow_run_state" && s.Table != "task_run_state") {
		return
	}
	if _, inTx := db.Statement.ConnPool.(gorm.TxCommitter); !inTx {
		_ = db.AddError(fmt.Errorf("prefectorm: %s insert must run in a transaction (SkipDefaultTransaction is set); wrap it in db.Transaction", s.Table))
		return
	}
	tx := db.Session(&gorm.Session{NewDB: true, Context: db.Statement.Context})
	pending := &pendingRuns{
		flow: newLockedRuns[models.FlowRun]("flow_run_state.flow_run_id", flowRunColumns),
		task: newLockedRuns[models.TaskRun]("task_run_state.task_run_id", taskRunColumns),
	}
	var flowIDs, taskIDs []models.UUID
	eachRow(db, func(row reflect.Value) {
		switch state := row.Addr().Interface().(type) {
		case *models.FlowRunState:
			flowIDs = append(flowIDs, state.FlowRunID)
		case *models.TaskRunState:
			taskIDs = append(taskIDs, state.TaskRunID)
		}
	})
	if err := pending.flow.lock(tx, flowIDs, func(r *models.FlowRun) models.UUID { return r.ID }); err != nil {
		_ = db.AddError(err)
		return
	}
	if err := pending.task.lock(tx, taskIDs, func(r *models.TaskRun) models.UUID { return r.ID }); err != nil {
		_ = db.AddError(err)
		return
	}
	ts := now(db) // after the locks: see above
	eachRow(db, func(row reflect.Value) {
		if db.Error != nil {
			return
		}
		var err error
		switch state := row.Addr().Interface().(type) {
		case *models.FlowRunState:
			fillState(&state.Timestamp, &state.Name, state.Type, ts)
			pending.states = append(pending.states, stateKey{state.FlowRunID, state.Timestamp})
			err = moveFlowRun(tx, pending, state)
		case *models.TaskRunState:
			fillState(&state.Timestamp, &state.Name, state.Type, ts)
			pending.states = append(pending.states, stateKey{state.TaskRunID, state.Timestamp})
			err = moveTaskRun(tx, pending, state)
		}
		if err != nil {
			_ = db.AddError(err)
		}
	})
	db.Statement.Settings.Store(pendingRunsKey, pending)
	if db.Error == nil && returningKnown(db) {
		db.Statement.Settings.Store(models.SkipReturningSetting, true)
	}
}

// stateKey is a state's run and timestamp, for the duplicate message.
type stateKey struct {
	run models.UUID
	ts  models.Timestamp
}

// afterStateCreate writes, after the state insert, the bookkeeping of every
// run the statement moved: only the columns that changed (and updated).
func afterStateCreate(db *gorm.DB) {
	value, ok := db.Statement.Settings.LoadAndDelete(pendingRunsKey)
	if !ok {
		return
	}
	pending := value.(*pendingRuns)
	if db.Error != nil {
		nameDuplicateTimestamp(db, pending)
		return
	}
	tx := db.Session(&gorm.Session{NewDB: true, Context: db.Statement.Context})
	for _, id := range pending.flow.order {
		before, run := pending.flow.before[id], pending.flow.byID[id]
		cols := runChanges(before.Run, run.Run, before.StateID, run.StateID)
		if before.EmpiricalPolicy.V.Resuming != run.EmpiricalPolicy.V.Resuming {
			cols["empirical_policy"] = run.EmpiricalPolicy
		}
		if err := saveRunBookkeeping(tx, &models.FlowRun{}, id, cols); err != nil {
			_ = db.AddError(err)
			return
		}
	}
	for _, id := range pending.task.order {
		before, run := pending.task.before[id], pending.task.byID[id]
		cols := runChanges(before.Run, run.Run, before.StateID, run.StateID)
		if before.FlowRunRunCount != run.FlowRunRunCount {
			cols["flow_run_run_count"] = run.FlowRunRunCount
		}
		if err := saveRunBookkeeping(tx, &models.TaskRun{}, id, cols); err != nil {
			_ = db.AddError(err)
			return
		}
	}
}

// stateUniqueIndexes names, per state table, what the violation of its
// unique index on (run id, timestamp) says on each dialect: PostgreSQL
// names the index, SQLite its columns.
var stateUniqueIndexes = map[string][]string{
	"flow_run_state": {"uq_flow_run_state__flow_run_id_timestamp_desc", "flow_run_state.flow_run_id, flow_run_state.timestamp"},
	"task_run_state": {"uq_task_run_state__task_run_id_timestamp_desc", "task_run_state.task_run_id, task_run_state.timestamp"},
}

// nameDuplicateTimestamp turns a violation of the state table's unique
// index on (run id, timestamp) into the message naming the run and the
// timestamp (the violation stays reachable with errors.Is, as
// gorm.ErrDuplicatedKey). In a batch the state is the first whose run the
// database's message names (PostgreSQL quotes the key), else the first.
func nameDuplicateTimestamp(db *gorm.DB, pending *pendingRuns) {
	table := db.Statement.Schema.Table
	if !errors.Is(db.Error, gorm.ErrDuplicatedKey) || len(pending.states) == 0 {
		return
	}
	text := db.Error.Error()
	if !slices.ContainsFunc(stateUniqueIndexes[table], func(s string) bool { return strings.Contains(text, s) }) {
		return
	}
	key := pending.states[0]
	for _, k := range pending.states {
		if strings.Contains(text, k.run.String()) {
			key = k
			break
		}
	}
	db.Error = fmt.Errorf("%w (%w)", duplicateTimestampError(table, key.run, key.ts), db.Error)
}

// duplicateTimestampError refuses a second state of one run at the same
// timestamp, which the unique index on (run id, timestamp) forbids.
func duplicateTimestampError(table string, runID models.UUID, ts models.Timestamp) error {
	return fmt.Errorf("prefectorm: %s.timestamp: run %s already has a state at %s; state timestamps of one run must differ",
		table, runID, coltype.SQLiteTime(ts.Time))
}

// fillState gives a state its defaults: the application clock as its
// timestamp and its type's title-cased name ("Running") as its name.
func fillState(ts *models.Timestamp, name *string, typ models.StateType, now models.Timestamp) {
	if ts.IsZero() {
		*ts = now
	}
	if *name == "" && typ != "" {
		*name = strings.ToUpper(string(typ[:1])) + strings.ToLower(string(typ[1:]))
	}
}

func moveFlowRun(_ *gorm.DB, pending *pendingRuns, state *models.FlowRunState) error {
	run, err := pending.flow.get(state.FlowRunID)
	if err != nil {
		return err
	}
	if err := checkTimeOrder("flow_run_state", "flow run", run.ID, run.Run, state.Type, state.Timestamp); err != nil {
		return err
	}
	run.ApplyState(state)
	return nil
}

func moveTaskRun(tx *gorm.DB, pending *pendingRuns, state *models.TaskRunState) error {
	run, err := pending.task.get(state.TaskRunID)
	if err != nil {
		return err
	}
	if err := checkTimeOrder("task_run_state", "task run", run.ID, run.Run, state.Type, state.Timestamp); err != nil {
		return err
	}
	flowRunCount := 0
	if state.Type == models.StateRunning && run.FlowRunID != nil {
		if err := tx.Model(&models.FlowRun{}).Where("id = ?", *run.FlowRunID).
			Pluck("run_count", &flowRunCount).Error; err != nil {
			return fmt.Errorf("prefectorm: read run_count of flow run %s: %w", *run.FlowRunID, err)
		}
	}
	run.ApplyState(state, flowRunCount)
	return nil
}

// checkTimeOrder refuses a state older than the run's current state, or at
// its timestamp. A run's states are applied in time order: a state stamped
// before the one the run points at (a back-filled or out-of-order state)
// would leave the run pointing at an older state and shrink total_run_time,
// or put end_time before start_time, so it is an error naming the run, both
// timestamps and the states. A state at the current state's timestamp
// would break the unique index on (run id, timestamp): it is refused here
// (also between the states of one batch), without asking the database. A
// state without a timestamp is stamped after the run is locked and so is
// only refused when the run's current state lies in the application
// clock's future.
func checkTimeOrder(table, kind string, runID models.UUID, run models.Run, typ models.StateType, ts models.Timestamp) error {
	if run.StateTimestamp == nil || ts.After(run.StateTimestamp.Time) {
		return nil
	}
	if ts.Equal(run.StateTimestamp.Time) {
		return duplicateTimestampError(table, runID, ts)
	}
	current := "a state"
	if run.StateType != nil {
		current = string(*run.StateType)
	}
	return fmt.Errorf("prefectorm: %s.timestamp: %s state at %s is older than %s %s's current %s state at %s; states of a run must be added in time order",
		table, typ, coltype.SQLiteTime(ts.Time), kind, runID, current, coltype.SQLiteTime(run.StateTimestamp.Time))
}

// runChanges returns the bookkeeping columns of a run that a transition
// changed, with their new values.
func runChanges(before, after models.Run, beforeState, afterState *models.UUID) map[string]any {
	cols := make(map[string]any, 8)
	if !equalPtr(beforeState, afterState) {
		cols["state_id"] = nullable(afterState)
	}
	if !equalPtr(before.StateType, after.StateType) {
		cols["state_type"] = nullable(after.StateType)
	}
	if !equalPtr(before.StateName, after.StateName) {
		cols["state_name"] = nullable(after.StateName)
	}
	for _, c := range []struct {
		column        string
		before, after *models.Timestamp
	}{
		{"state_timestamp", before.StateTimestamp, after.StateTimestamp},
		{"start_time", before.StartTime, after.StartTime},
		{"end_time", before.EndTime, after.EndTime},
		{"expected_start_time", before.ExpectedStartTime, after.ExpectedStartTime},
		{"next_scheduled_start_time", before.NextScheduledStartTime, after.NextScheduledStartTime},
	} {
		if !equalTimestamps(c.before, c.after) {
			cols[c.column] = nullable(c.after)
		}
	}
	if before.RunCount != after.RunCount {
		cols["run_count"] = after.RunCount
	}
	if before.TotalRunTime != after.TotalRunTime {
		cols["total_run_time"] = after.TotalRunTime
	}
	return cols
}

// equalPtr reports whether a and b are both nil or point to equal values.
func equalPtr[T comparable](a, b *T) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// equalTimestamps reports whether a and b are both nil or the same instant.
func equalTimestamps(a, b *models.Timestamp) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(b.Time)
}

// saveRunBookkeeping writes the changed columns of a run (state_id always
// changes).
func saveRunBookkeeping(tx *gorm.DB, model any, id models.UUID, cols map[string]any) error {
	if err := tx.Model(model).Where("id = ?", id).Updates(cols).Error; err != nil {
		return fmt.Errorf("prefectorm: point run %s at its new state: %w", id, err)
	}
	return nil
}

// nullable returns the value p points to, or nil (SQL NULL).
func nullable[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}
