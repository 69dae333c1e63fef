package dialects_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/dialects"
	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/models"
)

// Times of the retention fixture: runs and events end or occur around
// vacuumOld (before vacuumCutoff) or vacuumYoung (after it).
var (
	vacuumOld    = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	vacuumCutoff = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	vacuumYoung  = time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)
)

// vacuumFixture writes rows with deterministic ids, so two databases
// built by it can be compared row by row.
type vacuumFixture struct {
	t    *testing.T
	db   *gorm.DB
	next int
	flow models.UUID
}

func (f *vacuumFixture) id() models.UUID {
	f.next++
	return models.MustParseUUID(fmt.Sprintf("00000000-0000-4000-8000-%012x", f.next))
}

func (f *vacuumFixture) create(row any) {
	f.t.Helper()
	if err := f.db.Create(row).Error; err != nil {
		f.t.Fatalf("create %T: %v", row, err)
	}
}

// flowRun creates a flow run (a subflow run of parent when not nil) that
// goes PENDING, RUNNING and then to final at "at" plus a few seconds; a
// final of RUNNING or SCHEDULED stops there.
func (f *vacuumFixture) flowRun(at time.Time, final models.StateType, parent *models.UUID) models.UUID {
	f.t.Helper()
	run := models.FlowRun{Base: models.Base{ID: f.id()}, FlowID: f.flow, ParentTaskRunID: parent}
	f.create(&run)
	types := []models.StateType{models.StatePending, models.StateRunning, final}
	switch final {
	case models.StateScheduled:
		types = []models.StateType{models.StateScheduled}
	case models.StateRunning:
		types = types[:2]
	}
	for i, typ := range types {
		f.create(&models.FlowRunState{Base: models.Base{ID: f.id()}, FlowRunID: run.ID, Type: typ, Timestamp: models.NewTimestamp(at.Add(time.Duration(i) * time.Second))})
	}
	return run.ID
}

// taskRun creates a completed task run of run and returns it and the id
// of its COMPLETED state.
func (f *vacuumFixture) taskRun(run *models.UUID, at time.Time) (task, completed models.UUID) {
	f.t.Helper()
	tr := models.TaskRun{Base: models.Base{ID: f.id()}, FlowRunID: run, TaskKey: "task", DynamicKey: fmt.Sprint(f.next)}
	f.create(&tr)
	for i, typ := range []models.StateType{models.StateRunning, models.StateCompleted} {
		s := models.TaskRunState{Base: models.Base{ID: f.id()}, TaskRunID: tr.ID, Type: typ, Timestamp: models.NewTimestamp(at.Add(time.Duration(i) * time.Second))}
		f.create(&s)
		completed = s.ID
	}
	return tr.ID, completed
}

func (f *vacuumFixture) log(run, task *models.UUID) models.UUID {
	l := models.Log{Base: models.Base{ID: f.id()}, Name: "prefect", Level: 20, FlowRunID: run, TaskRunID: task, Message: "hello"}
	f.create(&l)
	return l.ID
}

func (f *vacuumFixture) artifact(run *models.UUID, key string) models.UUID {
	f.t.Helper()
	markdown := "markdown"
	a := models.Artifact{Base: models.Base{ID: f.id()}, FlowRunID: run, Key: &key, Type: &markdown}
	if err := dialects.CreateArtifact(context.Background(), f.db, &a); err != nil {
		f.t.Fatal(err)
	}
	return a.ID
}

func (f *vacuumFixture) event(name string, at time.Time, resources int) models.UUID {
	e := models.Event{Base: models.Base{ID: f.id()}, Occurred: models.NewTimestamp(at), Event: name, ResourceID: "prefect.flow-run.x",
		Resource: models.NewJSON(map[string]string{"prefect.resource.id": "prefect.flow-run.x"}), Payload: models.NewJSON(map[string]any{}),
		Received: models.NewTimestamp(at), Recorded: models.NewTimestamp(at)}
	f.create(&e)
	for range resources {
		f.eventResource(e.ID, at)
	}
	return e.ID
}

