package migrations_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/migrations"
)

// TestStamp records versions without running them, as Alembic's stamp
// does: the bookkeeping rows become exactly the versions up to the target,
// alembic_version holds the target's revision, and no other table changes
// (no DDL beyond creating the bookkeeping table and alembic_version).
func TestStamp(t *testing.T) {
	tests := []struct {
		name    string
		prepare []op
		opts    []migrations.Option
		wantErr string
		refused bool
		applied []string
		alembic []string // nil: no alembic_version table
		ddl     []string // prefixes of the DDL Stamp may issue
		extra   bool     // test_extra exists
	}{
		{name: "empty database to the first version", opts: []migrations.Option{migrations.To(first)},
			applied: []string{first}, alembic: []string{"REV"}, ddl: []string{"CREATE TABLE " + migrations.TableName, `CREATE TABLE "alembic_version"`}},
		// test_extra writes no Alembic revision: it is part of Prefect 3.0's schema.
		{name: "empty database by Prefect release", opts: []migrations.Option{migrations.ToPrefect("3.0.2")},
			applied: []string{first, second}, alembic: []string{"REV"}, ddl: []string{"CREATE TABLE " + migrations.TableName, `CREATE TABLE "alembic_version"`}},
		{name: "upgraded database down to the first version", prepare: []op{upgrade()}, opts: []migrations.Option{migrations.To(first)},
			applied: []string{first}, alembic: []string{"REV"}, extra: true},
		{name: "first version up to the latest", prepare: []op{upgrade(migrations.To(first))}, opts: []migrations.Option{migrations.To(second)},
			applied: []string{first, second}, alembic: []string{"REV"}},
		{name: "to base", prepare: []op{upgrade()}, opts: []migrations.Option{migrations.To(migrations.Base)},
			applied: []string{}, alembic: []string{}, extra: true},
		{name: "no target", opts: nil, wantErr: "Stamp needs a target", applied: nil},
		{name: "unknown version", opts: []migrations.Option{migrations.To("0042_nope")}, wantErr: `unknown version "0042_nope"`, applied: nil},
		{name: "unknown Prefect release", opts: []migrations.Option{migrations.ToPrefect("4.0.0")}, wantErr: "newer than the releases", applied: nil},
		{name: "steps", opts: []migrations.Option{migrations.Steps(1)}, wantErr: "Stamp takes To", applied: nil},
		{name: "unknown alembic revision", prepare: []op{upgrade(), execOp("UPDATE alembic_version SET version_num = 'abc123'")},
			opts: []migrations.Option{migrations.To(first)}, wantErr: `unknown alembic revision "abc123"`, refused: true,
			applied: []string{first, second}, alembic: []string{"abc123"}, extra: true},
		{name: "version of a newer prefectorm", prepare: []op{upgrade(), execOp("INSERT INTO " + migrations.TableName + " (id) VALUES ('0099_future')")},
			opts: []migrations.Option{migrations.To(first)}, wantErr: `records versions ["0099_future"]`, refused: true,
			applied: []string{"0099_future", first, second}, alembic: []string{"REV"}, extra: true},
		{name: "foreign tables", prepare: []op{execOp("CREATE TABLE inventory (id INTEGER PRIMARY KEY)")},
			opts: []migrations.Option{migrations.To(first)}, wantErr: "neither prefectorm_migrations nor Prefect's alembic_version", refused: true},
	}
	for _, dialect := range dbtest.Dialects {
		for _, tt := range tests {
			t.Run(dialect+"/"+tt.name, func(t *testing.T) {
				t.Parallel()
				db := dbtest.Open(t, dbtest.URL(t, dialect))
				for _, p := range tt.prepare {
					if err := p(ctx(t), db); err != nil {
						t.Fatalf("prepare: %v", err)
					}
				}
				var appliedBefore map[string]time.Time
				if db.Migrator().HasTable(migrations.TableName) {
					appliedBefore = appliedAt(t, db)
				}
				tablesBefore := tableNames(t, db)
				rec := recordDDL(t, db.DB)
				err := migrations.Stamp(ctx(t), db.DB, db.Dialect, append(tt.opts, twoVersions(db), quiet)...)
				switch {
				case tt.wantErr == "" && err != nil:
					t.Fatal(err)
				case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
					t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
				case tt.refused != errors.Is(err, migrations.ErrRefused):
					t.Errorf("error %v: wraps ErrRefused %v, want %v", err, errors.Is(err, migrations.ErrRefused), tt.refused)
				}
				for _, ddl := range rec.ddl {
					if !slices.ContainsFunc(tt.ddl, func(p string) bool { return strings.HasPrefix(ddl, p) }) {
						t.Errorf("Stamp issued DDL %q", ddl)
					}
				}
				tables := tableNames(t, db)
				if tt.applied == nil {
					if !slices.Equal(tables, tablesBefore) {
						t.Errorf("tables %q after a failed Stamp, were %q", tables, tablesBefore)
					}
					return
				}
				got := appliedVersions(t, db.DB)
				if !slices.Equal(got, slices.Sorted(slices.Values(tt.applied))) {
					t.Errorf("applied versions %q, want %q", got, tt.applied)
				}
				for id, at := range appliedAt(t, db) {
					if before, ok := appliedBefore[id]; ok && !before.Equal(at) {
						t.Errorf("applied_at of %q changed from %v to %v", id, before, at)
					}
				}
				hasAlembic := slices.Contains(tables, "alembic_version")
				if hasAlembic != (tt.alembic != nil) {
					t.Fatalf("alembic_version exists: %v, want %v", hasAlembic, tt.alembic != nil)
				}
				if hasAlembic {
					want := slices.Clone(tt.alembic)
					for i := range want {
						want[i] = strings.ReplaceAll(want[i], "REV", wantRevision[dialect])
					}
					if rows := alembicRows(t, db.DB); !slices.Equal(rows, want) {
						t.Errorf("alembic_version = %q, want %q", rows, want)
					}
				}
				if got := slices.Contains(tables, "test_extra"); got != tt.extra {
					t.Errorf("test_extra exists: %v, want %v", got, tt.extra)
				}
			})
		}
	}
}

