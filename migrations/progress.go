package migrations

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// Progress messages are logged with the attributes "version" and
// "direction" ("up" or "down"), plus "duration" when a version ends.
const (
	// MsgStarted is logged at Info when a version starts.
	MsgStarted = "prefectorm: migration started"
	// MsgFinished is logged at Info when a version has run, with its duration.
	MsgFinished = "prefectorm: migration finished"
	// MsgFailed is logged at Error when a version fails, with its duration
	// and the "error"; that version is rolled back (or, for a version that
	// runs outside a transaction, left unrecorded to be run again), the
	// versions before it stay applied.
	MsgFailed = "prefectorm: migration failed"
	// MsgAdopted is logged at Info when a Prefect database is recorded as
	// being at a version without running it: "version" is the newest version
	// recorded, "alembic_revision" Prefect's revision and "recorded" how
	// many versions were recorded.
	MsgAdopted = "prefectorm: adopted existing Prefect database"
	// MsgStamped is logged at Info by Stamp, with the "version" the
	// database is now recorded at and its "alembic_revision".
	MsgStamped = "prefectorm: stamped database"
	// MsgOwnIndexesDropped is logged at Info when PrefectSchemaOnly rolls
	// back an own-index version the database had: "version" names it,
	// "indexes" counts its indexes.
	MsgOwnIndexesDropped = "prefectorm: dropped prefectorm's own indexes"
	// MsgLockWait is logged at Info, once per call, when another migration
	// holds the migration lock and the call starts waiting for it.
	MsgLockWait = "prefectorm: waiting for the migration lock"
	// MsgInvalidIndex is logged at Warn when an INVALID index, left by an
	// interrupted CREATE INDEX CONCURRENTLY, is dropped before the build is
	// run again; "index" names it.
	MsgInvalidIndex = "prefectorm: dropping invalid index left by an interrupted build"
)

// withProgress returns copies of versions whose Migrate and Rollback report
// their start and end, with the duration, to log.
func withProgress(versions []*gormigrate.Migration, log *slog.Logger) []*gormigrate.Migration {
	out := make([]*gormigrate.Migration, len(versions))
	for i, v := range versions {
		out[i] = &gormigrate.Migration{
			ID:       v.ID,
			Migrate:  timed(log, v.ID, "up", v.Migrate),
			Rollback: timed(log, v.ID, "down", v.Rollback),
		}
	}
	return out
}

func timed(log *slog.Logger, id, direction string, fn func(*gorm.DB) error) func(*gorm.DB) error {
	if fn == nil {
		return nil
	}
	return func(tx *gorm.DB) error {
		start := time.Now()
		log.Info(MsgStarted, "version", id, "direction", direction)
		if err := fn(tx); err != nil {
			log.Error(MsgFailed, "version", id, "direction", direction, "duration", time.Since(start), "error", err)
			verb := map[string]string{"up": "apply", "down": "roll back"}[direction]
			return fmt.Errorf("prefectorm: %s version %q: %w", verb, id, err)
		}
		log.Info(MsgFinished, "version", id, "direction", direction, "duration", time.Since(start))
		return nil
	}
}