func (f *vacuumFixture) eventResource(event models.UUID, at time.Time) {
	f.create(&models.EventResource{Base: models.Base{ID: f.id()}, Occurred: models.NewTimestamp(at), ResourceID: "prefect.flow.y",
		Resource: models.NewPlainJSON(map[string]string{}), EventID: event})
}

// vacuumExpect lists what must survive a pass over the fixture.
type vacuumExpect struct {
	flowRuns, detached, taskRuns, logs, artifacts, events, eventResources, caches []models.UUID
	collections                                                                   map[string]models.UUID // key → latest_id
}

// buildVacuumFixture writes a workspace with every case the retention pass
// must tell apart and returns what must be left.
func buildVacuumFixture(t *testing.T, db *gorm.DB) vacuumExpect {
	t.Helper()
	f := &vacuumFixture{t: t, db: db}
	flow := models.Flow{Base: models.Base{ID: f.id()}, Name: "etl"}
	f.create(&flow)
	f.flow = flow.ID
	var want vacuumExpect
	old := func(k int) time.Time { return vacuumOld.Add(time.Duration(k) * time.Hour) }

	// The young run, created first so that its "k-back" artifact is older
	// than the old run's.
	y := f.flowRun(vacuumYoung, models.StateCompleted, nil)
	yTask, yCompleted := f.taskRun(&y, vacuumYoung)
	yArt := f.artifact(&y, "k-back")
	yStale := f.artifact(&y, "k-stale")
	f.create(&models.FlowRunInput{Base: models.Base{ID: f.id()}, FlowRunID: y, Key: "in", Value: `"v"`})
	want.logs = append(want.logs, f.log(&y, nil), f.log(&y, &yTask))
	yCache := models.TaskRunStateCache{Base: models.Base{ID: f.id()}, CacheKey: "young", TaskRunStateID: yCompleted}
	f.create(&yCache)

	// The old run A with two task runs, an input, logs, artifacts, a cache
	// entry, and three subflow runs: S1 old (with its own old subflow
	// S1a), S2 young, S3 still running.
	a := f.flowRun(old(0), models.StateCompleted, nil)
	a1, a1Completed := f.taskRun(&a, old(0))
	a2, _ := f.taskRun(&a, old(0))
	f.create(&models.FlowRunInput{Base: models.Base{ID: f.id()}, FlowRunID: a, Key: "in", Value: `"v"`})
	f.log(&a, nil)
	f.log(&a, &a1)
	f.artifact(&a, "k-gone")
	f.artifact(&a, "k-back")
	f.create(&models.TaskRunStateCache{Base: models.Base{ID: f.id()}, CacheKey: "old", TaskRunStateID: a1Completed})
	s1 := f.flowRun(old(-1), models.StateCompleted, &a1)
	s1t, _ := f.taskRun(&s1, old(-1))
	f.log(&s1, &s1t)
	f.artifact(&s1, "k-sub")
	f.flowRun(old(-2), models.StateFailed, &s1t)
	s2 := f.flowRun(vacuumYoung, models.StateCompleted, &a2)
	s3 := f.flowRun(old(1), models.StateRunning, &a2)
	want.detached = []models.UUID{s2, s3}

	// Old runs in the other terminal states go; old runs that are not
	// terminal stay, as does an old subflow run of a young parent.
	for k, typ := range []models.StateType{models.StateFailed, models.StateCancelled, models.StateCrashed} {
		r := f.flowRun(old(10+k), typ, nil)
		f.log(&r, nil)
	}
	scheduled := f.flowRun(old(20), models.StateScheduled, nil)
	running := f.flowRun(old(21), models.StateRunning, nil)
	// An old run whose end_time stayed when it left its terminal state.
	rerun := f.flowRun(old(22), models.StateCompleted, nil)
	if err := db.Model(&models.FlowRun{}).Where("id = ?", rerun).UpdateColumn("state_type", models.StateRunning).Error; err != nil {
		t.Fatal(err)
	}
	q := f.flowRun(vacuumYoung, models.StateRunning, nil)
	qTask, _ := f.taskRun(&q, vacuumYoung)
	q1 := f.flowRun(old(23), models.StateCompleted, &qTask)
	// A task run without a flow run (an autonomous task).
	auto, _ := f.taskRun(nil, old(24))
	want.flowRuns = []models.UUID{y, s2, s3, scheduled, running, rerun, q, q1}
	want.taskRuns = []models.UUID{yTask, qTask, auto}

	// Orphans: a log and a keyed artifact of a run that is gone, a
	// collection whose latest artifact is gone (its key has another
	// artifact), a cache entry whose state is gone. A log of no run stays.
	gone := f.id()
	f.log(&gone, nil)
	f.artifact(&gone, "k-orphan")
	want.logs = append(want.logs, f.log(nil, nil))
	if err := db.Model(&models.ArtifactCollection{}).Where("key = ?", "k-stale").UpdateColumn("latest_id", f.id()).Error; err != nil {
		t.Fatal(err)
	}
	f.create(&models.TaskRunStateCache{Base: models.Base{ID: f.id()}, CacheKey: "gone", TaskRunStateID: f.id()})
	want.artifacts = []models.UUID{yArt, yStale}
	want.collections = map[string]models.UUID{"k-back": yArt, "k-stale": yStale}
	want.caches = []models.UUID{yCache.ID}

	// Events: old ones go with their resources, as does an old resource of
	// no event and a young heartbeat (its own, shorter retention).
	f.event("prefect.flow-run.Completed", old(0), 2)
	f.event("prefect.flow-run.Completed", old(0), 1) // same occurred: a tie
	f.eventResource(f.id(), old(1))
	keep := f.event("prefect.flow-run.Completed", vacuumYoung, 0)
	f.eventResource(keep, vacuumYoung)
	f.event("prefect.flow-run.heartbeat", vacuumYoung, 1)
	want.events = []models.UUID{keep}
	var kept []models.UUID
	if err := db.Raw("SELECT id FROM event_resources WHERE event_id = ?", keep).Scan(&kept).Error; err != nil {
		t.Fatal(err)
	}
	want.eventResources = kept
	return want
}

