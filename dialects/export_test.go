package dialects

import "gorm.io/gorm"

// Knobs of the bulk inserts, for the tests and benchmarks that compare
// their write paths.
var (
	EventsDirectCopy       = &eventsDirectCopy
	InsertRowsPerStatement = &insertRowsPerStatement
)

// NextBatchSize is how Vacuum sizes its next batch under BatchDuration.
var NextBatchSize = nextBatchSize

// ReadBackIsDirect reports whether Upsert scans the stored row of model's
// table straight into the struct (no GORM Scan).
func ReadBackIsDirect(db *gorm.DB, model any) bool {
	plan, err := upsertPlanOf(db, model)
	if err != nil {
		return false
	}
	return plan.readBack.columns.Direct
}
