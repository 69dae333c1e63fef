// Command pgonly is a PostgreSQL-only prefectorm program. TestNoCgo and
// .ci/run build it with CGO_ENABLED=0: importing dialects/postgres (and
// not dialects/sqlite or dialects/auto) links no C.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/prefectorm/prefectorm/dialects"
	"github.com/prefectorm/prefectorm/dialects/postgres"
	"github.com/prefectorm/prefectorm/migrations"
	"github.com/prefectorm/prefectorm/models"
)

func main() {
	ctx := context.Background()
	db, err := postgres.Open(ctx, os.Getenv("PREFECT_API_DATABASE_CONNECTION_URL"), dialects.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := migrations.Migrate(ctx, db, postgres.Dialect); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	flow := models.Flow{Name: "etl"}
	if err := dialects.Upsert(ctx, db, &flow); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(flow.ID)
}