// vacuumOptions is the pass the tests run: batches of a fixed size, so a
// pass over the small fixture runs many of them.
func vacuumOptions(batch int) dialects.VacuumOptions {
	return dialects.VacuumOptions{
		FlowRunsBefore:   vacuumCutoff,
		EventsBefore:     vacuumCutoff,
		EventTypesBefore: map[string]time.Time{"prefect.flow-run.heartbeat": vacuumYoung.Add(time.Hour)},
		BatchSize:        batch,
		BatchDuration:    -1,
		Logger:           slog.New(slog.DiscardHandler),
	}
}

// vacuumSizings are the batch sizings TestVacuum runs its pass with: a
// fixed size, sizes shrinking to one (every batch over its duration) and
// sizes growing from one (every batch under it).
var vacuumSizings = []struct {
	name string
	set  func(*dialects.VacuumOptions)
	// sizes are the sizes of the flow-run phase's first batches.
	sizes []int64
}{
	{"fixed", func(*dialects.VacuumOptions) {}, []int64{2, 2, 2, 2}},
	{"shrinking", func(o *dialects.VacuumOptions) { o.BatchSize, o.BatchDuration = 4, time.Nanosecond }, []int64{4, 2, 1, 1}},
	{"growing", func(o *dialects.VacuumOptions) { o.BatchSize, o.BatchDuration = 1, time.Hour }, []int64{1, 2, 4}},
}

// batchSizes is a slog.Handler that records the size of each batch of the
// flow-run phase (MsgVacuumBatch at Debug).
type batchSizes struct{ sizes *[]int64 }

func (batchSizes) Enabled(context.Context, slog.Level) bool { return true }
func (h batchSizes) WithAttrs([]slog.Attr) slog.Handler     { return h }
func (h batchSizes) WithGroup(string) slog.Handler          { return h }
func (h batchSizes) Handle(_ context.Context, r slog.Record) error {
	if r.Message != dialects.MsgVacuumBatch {
		return nil
	}
	var phase string
	var size int64
	r.Attrs(func(a slog.Attr) bool {
		switch a.Key {
		case "phase":
			phase = a.Value.String()
		case "size":
			size = a.Value.Int64()
		}
		return true
	})
	if phase == dialects.PhaseFlowRuns {
		*h.sizes = append(*h.sizes, size)
	}
	return nil
}

