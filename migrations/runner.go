package migrations

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/dialects"
)

// runner is one Upgrade, Downgrade or Reset call.
type runner struct {
	d        dialects.Dialect
	cfg      config
	base     baseline
	versions []*gormigrate.Migration // with progress reporting
}

func newRunner(d dialects.Dialect, opts []Option) (*runner, error) {
	cfg := newConfig(opts)
	base, err := baselineOf(d)
	if err != nil {
		return nil, err
	}
	versions := cfg.versions
	if versions == nil {
		versions = d.Migrations()
	}
	if len(versions) == 0 || versions[0].ID != base.version {
		return nil, fmt.Errorf("prefectorm: the %s versions must start with %q", d.Name(), base.version)
	}
	seen := map[string]bool{Base: true}
	for _, v := range versions {
		if seen[v.ID] {
			return nil, fmt.Errorf("prefectorm: version %q appears twice (or is reserved) in the %s versions", v.ID, d.Name())
		}
		seen[v.ID] = true
	}
	return &runner{d: d, cfg: cfg, base: base, versions: withProgress(versions, cfg.logger)}, nil
}

// index returns the position of version id, or -1.
func (r *runner) index(id string) int {
	return slices.IndexFunc(r.versions, func(v *gormigrate.Migration) bool { return v.ID == id })
}

func (r *runner) ids() []string {
	ids := make([]string, len(r.versions))
	for i, v := range r.versions {
		ids[i] = v.ID
	}
	return ids
}

// applied returns the applied versions, oldest first.
func (r *runner) applied(st dbState) []*gormigrate.Migration {
	var out []*gormigrate.Migration
	for _, v := range r.versions {
		if _, ok := st.applied[v.ID]; ok {
			out = append(out, v)
		}
	}
	return out
}

// prepare runs under the migration lock before any change: it reads and
// judges the database (refusing leaves it untouched), creates TableName
// when missing, records the baseline of an adopted Prefect database, and
// returns gormigrate on tx with the state as it now is.
func (r *runner) prepare(tx *gorm.DB) (*gormigrate.Gormigrate, dbState, error) {
	st, err := readState(tx, r.d)
	if err != nil {
		return nil, st, err
	}
	v, err := judge(st, r.ids(), r.base)
	if err != nil {
		return nil, st, err
	}
	if !st.bookkeeping {
		if err := createBookkeeping(tx, r.d); err != nil {
			return nil, st, err
		}
		st.bookkeeping = true
	}
	if v.adopt {
		if err := tx.Exec("INSERT INTO "+TableName+" (id) VALUES (?)", r.base.version).Error; err != nil {
			return nil, st, fmt.Errorf("prefectorm: record version %q of the adopted database: %w", r.base.version, err)
		}
		st.applied[r.base.version] = time.Now().UTC()
		r.cfg.logger.Info(MsgAdopted, "version", r.base.version, "alembic_revision", r.base.revision)
	}
	g := gormigrate.New(tx, &gormigrate.Options{
		TableName:                 TableName,
		IDColumnName:              "id",
		IDColumnSize:              255,
		UseTransaction:            false, // locked's transaction covers the whole run
		ValidateUnknownMigrations: true,
	}, r.versions)
	return g, st, nil
}

// Upgrade applies every pending version up to the latest, or up to the
// version given with To, in one transaction under the migration lock (see
// Migrate). It first adopts a Prefect 3.0 database (see package doc) and
// refuses, without changing anything, a database it does not recognise.
func Upgrade(ctx context.Context, db *gorm.DB, d dialects.Dialect, opts ...Option) error {
	r, err := newRunner(d, opts)
	if err != nil {
		return err
	}
	if r.cfg.steps != 0 {
		return fmt.Errorf("prefectorm: Upgrade takes To, not Steps (%d)", r.cfg.steps)
	}
	target := r.versions[len(r.versions)-1].ID
	if r.cfg.to != "" {
		if r.index(r.cfg.to) < 0 {
			return fmt.Errorf("prefectorm: unknown version %q (the %s versions are %q)", r.cfg.to, d.Name(), r.ids())
		}
		target = r.cfg.to
	}
	return locked(ctx, db, d, func(tx *gorm.DB) error {
		g, st, err := r.prepare(tx)
		if err != nil {
			return err
		}
		for _, v := range r.versions[r.index(target)+1:] {
			if _, ok := st.applied[v.ID]; ok {
				return fmt.Errorf("prefectorm: upgrade to %q: version %q is already applied; use Downgrade", target, v.ID)
			}
		}
		if err := g.MigrateTo(target); err != nil {
			return gormigrateError("upgrade", err)
		}
		return nil
	})
}

