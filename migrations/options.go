package migrations

import (
	"io"
	"log/slog"

	"github.com/go-gormigrate/gormigrate/v2"
)

// Base names the state below the first version: an empty database.
// Downgrade(…, To(Base)) rolls every applied version back.
const Base = "base"

// Option tunes Upgrade, Downgrade, Reset and Migrate.
type Option func(*config)

type config struct {
	logger   *slog.Logger
	to       string
	steps    int
	confirm  bool
	versions []*gormigrate.Migration // nil: the dialect's own versions
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
// duration, and an adoption) to l instead of slog.Default(). A nil l
// silences progress.
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.logger = l } }

// To sets the target version: the last version Upgrade applies, or the
// version Downgrade stops at (kept applied; Base rolls everything back).
func To(version string) Option { return func(c *config) { c.to = version } }

// Steps makes Downgrade roll back the n most recent applied versions.
func Steps(n int) Option { return func(c *config) { c.steps = n } }

// Confirm acknowledges that Reset drops every table of prefectorm's schema
// with its data; Reset refuses to run without it.
func Confirm() Option { return func(c *config) { c.confirm = true } }
