package migrations

import "github.com/go-gormigrate/gormigrate/v2"

// WithVersions replaces the dialect's versions, so that tests can run the
// runner over more than one version.
func WithVersions(versions []*gormigrate.Migration) Option {
	return func(c *config) { c.versions = versions }
}
