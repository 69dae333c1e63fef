package dialects_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"gorm.io/gorm/clause"

	"github.com/prefectorm/prefectorm/dialects"
	"github.com/prefectorm/prefectorm/migrations"
	"github.com/prefectorm/prefectorm/models"
)

// Example is the README's API tour.
func Example() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "prefectorm-example")
	defer os.RemoveAll(dir)

	db, dialect, err := dialects.Open(ctx, "sqlite:///"+filepath.Join(dir, "prefect.db"), dialects.Options{})
	if err != nil {
		panic(err)
	}
	if err := migrations.CreateSchema(ctx, db, dialect); err != nil {
		panic(err)
	}

	flow := models.Flow{Name: "etl", Tags: models.NewJSON([]string{"nightly"})}
	if err := db.Create(&flow).Error; err != nil {
		panic(err)
	}
	run := models.FlowRun{FlowID: flow.ID, Parameters: models.NewJSON(map[string]any{"day": "2024-08-19"})}
	run.Name = "crimson-fox"
	run.StateType = models.StateScheduled.Ptr()
	run.ExpectedStartTime = models.NewTimestamp(models.Now().AddDate(0, 0, -1)).Ptr()
	if err := db.Create(&run).Error; err != nil {
		panic(err)
	}

	var late []models.FlowRun
	if err := db.Where("state_type = ? AND expected_start_time < ?", models.StateScheduled, models.Now()).Find(&late).Error; err != nil {
		panic(err)
	}
	again := models.Flow{Name: "etl"}
	if err := db.Clauses(clause.OnConflict{Columns: dialect.UpsertColumns("flow"), DoNothing: true}).Create(&again).Error; err != nil {
		panic(err)
	}
	var flows int64
	db.Model(&models.Flow{}).Count(&flows)
	fmt.Println(dialect.Name(), len(late), late[0].Name, flows)
	// Output: sqlite 1 crimson-fox 1
}
