package migrations

import (
	"github.com/go-gormigrate/gormigrate/v2"

	"github.com/prefectorm/prefectorm/migrations/internal/frozen"
)

// WithVersions replaces the dialect's versions, so that tests can run the
// runner over more than one version. specs describe versions by id (their
// Alembic revision, NoTransaction); versions of the dialect keep theirs.
func WithVersions(versions []*gormigrate.Migration, specs ...frozen.Spec) Option {
	return func(c *config) { c.versions, c.specs = versions, specs }
}
