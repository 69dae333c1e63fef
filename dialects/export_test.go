package dialects

// Knobs of the bulk inserts, for the tests and benchmarks that compare
// their write paths.
var (
	EventsDirectCopy       = &eventsDirectCopy
	InsertRowsPerStatement = &insertRowsPerStatement
)
