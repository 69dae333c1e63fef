package dialects_test

import (
	"context"
	"testing"
	"time"

	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/internal/testdb"
	"github.com/prefectorm/prefectorm/migrations"
	"github.com/prefectorm/prefectorm/models"
)

// eachDB runs fn on a fresh database of every dialect, as dbtest.Each.
func eachDB(t *testing.T, fn func(t *testing.T, db dbtest.DB)) {
	t.Helper()
	for _, dialect := range dbtest.Dialects {
		t.Run(dialect, func(t *testing.T) { fn(t, hotDB(t, dialect)) })
	}
}

// hotDB is dbtest.New, except that on PostgreSQL the schema is built in
// the test's own database instead of copied from dbtest's template
// database: a test binary run against another admin database of the same
// cluster drops this binary's templates (testdb's advisory lock is
// database-local), which made copies fail with "template database … does
// not exist" while several branches ran tests at once.
func hotDB(t testing.TB, dialect string) dbtest.DB {
	t.Helper()
	if dialect == "sqlite" {
		return dbtest.New(t, dialect)
	}
	db := dbtest.Open(t, testdb.Postgres(t))
	if err := migrations.CreateSchema(context.Background(), db.DB, db.Dialect); err != nil {
		t.Fatal(err)
	}
	return db
}

// workFixture builds work pools, queues and runs for the hot-path tests;
// times are relative to base, a whole second in the past.
type workFixture struct {
	t    *testing.T
	db   dbtest.DB
	flow models.Flow
	base time.Time
	// prefix starts the names of the fixture's flow and pools (the test's
	// name), so that several fixtures share one database.
	prefix string
}

func newWorkFixture(t *testing.T, db dbtest.DB) *workFixture {
	t.Helper()
	f := &workFixture{t: t, db: db, prefix: t.Name() + "/", base: time.Now().UTC().Truncate(time.Second).Add(-time.Hour)}
	f.flow = models.Flow{Name: f.prefix + "etl"}
	if err := db.Create(&f.flow).Error; err != nil {
		t.Fatal(err)
	}
	return f
}

// at is base plus minutes.
func (f *workFixture) at(minutes int) time.Time {
	return f.base.Add(time.Duration(minutes) * time.Minute)
}

func (f *workFixture) pool(name string, limit *int, paused bool) models.WorkPool {
	f.t.Helper()
	p := models.WorkPool{Name: f.prefix + name, Type: "process", ConcurrencyLimit: limit, IsPaused: paused}
	if err := f.db.Create(&p).Error; err != nil {
		f.t.Fatal(err)
	}
	return p
}

func (f *workFixture) queue(pool models.WorkPool, name string, priority int, limit *int, paused bool) models.WorkQueue {
	f.t.Helper()
	q := models.WorkQueue{Name: name, WorkPoolID: pool.ID, Priority: priority, ConcurrencyLimit: limit, IsPaused: paused}
	if err := f.db.Create(&q).Error; err != nil {
		f.t.Fatal(err)
	}
	return q
}

// run creates a run named name in queue q with a first state of type st;
// a SCHEDULED state is scheduled at start.
func (f *workFixture) run(q models.WorkQueue, name string, st models.StateType, start time.Time, mods ...func(*models.FlowRun)) models.FlowRun {
	f.t.Helper()
	state := &models.FlowRunState{Type: st}
	if st == models.StateScheduled {
		at := models.NewISOTime(start)
		state.StateDetails = models.NewJSON(models.StateDetails{ScheduledTime: &at})
	}
	r := models.FlowRun{FlowID: f.flow.ID, WorkQueueID: &q.ID, WorkQueueName: &q.Name, State: state}
	r.Name = name
	for _, m := range mods {
		m(&r)
	}
	if err := f.db.Create(&r).Error; err != nil {
		f.t.Fatal(err)
	}
	return r
}

// reload reads a run back.
func (f *workFixture) reload(id models.UUID) models.FlowRun {
	f.t.Helper()
	var r models.FlowRun
	if err := f.db.Where("id = ?", id).Take(&r).Error; err != nil {
		f.t.Fatal(err)
	}
	return r
}

func intp(n int) *int { return &n }
