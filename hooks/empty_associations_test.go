package hooks_test

import (
	"errors"
	"testing"

	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/models"
)

// TestAssociationsStillSaved checks that skipping GORM's association
// callbacks for rows without association values leaves the rows with them
// to GORM: a flow created with its runs stores the runs, one without
// stores none, and a batch mixing both stores the runs of the one.
func TestAssociationsStillSaved(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		tests := []struct {
			name  string
			flows []models.Flow
			runs  int64
		}{
			{name: "no associations", flows: []models.Flow{{Name: "bare"}}, runs: 0},
			{name: "with runs", flows: []models.Flow{{Name: "with", FlowRuns: []models.FlowRun{{}, {}}}}, runs: 2},
			{name: "batch of both", flows: []models.Flow{{Name: "b1"}, {Name: "b2", FlowRuns: []models.FlowRun{{}}}}, runs: 1},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if err := db.Create(&tt.flows).Error; err != nil {
					t.Fatal(err)
				}
				ids := make([]models.UUID, len(tt.flows))
				for i, f := range tt.flows {
					ids[i] = f.ID
				}
				var n int64
				if err := db.Model(&models.FlowRun{}).Where("flow_id IN ?", ids).Count(&n).Error; err != nil {
					t.Fatal(err)
				}
				if n != tt.runs {
					t.Fatalf("stored %d flow runs, want %d", n, tt.runs)
				}
			})
		}
	})
}

// TestCreateInTransactionRollsBack checks that a create, update and
// delete inside db.Transaction (whose default transaction GORM's callback
// is skipped for) run in it: an error rolls all of them back.
func TestCreateInTransactionRollsBack(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		kept := models.Flow{Name: "kept"}
		if err := db.Create(&kept).Error; err != nil {
			t.Fatal(err)
		}
		refused := errors.New("refused")
		err := db.Transaction(func(tx *gorm.DB) error {
			if err := tx.Create(&models.Flow{Name: "rolled back"}).Error; err != nil {
				return err
			}
			if err := tx.Model(&kept).Update("name", "renamed").Error; err != nil {
				return err
			}
			if err := tx.Delete(&models.Flow{}, "name = ?", "kept").Error; err != nil {
				return err
			}
			return refused
		})
		if !errors.Is(err, refused) {
			t.Fatalf("transaction: %v", err)
		}
		var names []string
		if err := db.Model(&models.Flow{}).Order("name").Pluck("name", &names).Error; err != nil {
			t.Fatal(err)
		}
		if len(names) != 1 || names[0] != "kept" {
			t.Fatalf("flows after rollback = %q, want [kept]", names)
		}
	})
}