// Migrate is the call for a service's startup: Upgrade to the latest
// version. Any number of replicas may call it at once: the migration lock
// makes one of them apply each pending version while the others wait, find
// nothing left to do and return nil.
func Migrate(ctx context.Context, db *gorm.DB, d dialects.Dialect, opts ...Option) error {
	return Upgrade(ctx, db, d, append(slices.Clone(opts), To(""), Steps(0))...)
}

// Downgrade rolls back applied versions, newest first, in one transaction
// under the migration lock: one version by default, the n most recent with
// Steps(n), or every version after v with To(v) (To(Base) leaves an empty
// database: no table but TableName, no enum type).
func Downgrade(ctx context.Context, db *gorm.DB, d dialects.Dialect, opts ...Option) error {
	r, err := newRunner(d, opts)
	if err != nil {
		return err
	}
	if r.cfg.to != "" && r.cfg.steps != 0 {
		return fmt.Errorf("prefectorm: Downgrade takes To(%q) or Steps(%d), not both", r.cfg.to, r.cfg.steps)
	}
	if r.cfg.steps < 0 {
		return fmt.Errorf("prefectorm: Downgrade by %d steps: want a positive number", r.cfg.steps)
	}
	if r.cfg.to != "" && r.cfg.to != Base && r.index(r.cfg.to) < 0 {
		return fmt.Errorf("prefectorm: unknown version %q (the %s versions are %q, or %q)", r.cfg.to, d.Name(), r.ids(), Base)
	}
	return locked(ctx, db, d, func(tx *gorm.DB) error {
		g, st, err := r.prepare(tx)
		if err != nil {
			return err
		}
		applied := r.applied(st)
		var undo []*gormigrate.Migration
		switch {
		case r.cfg.to == Base:
			undo = applied
		case r.cfg.to != "":
			if _, ok := st.applied[r.cfg.to]; !ok {
				return fmt.Errorf("prefectorm: downgrade to %q: that version is not applied", r.cfg.to)
			}
			for _, v := range applied {
				if r.index(v.ID) > r.index(r.cfg.to) {
					undo = append(undo, v)
				}
			}
		default:
			n := max(r.cfg.steps, 1)
			if n > len(applied) {
				return fmt.Errorf("prefectorm: downgrade by %d steps: only %d versions are applied", n, len(applied))
			}
			undo = applied[len(applied)-n:]
		}
		return rollBack(g, undo)
	})
}

// rollBack rolls versions back, newest first.
func rollBack(g *gormigrate.Gormigrate, versions []*gormigrate.Migration) error {
	for i := len(versions) - 1; i >= 0; i-- {
		if err := g.RollbackMigration(versions[i]); err != nil {
			return gormigrateError("downgrade", err)
		}
	}
	return nil
}

// Reset rolls back every applied version, dropping prefectorm's schema and
// all its data, then applies every version again, in one transaction under
// the migration lock. It refuses to run unless given Confirm().
func Reset(ctx context.Context, db *gorm.DB, d dialects.Dialect, opts ...Option) error {
	r, err := newRunner(d, opts)
	if err != nil {
		return err
	}
	if !r.cfg.confirm {
		return errors.New("prefectorm: Reset drops every table of the schema with its data; pass migrations.Confirm() to do it")
	}
	return locked(ctx, db, d, func(tx *gorm.DB) error {
		g, st, err := r.prepare(tx)
		if err != nil {
			return err
		}
		if err := rollBack(g, r.applied(st)); err != nil {
			return err
		}
		if err := g.Migrate(); err != nil {
			return gormigrateError("reset", err)
		}
		return nil
	})
}

// gormigrateError names the operation in an error from gormigrate (the
// versions' own errors already carry the prefectorm prefix).
func gormigrateError(op string, err error) error {
	if errors.Is(err, gormigrate.ErrUnknownPastMigration) {
		return fmt.Errorf("prefectorm: %s: %s records a version this prefectorm does not know: %w", op, TableName, ErrRefused)
	}
	if strings.HasPrefix(err.Error(), "prefectorm: ") {
		return err
	}
	return fmt.Errorf("prefectorm: %s: %w", op, err)
}
