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
	width := 0
	for _, v := range rep.Versions {
		width = max(width, len(v.ID))
	}
	for _, v := range rep.Versions {
		if v.Applied {
			fmt.Fprintf(out, "%-*s  %s  applied %s\n", width, v.ID, v.AlembicRevision, v.AppliedAt.Format(time.RFC3339))
		} else {
			fmt.Fprintf(out, "%-*s  %s  pending\n", width, v.ID, v.AlembicRevision)
		}
	}
	fmt.Fprintf(out, "current: %s\n", rep.Current())
	if rep.AlembicRevision != "" {
		fmt.Fprintf(out, "alembic_version: %s\n", rep.AlembicRevision)
	}
	if rep.Adoptable {
		fmt.Fprintf(out, "Prefect database at %s not yet recorded: upgrade adopts it (versions up to %s) without changing Prefect's tables\n", rep.AlembicRevision, rep.AdoptTo)
	}
	return rep.Refusal
}
