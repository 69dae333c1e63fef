// Package postgres holds prefectorm's PostgreSQL migration versions, frozen as
// embedded SQL so that no later model change can alter them. The version
// numbering is the same as in package sqlite.
package postgres

import (
	"embed"
	"io/fs"
	"slices"

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

// ModelsVersion is the version whose schema the models (CreateSchema)
// describe.
const ModelsVersion = "0022_prefectorm_worker_indexes"

// specs are the versions, read once from the embedded scripts' headers.
var specs = func() []frozen.Spec {
	s, err := frozen.Load(sqlDir(), map[string]string{Baseline: AlembicRevision})
	if err != nil {
		panic(err) // the scripts are embedded: a defect the package tests catch
	}
	return s
}()

// sqlDir is the directory of the embedded scripts.
func sqlDir() fs.FS {
	sub, _ := fs.Sub(scripts, "sql") // cannot fail: "sql" is a valid path
	return sub
}

// Specs describes the versions, oldest first, in the order of Migrations.
func Specs() []frozen.Spec {
	return slices.Clone(specs)
}

// Migrations returns the versions, oldest first.
func Migrations() []*gormigrate.Migration {
	out := make([]*gormigrate.Migration, len(specs))
	for i, s := range specs {
		out[i] = frozen.VersionOf(sqlDir(), s)
	}
	return out
}
