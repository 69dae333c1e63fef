package migrations

import (
	"io"
	"log/slog"

	"github.com/go-gormigrate/gormigrate/v2"

	"github.com/prefectorm/prefectorm/migrations/internal/frozen"
)

// Base names the state below the first version: an empty database.
// Downgrade(…, To(Base)) rolls every applied version back.
const Base = "base"

// Option tunes Upgrade, Downgrade, Reset, Migrate, Stamp and Status.
type Option func(*config)

type config struct {
	logger  *slog.Logger
	to      string
	prefect string // a Prefect release naming the target (ToPrefect)
	steps   int
	confirm bool
	// prefectOnly leaves prefectorm's own-index versions out
	// (PrefectSchemaOnly).
	prefectOnly bool
	// versions replaces the dialect's versions (tests); specs describes
	// them by id (a version without a spec writes no Alembic revision and
	// runs in a transaction).
	versions []*gormigrate.Migration
	specs    []frozen.Spec
}

func newConfig(opts []Option) config {
	c := config{logger: slog.Default()}
	for _, o := range opts {
		o(&c)
	}
	if c.logger == nil {
		c.logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return c
}

// WithLogger sends progress (each version as it starts and ends, with its
// duration, adoptions, stamps, lock waits and invalid indexes rebuilt) to l
// instead of slog.Default(). A nil l silences progress.
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.logger = l } }

// To sets the target version by id: the last version Upgrade and Migrate
// apply, the version Downgrade stops at (kept applied; Base rolls
// everything back), or the version Stamp records the database at.
func To(version string) Option { return func(c *config) { c.to = version } }

// ToPrefect sets the target by Prefect release, such as "3.6.29": the
// version whose schema is the one that release's own migrations build on
// the dialect (see PrefectVersion). It is an alternative to To; a release
// this prefectorm does not know is an error.
func ToPrefect(release string) Option { return func(c *config) { c.prefect = release } }

// Steps makes Downgrade roll back the n most recent applied versions.
func Steps(n int) Option { return func(c *config) { c.steps = n } }

// Confirm acknowledges that Reset drops every table of prefectorm's schema
// with its data; Reset refuses to run without it.
func Confirm() Option { return func(c *config) { c.confirm = true } }

// PrefectSchemaOnly keeps the schema exactly Prefect's: the call leaves out
// every version of prefectorm's own indexes (versions whose scripts carry
// "-- prefectorm: own-index", such as 0021_prefectorm_sort_indexes), which
// are otherwise built by default. Such versions add indexes only, named
// prefectorm_ix_…, and keep Prefect's Alembic head, so a Prefect server
// sharing the database is unaffected either way.
//
// On a database that already has them, Upgrade, Migrate, Downgrade and
// Reset with this option first roll them back, newest first (dropping their
// indexes, CONCURRENTLY on PostgreSQL, and their TableName rows), whether
// a version recorded them or CreateSchema built them; CreateSchema drops
// them; Stamp removes their rows but, as always, changes no schema; Status
// lists them in Report.OwnIndexesToDrop. Without the option, Status,
// Downgrade and Stamp treat them as ordinary versions.
func PrefectSchemaOnly() Option { return func(c *config) { c.prefectOnly = true } }