// ids reads a query's single column, sorted.
func ids(t *testing.T, db *gorm.DB, query string) []string {
	t.Helper()
	var out []string
	if err := db.Raw(query).Scan(&out).Error; err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	slices.Sort(out)
	return out
}

func strs(u []models.UUID) []string {
	out := make([]string, len(u))
	for i, id := range u {
		out[i] = id.String()
	}
	slices.Sort(out)
	return out
}

// vacuumSnapshot reads every row id (and the references a pass changes)
// of the tables a pass touches.
func vacuumSnapshot(t *testing.T, db *gorm.DB) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, table := range []string{"flow_run", "flow_run_state", "flow_run_input", "task_run", "task_run_state", "log", "artifact", "task_run_state_cache", "events", "event_resources"} {
		out[table] = ids(t, db, "SELECT id FROM "+table)
	}
	out["flow_run.parent_task_run_id"] = ids(t, db, "SELECT id || ':' || coalesce(parent_task_run_id || '', '-') FROM flow_run")
	out["artifact_collection"] = ids(t, db, "SELECT key || ':' || latest_id FROM artifact_collection")
	return out
}

// checkNoOrphans asserts that no row references a run, state or artifact
// that is gone, and that nothing old is left that a pass deletes.
func checkNoOrphans(t *testing.T, db *gorm.DB) {
	t.Helper()
	for name, query := range map[string]string{
		"logs of no run":         "SELECT count(*) FROM log l WHERE l.flow_run_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM flow_run r WHERE r.id = l.flow_run_id)",
		"artifacts of no run":    "SELECT count(*) FROM artifact a WHERE a.flow_run_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM flow_run r WHERE r.id = a.flow_run_id)",
		"stale collections":      "SELECT count(*) FROM artifact_collection c WHERE NOT EXISTS (SELECT 1 FROM artifact a WHERE a.id = c.latest_id)",
		"cache of no state":      "SELECT count(*) FROM task_run_state_cache c WHERE NOT EXISTS (SELECT 1 FROM task_run_state s WHERE s.id = c.task_run_state_id)",
		"resources of no event":  "SELECT count(*) FROM event_resources r WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.id = r.event_id)",
		"subflows of no task":    "SELECT count(*) FROM flow_run f WHERE f.parent_task_run_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM task_run t WHERE t.id = f.parent_task_run_id)",
		"old top-level terminal": fmt.Sprintf("SELECT count(*) FROM flow_run WHERE parent_task_run_id IS NULL AND state_type IN ('COMPLETED','FAILED','CANCELLED','CRASHED') AND end_time < '%s'", vacuumCutoff.Format("2006-01-02")),
	} {
		var n int64
		if err := db.Raw(query).Scan(&n).Error; err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if n != 0 {
			t.Errorf("%s: %d rows", name, n)
		}
	}
}

// TestVacuum runs a pass over the fixture and reads back what is left:
// exactly the young, non-terminal and unrelated rows, subflow runs of a
// deleted run that are kept are now top-level, and nothing is orphaned. A
// dry run before reports the same counts and changes nothing; a second
// pass deletes nothing. It runs with batches of a fixed size and with
// sizes adapting to BatchDuration, down and up.
func TestVacuum(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		for _, sizing := range vacuumSizings {
			t.Run(sizing.name, func(t *testing.T) {
				opts := vacuumOptions(2)
				sizing.set(&opts)
				var sizes []int64
				opts.Logger = slog.New(batchSizes{&sizes})
				testVacuum(t, dbtest.New(t, db.Dialect.Name()), opts)
				// The dry run's flow-run batches come first.
				if len(sizes) < len(sizing.sizes) || !slices.Equal(sizes[:len(sizing.sizes)], sizing.sizes) {
					t.Errorf("flow-run batch sizes %v, want %v first", sizes, sizing.sizes)
				}
			})
		}
	})
}

