package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/dialects"
	"github.com/prefectorm/prefectorm/migrations"
)

// status prints every version with when it was applied, the current
// version and Prefect's alembic revision; it fails when Upgrade would
// refuse the database.
func status(ctx context.Context, db *gorm.DB, d dialects.Dialect, out io.Writer) error {
	rep, err := migrations.Status(ctx, db, d)
	if err != nil {
		return err
	}
	for _, v := range rep.Versions {
		if v.Applied {
			fmt.Fprintf(out, "%-24s applied %s\n", v.ID, v.AppliedAt.Format(time.RFC3339))
		} else {
			fmt.Fprintf(out, "%-24s pending\n", v.ID)
		}
	}
	fmt.Fprintf(out, "current: %s\n", rep.Current())
	if rep.AlembicRevision != "" {
		fmt.Fprintf(out, "alembic_version: %s\n", rep.AlembicRevision)
	}
	if rep.Adoptable {
		fmt.Fprintln(out, "Prefect 3.0 database not yet recorded: upgrade adopts it without changing Prefect's tables")
	}
	return rep.Refusal
}
