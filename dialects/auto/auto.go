// Package auto opens whichever of prefectorm's backends a Prefect
// connection URL names. It imports both dialects/sqlite and
// dialects/postgres, so it links SQLite's C (cgo); a PostgreSQL-only
// program imports dialects/postgres instead and builds with CGO_ENABLED=0.
package auto

import (
	"context"

	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/dialects"
	// The backends register themselves with dialects.
	_ "github.com/prefectorm/prefectorm/dialects/postgres"
	_ "github.com/prefectorm/prefectorm/dialects/sqlite"
)

// Open parses a Prefect connection URL (PREFECT_API_DATABASE_CONNECTION_URL's
// forms, see dialects.ParseURL), connects with the matching backend and
// returns the tuned *gorm.DB with its dialect.
func Open(ctx context.Context, url string, opts dialects.Options) (*gorm.DB, dialects.Dialect, error) {
	target, err := dialects.ParseURL(url)
	if err != nil {
		return nil, nil, err
	}
	d, err := dialects.ByName(target.Dialect)
	if err != nil {
		return nil, nil, err
	}
	db, err := d.Open(ctx, target, opts)
	if err != nil {
		return nil, nil, err
	}
	return db, d, nil
}
