package migrations_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/migrations"
)

const (
	first  = "0001_prefect_3_0"
	second = "0002_test_extra"
)

// extraVersion is a second version for the tests: a table with one column.
var extraVersion = &gormigrate.Migration{
	ID:       second,
	Migrate:  func(tx *gorm.DB) error { return tx.Exec("CREATE TABLE test_extra (n INTEGER NOT NULL)").Error },
	Rollback: func(tx *gorm.DB) error { return tx.Exec("DROP TABLE test_extra").Error },
}

// failingVersion fails half-way, after creating a table.
var failingVersion = &gormigrate.Migration{
	ID: "0002_test_fails",
	Migrate: func(tx *gorm.DB) error {
		if err := tx.Exec("CREATE TABLE test_half (n INTEGER)").Error; err != nil {
			return err
		}
		return tx.Exec("INSERT INTO no_such_table VALUES (1)").Error
	},
	Rollback: func(tx *gorm.DB) error { return nil },
}

// twoVersions is the dialect's first version plus extraVersion.
func twoVersions(db dbtest.DB) migrations.Option {
	return migrations.WithVersions(append(db.Dialect.Migrations()[:1], extraVersion))
}

// withFailing is the dialect's first version plus failingVersion.
func withFailing(db dbtest.DB) migrations.Option {
	return migrations.WithVersions(append(db.Dialect.Migrations()[:1], failingVersion))
}

type op func(ctx context.Context, db dbtest.DB) error

func upgrade(opts ...migrations.Option) op {
	return func(ctx context.Context, db dbtest.DB) error {
		return migrations.Upgrade(ctx, db.DB, db.Dialect, append(opts, twoVersions(db), quiet)...)
	}
}

func downgrade(opts ...migrations.Option) op {
	return func(ctx context.Context, db dbtest.DB) error {
		return migrations.Downgrade(ctx, db.DB, db.Dialect, append(opts, twoVersions(db), quiet)...)
	}
}

