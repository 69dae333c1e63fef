package dialects_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/prefectorm/prefectorm/dialects"
	"github.com/prefectorm/prefectorm/dialects/auto"
	"github.com/prefectorm/prefectorm/migrations"
	"github.com/prefectorm/prefectorm/models"
)

// Example is the README's API tour.
func Example() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "prefectorm-example")
	defer os.RemoveAll(dir)

	db, dialect, err := auto.Open(ctx, "sqlite:///"+filepath.Join(dir, "prefect.db"), dialects.Options{})
	if err != nil {
		panic(err)
	}
	if err := migrations.Migrate(ctx, db, dialect, migrations.WithLogger(nil)); err != nil {
		panic(err)
	}

	flow := models.Flow{Name: "etl"}
	if err := dialects.Upsert(ctx, db, &flow); err != nil {
		panic(err)
	}
	run := models.FlowRun{FlowID: flow.ID, IdempotencyKey: ptr("nightly-2024-08-19")}
	if err := dialects.Upsert(ctx, db, &run); err != nil {
		panic(err)
	}
	start := time.Date(2024, 8, 19, 2, 0, 0, 0, time.UTC)
	for i, typ := range []models.StateType{models.StatePending, models.StateRunning, models.StateCompleted} {
		state := models.FlowRunState{FlowRunID: run.ID, Type: typ, Timestamp: models.NewTimestamp(start.Add(time.Duration(i) * time.Minute))}
		if err := db.Create(&state).Error; err != nil {
			panic(err)
		}
	}
	if err := db.Take(&run, "id = ?", run.ID).Error; err != nil {
		panic(err)
	}

	var runs []models.FlowRun
	if err := db.Clauses(models.FlowRunSortStartTimeDesc).
		Where("? > ?", dialects.EstimatedRunTime("flow_run"), models.Interval(30*time.Second)).
		Find(&runs).Error; err != nil {
		panic(err)
	}

	block := models.BlockType{Name: "Secret", Slug: "secret"}
	if err := dialects.Upsert(ctx, db, &block); err != nil {
		panic(err)
	}
	schema := models.BlockSchema{Checksum: "sha256:0c7b", Version: "3.0.0", BlockTypeID: block.ID}
	if err := dialects.Upsert(ctx, db, &schema); err != nil {
		panic(err)
	}
	doc := models.BlockDocument{Name: "db-password", BlockTypeID: block.ID, BlockSchemaID: schema.ID}
	if err := doc.EncryptData(db, map[string]any{"value": "hunter2"}); err != nil {
		panic(err)
	}
	if err := db.Create(&doc).Error; err != nil {
		panic(err)
	}
	secret, err := doc.DecryptData(db)
	if err != nil {
		panic(err)
	}

	fmt.Println(*run.StateType, run.RunCount, run.TotalRunTime.Duration(), len(runs), runs[0].Name == run.Name, secret["value"])
	// Output: COMPLETED 1 1m0s 1 true hunter2
}

func ptr[T any](v T) *T { return &v }
