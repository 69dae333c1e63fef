package migrations

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/dialects"
)

// runner is one Upgrade, Downgrade, Reset, Migrate, Stamp or Status call.
type runner struct {
	d        dialects.Dialect
	cfg      config
	base     baseline
	versions []version
	// excluded are the own-index versions PrefectSchemaOnly leaves out of
	// versions, oldest first.
	excluded []version
	// stampPrefect makes ToPrefect resolve to the release's own version,
	// not the own-index versions after it (Stamp).
	stampPrefect bool
}

// version is one version as the runner runs it.
type version struct {
	*gormigrate.Migration // with progress reporting
	// revision is Prefect's Alembic revision of the schema after the
	// version: its spec's, else (a version without one) its predecessor's.
	revision string
	// noTx: on PostgreSQL, the version runs outside a transaction.
	noTx bool
	// own marks a version of prefectorm's own indexes (frozen.Spec.OwnIndex).
	own bool
	// indexes are the names of an own-index version's indexes.
	indexes []string
}

func newRunner(d dialects.Dialect, opts []Option) (*runner, error) {
	cfg := newConfig(opts)
	base, err := baselineOf(d)
	if err != nil {
		return nil, err
	}
	migs := cfg.versions
	if migs == nil {
		migs = d.Migrations()
	}
	if len(migs) == 0 || migs[0].ID != base.version {
		return nil, fmt.Errorf("prefectorm: the %s versions must start with %q", d.Name(), base.version)
	}
	specs := map[string]int{}
	all := append(specsOf(d), cfg.specs...)
	for i, s := range all {
		specs[s.ID] = i
	}
	seen := map[string]bool{Base: true}
	r := &runner{d: d, cfg: cfg, base: base}
	revision := base.revision
	for _, m := range withProgress(migs, cfg.logger) {
		if seen[m.ID] {
			return nil, fmt.Errorf("prefectorm: version %q appears twice (or is reserved) in the %s versions", m.ID, d.Name())
		}
		seen[m.ID] = true
		v := version{Migration: m, revision: revision}
		if i, ok := specs[m.ID]; ok {
			if all[i].Alembic != "" {
				v.revision = all[i].Alembic
			}
			v.noTx = all[i].NoTransaction && d.Name() == "postgres"
			v.own = all[i].OwnIndex
			for _, idx := range all[i].Indexes {
				v.indexes = append(v.indexes, idx.Name)
			}
		}
		revision = v.revision
		if v.own && cfg.prefectOnly {
			r.excluded = append(r.excluded, v)
			continue
		}
		r.versions = append(r.versions, v)
	}
	return r, nil
}

// index returns the position of version id, or -1.
func (r *runner) index(id string) int {
	return slices.IndexFunc(r.versions, func(v version) bool { return v.ID == id })
}

func (r *runner) ids() []string {
	ids := make([]string, len(r.versions))
	for i, v := range r.versions {
		ids[i] = v.ID
	}
	return ids
}

// target resolves To or ToPrefect to a version index (-1 for Base, when
// allowBase); def when neither is given.
func (r *runner) target(def int, allowBase bool) (int, error) {
	switch {
	case r.cfg.to != "" && r.cfg.prefect != "":
		return 0, fmt.Errorf("prefectorm: To(%q) and ToPrefect(%q) both name a target; give one", r.cfg.to, r.cfg.prefect)
	case r.cfg.prefect != "":
		return r.prefectIndex(r.cfg.prefect)
	case r.cfg.to == Base && allowBase:
		return -1, nil
	case r.cfg.to != "":
		i := r.index(r.cfg.to)
		if i < 0 {
			if allowBase {
				return 0, fmt.Errorf("prefectorm: unknown version %q (the %s versions are %q, or %q)", r.cfg.to, r.d.Name(), r.ids(), Base)
			}
			return 0, fmt.Errorf("prefectorm: unknown version %q (the %s versions are %q)", r.cfg.to, r.d.Name(), r.ids())
		}
		return i, nil
	}
	return def, nil
}

