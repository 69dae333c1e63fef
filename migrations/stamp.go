package migrations

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/dialects"
)

// Stamp records the database as being at the target version given with To
// or ToPrefect (required), as `prefect server database stamp` does for
// Alembic, without running any version: afterwards TableName lists
// exactly the versions up to and including the target (rows already there
// keep their applied_at, the others are added now and later ones removed),
// and alembic_version holds the target's Prefect revision (one row; the
// table is created when missing). To(Base) removes every row of both.
// Stamp changes no other table: it is for a schema built or repaired by
// other means, and a wrong stamp makes the next Upgrade run versions on a
// schema they do not expect.
//
// ToPrefect(release) stamps the release's own version (such as
// 0020_event_resources_event_id_index for 3.8.3), never the own-index
// versions after it that share its revision: Prefect does not build their
// indexes, so the next Migrate builds them. To names any version, own-index
// ones included. With PrefectSchemaOnly, the rows of own-index versions are
// removed too (their indexes, if any, stay: Stamp changes no schema).
//
// Stamp refuses, changing nothing and with an error wrapping ErrRefused, a
// database whose recorded versions or Alembic revision this prefectorm does
// not know, whose alembic_version holds several rows, or that holds tables
// but neither TableName nor alembic_version. It runs in one transaction
// under the migration lock.
func Stamp(ctx context.Context, db *gorm.DB, d dialects.Dialect, opts ...Option) error {
	r, err := newRunner(d, opts)
	if err != nil {
		return err
	}
	if r.cfg.steps != 0 {
		return fmt.Errorf("prefectorm: Stamp takes To, not Steps (%d)", r.cfg.steps)
	}
	if r.cfg.to == "" && r.cfg.prefect == "" {
		return fmt.Errorf("prefectorm: Stamp needs a target: To(version), To(%q) or ToPrefect(release)", Base)
	}
	// ToPrefect names the release's own version, not the own-index
	// versions after it: a schema Prefect built has none of their indexes.
	r.stampPrefect = true
	target, err := r.target(0, true)
	if err != nil {
		return err
	}
	return withSession(ctx, db, d, r.cfg.logger, func(s *session) error {
		return s.inTx(ctx, func() error {
			st, err := readState(s.conn, d)
			if err != nil {
				return err
			}
			if err := r.judgeStamp(st); err != nil {
				return err
			}
			if !st.bookkeeping {
				if err := createBookkeeping(s.conn, d); err != nil {
					return err
				}
			}
			for i, v := range r.versions {
				_, ok := st.applied[v.ID]
				switch {
				case i <= target && !ok:
					if err := r.record(s, i); err != nil {
						return fmt.Errorf("prefectorm: stamp: record %q: %w", v.ID, err)
					}
				case i > target && ok:
					if err := s.conn.Exec("DELETE FROM "+TableName+" WHERE id = ?", v.ID).Error; err != nil {
						return fmt.Errorf("prefectorm: stamp: unrecord %q: %w", v.ID, err)
					}
				}
			}
			for _, v := range r.excluded {
				if _, ok := st.applied[v.ID]; ok {
					if err := s.conn.Exec("DELETE FROM "+TableName+" WHERE id = ?", v.ID).Error; err != nil {
						return fmt.Errorf("prefectorm: stamp: unrecord %q: %w", v.ID, err)
					}
				}
			}
			revision := ""
			if target >= 0 {
				revision = r.versions[target].revision
			}
			if err := stampAlembic(s.conn, st, revision); err != nil {
				return err
			}
			r.cfg.logger.Info(MsgStamped, "version", r.targetName(target), "alembic_revision", revision)
			return nil
		})
	})
}

// judgeStamp refuses what Stamp must not overwrite.
func (r *runner) judgeStamp(st dbState) error {
	unknown := r.unknown(st)
	switch {
	case len(unknown) > 0:
		return fmt.Errorf("prefectorm: %s records versions %q that this prefectorm does not know (applied by a newer release?): %w", TableName, unknown, ErrRefused)
	case len(st.alembic) > 1:
		return fmt.Errorf("prefectorm: %s holds %d revisions %q, want one: %w", alembicTable, len(st.alembic), st.alembic, ErrRefused)
	case len(st.alembic) == 1 && r.lastWithRevision(st.alembic[0], true) < 0:
		return fmt.Errorf("prefectorm: unknown alembic revision %q in %s: %w", st.alembic[0], alembicTable, ErrRefused)
	case st.alembic == nil && !st.bookkeeping && len(st.tables) > 0:
		return fmt.Errorf("prefectorm: database holds %d tables (%s) but neither %s nor Prefect's %s: %w",
			len(st.tables), abbreviate(st.tables), TableName, alembicTable, ErrRefused)
	}
	return nil
}

// stampAlembic makes alembic_version hold revision ("" : no row).
func stampAlembic(tx *gorm.DB, st dbState, revision string) error {
	if st.alembic == nil {
		if revision == "" {
			return nil
		}
		if err := tx.Exec(alembicTableDDL).Error; err != nil {
			return fmt.Errorf("prefectorm: stamp: create %s: %w", alembicTable, err)
		}
	}
	if len(st.alembic) == 1 && st.alembic[0] == revision {
		return nil
	}
	if err := tx.Exec("DELETE FROM " + alembicTable).Error; err != nil {
		return fmt.Errorf("prefectorm: stamp: %s: %w", alembicTable, err)
	}
	if revision == "" {
		return nil
	}
	if err := tx.Exec("INSERT INTO "+alembicTable+" (version_num) VALUES (?)", revision).Error; err != nil {
		return fmt.Errorf("prefectorm: stamp: write %q to %s: %w", revision, alembicTable, err)
	}
	return nil
}