// testVacuum is TestVacuum with one batch sizing.
func testVacuum(t *testing.T, db dbtest.DB, opts dialects.VacuumOptions) {
	ctx := context.Background()
	want := buildVacuumFixture(t, db.DB)
	before := vacuumSnapshot(t, db.DB)

	dryOpts := opts
	dryOpts.DryRun = true
	dry, err := dialects.Vacuum(ctx, db.DB, dryOpts)
	if err != nil {
		t.Fatal(err)
	}
	if got := vacuumSnapshot(t, db.DB); !equalSnapshots(t, "after a dry run", got, before) {
		t.Fatal("the dry run changed the database")
	}

	report, err := dialects.Vacuum(ctx, db.DB, opts)
	if err != nil {
		t.Fatal(err)
	}
	wantReport := dialects.VacuumReport{
		FlowRuns: 6, SubflowRuns: 2, DetachedSubflowRuns: 2,
		FlowRunStates: 18, FlowRunInputs: 1, TaskRuns: 3, TaskRunStates: 6,
		Logs: 6, Artifacts: 3, ArtifactCollectionsRepointed: 2, ArtifactCollectionsDeleted: 3,
		Events: 3, EventResources: 5, OrphanLogs: 1, OrphanArtifacts: 1, TaskRunStateCaches: 2,
	}
	report.Batches, dry.Batches = 0, 0
	if report != wantReport {
		t.Errorf("report:\n got %+v\nwant %+v", report, wantReport)
	}
	// A dry run cannot see the cache entries of the task-run states
	// it would delete (the orphan phase finds them after a real pass).
	dry.DryRun, dry.TaskRunStateCaches = false, dry.TaskRunStateCaches+1
	if dry != report {
		t.Errorf("dry run report:\n got %+v\nwant %+v", dry, report)
	}

	got := vacuumSnapshot(t, db.DB)
	for _, c := range []struct {
		table string
		want  []models.UUID
	}{
		{"flow_run", want.flowRuns}, {"task_run", want.taskRuns}, {"log", want.logs}, {"artifact", want.artifacts},
		{"events", want.events}, {"event_resources", want.eventResources}, {"task_run_state_cache", want.caches},
	} {
		if !slices.Equal(got[c.table], strs(c.want)) {
			t.Errorf("%s left:\n got %v\nwant %v", c.table, got[c.table], strs(c.want))
		}
	}
	var collections []string
	for key, latest := range want.collections {
		collections = append(collections, key+":"+latest.String())
	}
	slices.Sort(collections)
	if !slices.Equal(got["artifact_collection"], collections) {
		t.Errorf("artifact_collection: got %v, want %v", got["artifact_collection"], collections)
	}
	var detached int64
	if err := db.Raw("SELECT count(*) FROM flow_run WHERE id IN ? AND parent_task_run_id IS NULL", want.detached).Scan(&detached).Error; err != nil {
		t.Fatal(err)
	}
	if detached != int64(len(want.detached)) {
		t.Errorf("%d of the %d kept subflow runs of deleted runs are top-level, want all", detached, len(want.detached))
	}
	checkNoOrphans(t, db.DB)

	again, err := dialects.Vacuum(ctx, db.DB, opts)
	if err != nil {
		t.Fatal(err)
	}
	if rows := again.Tables(); len(rows) != 0 {
		t.Errorf("second pass deleted %v", rows)
	}
}

func equalSnapshots(t *testing.T, what string, got, want map[string][]string) bool {
	t.Helper()
	ok := true
	for table, w := range want {
		if !slices.Equal(got[table], w) {
			t.Errorf("%s: %s:\n got %v\nwant %v", what, table, got[table], w)
			ok = false
		}
	}
	return ok
}

