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