// targetName names a target index.
func (r *runner) targetName(i int) string {
	if i < 0 {
		return Base
	}
	return r.versions[i].ID
}

// prepare runs under the migration lock before any change, in one
// transaction: it reads and judges the database (refusing leaves it
// untouched), creates TableName when missing and records the versions of
// an adopted Prefect database. It returns the index of the newest applied
// version.
func (r *runner) prepare(ctx context.Context, s *session) (int, error) {
	current := -1
	err := s.inTx(ctx, func() error {
		st, err := readState(s.conn, r.d)
		if err != nil {
			return err
		}
		v, err := r.judge(st)
		if err != nil {
			return err
		}
		if !st.bookkeeping {
			if err := createBookkeeping(s.conn, r.d); err != nil {
				return err
			}
		}
		current = v.current
		if v.adopting() {
			for i := v.current + 1; i <= v.adopt; i++ {
				if r.versions[i].own && !st.builtVersion(r.versions[i]) {
					// An own-index version before the adopted Prefect
					// version: Prefect did not build it. Its scripts are
					// idempotent CREATE INDEX statements, run here inside
					// the adoption's transaction (CONCURRENTLY removed).
					if err := r.versions[i].Migrate(s.conn); err != nil {
						return fmt.Errorf("prefectorm: adopt: apply version %q: %w", r.versions[i].ID, err)
					}
				}
				if err := r.record(s, i); err != nil {
					return fmt.Errorf("prefectorm: record version %q of the adopted database: %w", r.versions[i].ID, err)
				}
			}
			r.cfg.logger.Info(MsgAdopted, "version", r.versions[v.adopt].ID, "alembic_revision", v.revision, "recorded", v.adopt-v.current)
			current = v.adopt
		}
		return nil
	})
	return current, err
}

// record inserts version i's bookkeeping row.
func (r *runner) record(s *session, i int) error {
	return s.conn.Exec("INSERT INTO "+TableName+" (id) VALUES (?)", r.versions[i].ID).Error
}

// Upgrade applies every pending version up to the latest, or up to the
// target given with To or ToPrefect, each in its own transaction with its
// bookkeeping row, under the migration lock (see the package doc). It
// first adopts a Prefect database at any known revision and refuses,
// without changing anything, a database it does not recognise. A target
// below the current version is an error (use Downgrade).
func Upgrade(ctx context.Context, db *gorm.DB, d dialects.Dialect, opts ...Option) error {
	return upgrade(ctx, db, d, opts, false)
}

// Migrate is the call for a service's startup: Upgrade to the latest
// version, or to the target given with To or ToPrefect, doing nothing when
// the database is already at or past it. Any number of replicas may call
// it at once: the migration lock makes one of them apply each pending
// version while the others wait, find nothing left to do and return nil.
func Migrate(ctx context.Context, db *gorm.DB, d dialects.Dialect, opts ...Option) error {
	return upgrade(ctx, db, d, opts, true)
}

func upgrade(ctx context.Context, db *gorm.DB, d dialects.Dialect, opts []Option, lenient bool) error {
	r, err := newRunner(d, opts)
	if err != nil {
		return err
	}
	op := map[bool]string{false: "Upgrade", true: "Migrate"}[lenient]
	if r.cfg.steps != 0 {
		return fmt.Errorf("prefectorm: %s takes To, not Steps (%d)", op, r.cfg.steps)
	}
	target, err := r.target(len(r.versions)-1, false)
	if err != nil {
		return err
	}
	return withSession(ctx, db, d, r.cfg.logger, func(s *session) error {
		current, err := r.prepare(ctx, s)
		if err != nil {
			return err
		}
		if err := r.dropExcluded(ctx, s); err != nil {
			return err
		}
		if current > target {
			if lenient {
				return nil
			}
			return fmt.Errorf("prefectorm: upgrade to %q: version %q is already applied; use Downgrade", r.versions[target].ID, r.versions[target+1].ID)
		}
		for i := current + 1; i <= target; i++ {
			if err := r.apply(ctx, s, i); err != nil {
				return err
			}
		}
		return nil
	})
}

