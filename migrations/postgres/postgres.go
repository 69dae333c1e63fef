// Package postgres holds prefectorm's PostgreSQL migration versions, frozen as
// embedded SQL so that no later model change can alter them. The version
// numbering is the same as in package sqlite.
package postgres

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

// AlembicRevision is the Alembic head of Prefect 3.0's PostgreSQL migrations,
// the schema Baseline builds and the alembic_version row it writes.
const AlembicRevision = "97429116795e"

// Migrations returns the PostgreSQL versions, oldest first.
func Migrations() []*gormigrate.Migration {
	sub, _ := fs.Sub(scripts, "sql") // cannot fail: "sql" is a valid path
	return []*gormigrate.Migration{
		frozen.Version(sub, Baseline),
	}
}