// execOp runs one statement.
func execOp(sql string) op {
	return func(_ context.Context, db dbtest.DB) error { return db.Exec(sql).Error }
}

// appliedAt reads the bookkeeping rows with their times.
func appliedAt(t *testing.T, db dbtest.DB) map[string]time.Time {
	t.Helper()
	rep, err := migrations.Status(ctx(t), db.DB, db.Dialect, twoVersions(db))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]time.Time{}
	for _, v := range rep.Versions {
		if v.Applied {
			out[v.ID] = v.AppliedAt
		}
	}
	return out
}

// TestStampThenUpgrade: a schema built by CreateSchema and stamped at the
// first version is upgraded from there (only the later version runs).
func TestStampThenUpgrade(t *testing.T) {
	for _, dialect := range dbtest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			db := dbtest.New(t, dialect)
			execSQL(t, db.DB, "DELETE FROM alembic_version")
			if err := migrations.Stamp(ctx(t), db.DB, db.Dialect, migrations.To(first), twoVersions(db), quiet); err != nil {
				t.Fatal(err)
			}
			logOpt, logs := capture()
			if err := migrations.Upgrade(ctx(t), db.DB, db.Dialect, twoVersions(db), logOpt); err != nil {
				t.Fatal(err)
			}
			var ran []string
			for _, r := range logs.records(t) {
				if r.Msg == migrations.MsgStarted {
					ran = append(ran, r.Version)
				}
			}
			if !slices.Equal(ran, []string{second}) {
				t.Errorf("versions run after the stamp: %q, want [%q]", ran, second)
			}
			if rows := alembicRows(t, db.DB); !slices.Equal(rows, []string{wantRevision[dialect]}) {
				t.Errorf("alembic_version = %q", rows)
			}
		})
	}
}