// readApplied reads the ids in TableName.
func readApplied(s *session) (map[string]bool, error) {
	var ids []string
	if err := s.conn.Raw("SELECT id FROM " + TableName).Scan(&ids).Error; err != nil {
		return nil, fmt.Errorf("prefectorm: read %s: %w", TableName, err)
	}
	out := map[string]bool{}
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}

// apply runs version i up. In a transaction (taken on SQLite with BEGIN
// IMMEDIATE, which is the lock there) it re-reads the bookkeeping: another
// upgrader may have applied the version meanwhile. A PostgreSQL version
// marked no-transaction runs statement by statement in autocommit (the
// session lock keeps other runners out), with its alembic_version write
// deferred to the transaction that records it.
func (r *runner) apply(ctx context.Context, s *session, i int) error {
	v := r.versions[i]
	check := func() (bool, error) {
		applied, err := readApplied(s)
		if err != nil {
			return false, err
		}
		if applied[v.ID] {
			return true, nil
		}
		if i > 0 && !applied[r.versions[i-1].ID] {
			return false, fmt.Errorf("prefectorm: apply version %q: version %q is no longer applied (a concurrent Downgrade?)", v.ID, r.versions[i-1].ID)
		}
		return false, nil
	}
	record := func() error { return r.record(s, i) }
	return runStep(ctx, s, v.noTx, check, v.Migrate, record)
}

// revert rolls version i back, as apply runs it.
func (r *runner) revert(ctx context.Context, s *session, i int) error {
	v := r.versions[i]
	check := func() (bool, error) {
		applied, err := readApplied(s)
		if err != nil {
			return false, err
		}
		if !applied[v.ID] {
			return true, nil // another runner rolled it back
		}
		if i+1 < len(r.versions) && applied[r.versions[i+1].ID] {
			return false, fmt.Errorf("prefectorm: roll back version %q: version %q is applied again (a concurrent Upgrade?)", v.ID, r.versions[i+1].ID)
		}
		return false, nil
	}
	unrecord := func() error {
		return s.conn.Exec("DELETE FROM "+TableName+" WHERE id = ?", v.ID).Error
	}
	return runStep(ctx, s, v.noTx, check, v.Rollback, unrecord)
}

// dropExcluded rolls back, newest first, every own-index version that
// PrefectSchemaOnly leaves out and that the database has: recorded in
// TableName, or with any of its indexes present (CreateSchema builds them
// without a record). Its down script drops only its own indexes.
func (r *runner) dropExcluded(ctx context.Context, s *session) error {
	if len(r.excluded) == 0 {
		return nil
	}
	st, err := readState(s.conn, r.d)
	if err != nil {
		return err
	}
	for i := len(r.excluded) - 1; i >= 0; i-- {
		v := r.excluded[i]
		if !st.hasVersion(v) {
			continue
		}
		check := func() (bool, error) { return false, nil }
		unrecord := func() error {
			return s.conn.Exec("DELETE FROM "+TableName+" WHERE id = ?", v.ID).Error
		}
		if err := runStep(ctx, s, v.noTx, check, v.Rollback, unrecord); err != nil {
			return err
		}
		r.cfg.logger.Info(MsgOwnIndexesDropped, "version", v.ID, "indexes", len(v.indexes))
	}
	return nil
}

// replay runs the deferred alembic_version writes.
func replay(s *session, deferred []deferredExec) error {
	for _, e := range deferred {
		if err := s.conn.Exec(e.query, e.args...).Error; err != nil {
			return fmt.Errorf("prefectorm: %.60q: %w", e.query, err)
		}
	}
	return nil
}