// TestRunner drives Upgrade, Downgrade, Reset and Migrate over two versions
// and reads back which versions are recorded, which tables exist and what
// they hold.
func TestRunner(t *testing.T) {
	tests := []struct {
		name    string
		prepare []op
		run     op
		wantErr string
		applied []string
		extra   bool // test_extra exists
		rows    int  // rows in test_extra (when it exists) and in flow
	}{
		{name: "upgrade to the first version", run: upgrade(migrations.To(first)), applied: []string{first}},
		{name: "upgrade to the latest", run: upgrade(), applied: []string{first, second}, extra: true},
		{name: "upgrade from the first version", prepare: []op{upgrade(migrations.To(first))}, run: upgrade(), applied: []string{first, second}, extra: true},
		{name: "upgrade when up to date", prepare: []op{upgrade(), insertRows}, run: upgrade(), applied: []string{first, second}, extra: true, rows: 1},
		{name: "upgrade to a version below the current one", prepare: []op{upgrade()}, run: upgrade(migrations.To(first)),
			wantErr: `upgrade to "0001_prefect_3_0": version "0002_test_extra" is already applied`, applied: []string{first, second}, extra: true},
		{name: "upgrade to an unknown version", run: upgrade(migrations.To("0003_nope")), wantErr: `unknown version "0003_nope"`},
		{name: "upgrade with steps", run: upgrade(migrations.Steps(1)), wantErr: "Upgrade takes To, not Steps (1)"},
		{name: "downgrade one step by default", prepare: []op{upgrade(), insertRows}, run: downgrade(), applied: []string{first}, rows: 1},
		{name: "downgrade two steps", prepare: []op{upgrade()}, run: downgrade(migrations.Steps(2)), applied: nil},
		{name: "downgrade to a version", prepare: []op{upgrade()}, run: downgrade(migrations.To(first)), applied: []string{first}},
		{name: "downgrade to base", prepare: []op{upgrade(), insertRows}, run: downgrade(migrations.To(migrations.Base)), applied: nil},
		{name: "downgrade to base when empty", run: downgrade(migrations.To(migrations.Base)), applied: nil},
		{name: "downgrade too many steps", prepare: []op{upgrade(), insertRows}, run: downgrade(migrations.Steps(3)),
			wantErr: "downgrade by 3 steps: only 2 versions are applied", applied: []string{first, second}, extra: true, rows: 1},
		{name: "downgrade to a version not applied", prepare: []op{upgrade(migrations.To(first))}, run: downgrade(migrations.To(second)),
			wantErr: `downgrade to "0002_test_extra": that version is not applied`, applied: []string{first}},
		{name: "downgrade with To and Steps", run: downgrade(migrations.To(first), migrations.Steps(1)), wantErr: "not both"},
		{name: "reset without Confirm", prepare: []op{upgrade(), insertRows},
			run: func(ctx context.Context, db dbtest.DB) error {
				return migrations.Reset(ctx, db.DB, db.Dialect, twoVersions(db), quiet)
			},
			wantErr: "pass migrations.Confirm()", applied: []string{first, second}, extra: true, rows: 1},
		{name: "reset", prepare: []op{upgrade(), insertRows},
			run: func(ctx context.Context, db dbtest.DB) error {
				return migrations.Reset(ctx, db.DB, db.Dialect, twoVersions(db), migrations.Confirm(), quiet)
			},
			applied: []string{first, second}, extra: true},
		{name: "migrate to the latest", run: func(ctx context.Context, db dbtest.DB) error {
			return migrations.Migrate(ctx, db.DB, db.Dialect, twoVersions(db), quiet)
		}, applied: []string{first, second}, extra: true},
		{name: "migrate stops at To", run: func(ctx context.Context, db dbtest.DB) error {
			return migrations.Migrate(ctx, db.DB, db.Dialect, twoVersions(db), migrations.To(first), quiet)
		}, applied: []string{first}},
		{name: "migrate past To does nothing", prepare: []op{upgrade(), insertRows}, run: func(ctx context.Context, db dbtest.DB) error {
			return migrations.Migrate(ctx, db.DB, db.Dialect, twoVersions(db), migrations.To(first), quiet)
		}, applied: []string{first, second}, extra: true, rows: 1},
		{name: "migrate with steps", run: func(ctx context.Context, db dbtest.DB) error {
			return migrations.Migrate(ctx, db.DB, db.Dialect, twoVersions(db), migrations.Steps(1), quiet)
		}, wantErr: "Migrate takes To, not Steps (1)"},
		{name: "To and ToPrefect together", run: upgrade(migrations.To(first), migrations.ToPrefect("3.0.0")), wantErr: "give one"},
		{name: "a failing version is rolled back, the versions before it stay applied", run: func(ctx context.Context, db dbtest.DB) error {
			return migrations.Upgrade(ctx, db.DB, db.Dialect, withFailing(db), quiet)
		}, wantErr: `prefectorm: apply version "0002_test_fails"`, applied: []string{first}},
	}
	for _, dialect := range dbtest.Dialects {
		for _, tt := range tests {
			t.Run(dialect+"/"+tt.name, func(t *testing.T) {
				t.Parallel() // each case has its own database
				db := dbtest.Open(t, dbtest.URL(t, dialect))
				for _, p := range tt.prepare {
					if err := p(ctx(t), db); err != nil {
						t.Fatalf("prepare: %v", err)
					}
				}
				err := tt.run(ctx(t), db)
				switch {
				case tt.wantErr == "" && err != nil:
					t.Fatal(err)
				case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
					t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
				}
				tables := tableNames(t, db)
				if slices.Contains(tables, "test_half") {
					t.Error("test_half, created by a failed version, was not rolled back")
				}
				if tt.applied == nil && tt.wantErr == "" || len(tt.applied) > 0 {
					if got := appliedVersions(t, db.DB); !slices.Equal(got, tt.applied) {
						t.Errorf("applied versions %q, want %q", got, tt.applied)
					}
				}
				if tt.applied == nil && tt.wantErr != "" {
					// A refused or failed call on an empty database leaves it empty.
					if len(tables) > 0 {
						t.Errorf("tables %q after a failed call on an empty database", tables)
					}
					return
				}
				if tt.applied == nil {
					// Nothing of the schema is left.
					if extraTables := slices.DeleteFunc(slices.Clone(tables), func(n string) bool { return n == migrations.TableName }); len(extraTables) > 0 {
						t.Errorf("tables %q left", extraTables)
					}
					return
				}
				if got := slices.Contains(tables, "test_extra"); got != tt.extra {
					t.Errorf("test_extra exists: %v, want %v", got, tt.extra)
				}
				var flows int64
				if err := db.Table("flow").Count(&flows).Error; err != nil {
					t.Fatal(err)
				}
				if flows != int64(tt.rows) {
					t.Errorf("flow holds %d rows, want %d", flows, tt.rows)
				}
				if tt.extra {
					var n int64
					if err := db.Table("test_extra").Count(&n).Error; err != nil {
						t.Fatal(err)
					}
					if n != int64(tt.rows) {
						t.Errorf("test_extra holds %d rows, want %d", n, tt.rows)
					}
				}
			})
		}
	}
}

