// Package sqlite holds prefectorm's SQLite migration versions, frozen as
// embedded SQL so that no later model change can alter them. The version
// numbering is the same as in package postgres.
package sqlite

import (
	"embed"
	"io/fs"

	"github.com/go-gormigrate/gormigrate/v2"

	"github.com/prefectorm/prefectorm/migrations/internal/frozen"
)

//go:embed sql/*.sql
var scripts embed.FS

// Baseline is the first version: Prefect 3.0's schema.
const Baseline = "0001_prefect_3_0"

// AlembicRevision is the Alembic head of Prefect 3.0's SQLite migrations,
// the schema Baseline builds and the alembic_version row it writes.
const AlembicRevision = "f93e1439f022"

// Migrations returns the SQLite versions, oldest first.
func Migrations() []*gormigrate.Migration {
	sub, _ := fs.Sub(scripts, "sql") // cannot fail: "sql" is a valid path
	return []*gormigrate.Migration{
		frozen.Version(sub, Baseline),
	}
}