// Downgrade rolls back applied versions, newest first, each in its own
// transaction under the migration lock: one version by default, the n most
// recent with Steps(n), or every version after the target given with To or
// ToPrefect (To(Base) leaves an empty database: no table but TableName, no
// enum type).
func Downgrade(ctx context.Context, db *gorm.DB, d dialects.Dialect, opts ...Option) error {
	r, err := newRunner(d, opts)
	if err != nil {
		return err
	}
	targeted := r.cfg.to != "" || r.cfg.prefect != ""
	if targeted && r.cfg.steps != 0 {
		return fmt.Errorf("prefectorm: Downgrade takes To(%q) or Steps(%d), not both", r.cfg.to+r.cfg.prefect, r.cfg.steps)
	}
	if r.cfg.steps < 0 {
		return fmt.Errorf("prefectorm: Downgrade by %d steps: want a positive number", r.cfg.steps)
	}
	target, err := r.target(0, true)
	if err != nil {
		return err
	}
	return withSession(ctx, db, d, r.cfg.logger, func(s *session) error {
		current, err := r.prepare(ctx, s)
		if err != nil {
			return err
		}
		if err := r.dropExcluded(ctx, s); err != nil {
			return err
		}
		if !targeted {
			n := max(r.cfg.steps, 1)
			if n > current+1 {
				return fmt.Errorf("prefectorm: downgrade by %d steps: only %d versions are applied", n, current+1)
			}
			target = current - n
		} else if target > current {
			return fmt.Errorf("prefectorm: downgrade to %q: that version is not applied", r.targetName(target))
		}
		for i := current; i > target; i-- {
			if err := r.revert(ctx, s, i); err != nil {
				return err
			}
		}
		return nil
	})
}

// Reset rolls back every applied version, dropping prefectorm's schema and
// all its data, then applies every version again, each in its own
// transaction under the migration lock. It refuses to run unless given
// Confirm(). A failure leaves the database at a version boundary; calling
// Reset or Upgrade again continues.
func Reset(ctx context.Context, db *gorm.DB, d dialects.Dialect, opts ...Option) error {
	r, err := newRunner(d, opts)
	if err != nil {
		return err
	}
	if !r.cfg.confirm {
		return errors.New("prefectorm: Reset drops every table of the schema with its data; pass migrations.Confirm() to do it")
	}
	return withSession(ctx, db, d, r.cfg.logger, func(s *session) error {
		current, err := r.prepare(ctx, s)
		if err != nil {
			return err
		}
		if err := r.dropExcluded(ctx, s); err != nil {
			return err
		}
		for i := current; i >= 0; i-- {
			if err := r.revert(ctx, s, i); err != nil {
				return err
			}
		}
		for i := range r.versions {
			if err := r.apply(ctx, s, i); err != nil {
				return err
			}
		}
		return nil
	})
}

// runStep runs one version's step (its Migrate or Rollback) and then
// finish (the bookkeeping), unless check reports that another runner has
// done it already. Normally all three share one transaction. A
// no-transaction version's step runs in autocommit, its alembic_version
// writes deferred and replayed in the transaction that runs finish.
func runStep(ctx context.Context, s *session, noTx bool, check func() (bool, error), step func(*gorm.DB) error, finish func() error) error {
	if !noTx {
		return s.versionTx(ctx, func() error {
			done, err := check()
			if err != nil || done {
				return err
			}
			if err := step(s.conn); err != nil {
				return err
			}
			return finish()
		})
	}
	done, err := check()
	if err != nil || done {
		return err
	}
	s.g.deferring = true
	err = step(s.conn)
	deferred := s.g.takeDeferred()
	if err != nil {
		return err
	}
	return s.inTx(ctx, func() error {
		if err := replay(s, deferred); err != nil {
			return err
		}
		return finish()
	})
}