// insertRows writes one flow and, when test_extra exists, one row there.
func insertRows(_ context.Context, db dbtest.DB) error {
	if err := db.Exec("INSERT INTO flow (id, name) VALUES ('3f2504e0-4f89-41d3-9a0c-0305e82c3301', 'f')").Error; err != nil {
		return err
	}
	if db.Migrator().HasTable("test_extra") {
		return db.Exec("INSERT INTO test_extra (n) VALUES (1)").Error
	}
	return nil
}

// TestStatus reports applied versions with when they ran, and the pending ones.
func TestStatus(t *testing.T) {
	for _, dialect := range dbtest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			db := dbtest.Open(t, dbtest.URL(t, dialect))
			rep, err := migrations.Status(ctx(t), db.DB, db.Dialect, twoVersions(db))
			if err != nil {
				t.Fatal(err)
			}
			if rep.Current() != migrations.Base || !slices.Equal(rep.Pending(), []string{first, second}) || rep.Refusal != nil || rep.Adoptable {
				t.Fatalf("empty database: current %q, pending %q, refusal %v, adoptable %v", rep.Current(), rep.Pending(), rep.Refusal, rep.Adoptable)
			}
			before := time.Now().UTC().Add(-time.Second)
			if err := upgrade(migrations.To(first))(ctx(t), db); err != nil {
				t.Fatal(err)
			}
			after := time.Now().UTC().Add(time.Second)
			rep, err = migrations.Status(ctx(t), db.DB, db.Dialect, twoVersions(db))
			if err != nil {
				t.Fatal(err)
			}
			if rep.Current() != first || !slices.Equal(rep.Pending(), []string{second}) || rep.AlembicRevision != wantRevision[dialect] {
				t.Fatalf("after upgrade: current %q, pending %q, alembic %q", rep.Current(), rep.Pending(), rep.AlembicRevision)
			}
			v := rep.Versions[0]
			if !v.Applied || v.AppliedAt.Before(before) || v.AppliedAt.After(after) || v.AppliedAt.Location() != time.UTC {
				t.Errorf("version %q: applied %v at %v, want between %v and %v (UTC)", v.ID, v.Applied, v.AppliedAt, before, after)
			}
			if p := rep.Versions[1]; p.Applied || !p.AppliedAt.IsZero() {
				t.Errorf("pending version %q: applied %v at %v", p.ID, p.Applied, p.AppliedAt)
			}
		})
	}
}

// TestProgress: every version reports its start and its end with a
// duration, in order, through the caller's logger; a failure is reported
// with its error.
func TestProgress(t *testing.T) {
	type event struct{ msg, version, direction string }
	for _, dialect := range dbtest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			db := dbtest.Open(t, dbtest.URL(t, dialect))
			logOpt, logs := capture()
			if err := migrations.Upgrade(ctx(t), db.DB, db.Dialect, twoVersions(db), logOpt); err != nil {
				t.Fatal(err)
			}
			if err := migrations.Downgrade(ctx(t), db.DB, db.Dialect, migrations.To(migrations.Base), twoVersions(db), logOpt); err != nil {
				t.Fatal(err)
			}
			var got []event
			for _, r := range logs.records(t) {
				got = append(got, event{r.Msg, r.Version, r.Direction})
				if r.Msg == migrations.MsgFinished && (r.Duration == nil || *r.Duration < 0) {
					t.Errorf("%s %s %s: duration %v", r.Msg, r.Version, r.Direction, r.Duration)
				}
				if r.Level != "INFO" {
					t.Errorf("%s logged at %s, want INFO", r.Msg, r.Level)
				}
			}
			want := []event{
				{migrations.MsgStarted, first, "up"}, {migrations.MsgFinished, first, "up"},
				{migrations.MsgStarted, second, "up"}, {migrations.MsgFinished, second, "up"},
				{migrations.MsgStarted, second, "down"}, {migrations.MsgFinished, second, "down"},
				{migrations.MsgStarted, first, "down"}, {migrations.MsgFinished, first, "down"},
			}
			if !slices.Equal(got, want) {
				t.Errorf("progress\n got %v\nwant %v", got, want)
			}

			logOpt, logs = capture()
			err := migrations.Upgrade(ctx(t), db.DB, db.Dialect, withFailing(db), logOpt)
			if err == nil {
				t.Fatal("failing version: no error")
			}
			recs := logs.records(t)
			last := recs[len(recs)-1]
			if last.Msg != migrations.MsgFailed || last.Version != failingVersion.ID || last.Error == nil || !strings.Contains(*last.Error, "no_such_table") || last.Level != "ERROR" {
				t.Errorf("last record %+v, want %s of %s with the error", last, migrations.MsgFailed, failingVersion.ID)
			}
		})
	}
}