// TestVacuumResumesAfterInterruption cancels a pass inside a batch (after
// its k-th statement, for several k spread over the whole pass), runs a
// pass again, and compares the database with one an uninterrupted pass
// left: the same rows in every table.
func TestVacuumResumesAfterInterruption(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		ctx := context.Background()
		buildVacuumFixture(t, db.DB)
		var statements int
		countStatements(t, db.DB, func() { statements++ })
		if _, err := dialects.Vacuum(ctx, db.DB, vacuumOptions(2)); err != nil {
			t.Fatal(err)
		}
		want := vacuumSnapshot(t, db.DB)
		if statements < 20 {
			t.Fatalf("an uninterrupted pass ran %d statements; want a pass of many batches", statements)
		}
		for _, k := range []int{1, 2, statements / 5, statements / 3, statements / 2, statements - 3, statements - 1} {
			t.Run(fmt.Sprint("after_statement_", k), func(t *testing.T) {
				other := dbtest.New(t, db.Dialect.Name())
				buildVacuumFixture(t, other.DB)
				before := vacuumSnapshot(t, other.DB)
				cctx, cancel := context.WithCancel(ctx)
				defer cancel()
				n := 0
				countStatements(t, other.DB, func() {
					if n++; n == k {
						cancel()
					}
				})
				_, err := dialects.Vacuum(cctx, other.DB, vacuumOptions(2))
				if !errors.Is(err, context.Canceled) {
					t.Fatalf("interrupted pass: error %v, want context.Canceled", err)
				}
				mid := vacuumSnapshot(t, other.DB)
				if k >= statements/2 && equalSnapshotsQuiet(mid, before) {
					t.Errorf("the pass interrupted after statement %d had committed nothing", k)
				}
				if _, err := dialects.Vacuum(ctx, other.DB, vacuumOptions(2)); err != nil {
					t.Fatal(err)
				}
				equalSnapshots(t, "resumed pass", vacuumSnapshot(t, other.DB), want)
			})
		}
	})
}

func equalSnapshotsQuiet(a, b map[string][]string) bool {
	for table := range b {
		if !slices.Equal(a[table], b[table]) {
			return false
		}
	}
	return true
}

// countStatements calls fn after every statement Exec runs on db (the
// deletes and updates of a pass).
func countStatements(t *testing.T, db *gorm.DB, fn func()) {
	t.Helper()
	name := "vacuumtest:count:" + strings.ReplaceAll(t.Name(), "/", ":")
	if err := db.Callback().Raw().After("gorm:raw").Register(name, func(*gorm.DB) { fn() }); err != nil {
		t.Fatal(err)
	}
}

// TestNextBatchSize checks how BatchDuration sizes the next batch.
func TestNextBatchSize(t *testing.T) {
	for _, c := range []struct {
		size       int
		took, want time.Duration
		next       int
	}{
		{500, 125 * time.Millisecond, 250 * time.Millisecond, 1000},
		{500, 100 * time.Millisecond, 250 * time.Millisecond, 1000}, // at most twice
		{500, 0, 250 * time.Millisecond, 1000},
		{500, 500 * time.Millisecond, 250 * time.Millisecond, 250},
		{500, 5 * time.Second, 250 * time.Millisecond, 250}, // at least half
		{500, 200 * time.Millisecond, 250 * time.Millisecond, 625},
		{1, time.Second, time.Millisecond, 1},
		{15_000, time.Millisecond, time.Second, dialects.MaxVacuumBatchSize},
		{500, time.Second, -1, 500}, // fixed
	} {
		if got := dialects.NextBatchSize(c.size, c.took, c.want); got != c.next {
			t.Errorf("NextBatchSize(%d, %s, %s) = %d, want %d", c.size, c.took, c.want, got, c.next)
		}
	}
}

// TestVacuumOptionsErrors checks that bad options name the field.
func TestVacuumOptionsErrors(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		for _, c := range []struct {
			opts dialects.VacuumOptions
			want string
		}{
			{dialects.VacuumOptions{BatchSize: -1}, "VacuumOptions.BatchSize = -1"},
			{dialects.VacuumOptions{EventTypesBefore: map[string]time.Time{"x": {}}}, `VacuumOptions.EventTypesBefore["x"]: zero cutoff`},
			{dialects.VacuumOptions{EventTypesBefore: map[string]time.Time{"": vacuumCutoff}}, "VacuumOptions.EventTypesBefore: empty event name"},
		} {
			if _, err := dialects.Vacuum(context.Background(), db.DB, c.opts); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%+v: error %v, want %q", c.opts, err, c.want)
			}
		}
	})
}
