package dialects

import (
	"context"
	"strings"

	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/models"
)

// logTable is the log table's columns, in the order encodeLog fills them.
var logTable = bulkTable{name: "log", columns: []string{
	"id", "created", "updated", "name", "level", "flow_run_id", "task_run_id", "message", "timestamp",
}}

// InsertLogs inserts logs into the log table in one transaction (joining
// db's when db is inside one, as a savepoint), as Prefect's create_logs
// does, through COPY on PostgreSQL and one prepared INSERT reused per row
// on SQLite. It bypasses GORM's callbacks and reflection; the rows are
// stored exactly as db.Create stores them.
//
// It fills, in the slice, what db.Create fills: a zero ID gets a random v4
// UUID, zero Created and Updated the application clock (db's NowFunc, UTC,
// microseconds), and a zero Timestamp that clock too (Prefect's default).
// As Prefect's create_logs does, NUL bytes are removed from Name and
// Message (PostgreSQL cannot store them in text), and timestamps are
// normalised to what is stored (UTC, truncated to microseconds).
//
// Every row is checked before anything is sent: a Level outside SMALLINT
// or a Timestamp outside years 0000 to 9999 is a *RowError naming the row's
// index, the column and the value, and nothing is written. A failure while
// writing (a duplicate id) writes nothing either.
func InsertLogs(ctx context.Context, db *gorm.DB, logs []models.Log) error {
	if len(logs) == 0 {
		return nil
	}
	d, err := Of(db)
	if err != nil {
		return err
	}
	ts := models.NewTimestamp(db.NowFunc())
	for i := range logs {
		if err := prepareLog(&logs[i], ts); err != nil {
			return &RowError{Table: logTable.name, Index: i, Err: err}
		}
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		w := newBulkWriter(tx, d)
		f := valueForm{postgres: w.postgres}
		return w.write(ctx, logTable, len(logs), func(i int, dst []any) error { encodeLog(f, &logs[i], dst); return nil })
	})
}

// everyColumn is the writes argument of models.RowValidator for a row
// whose columns are all written.
func everyColumn(string) bool { return true }

// prepareLog fills l's defaults and validates it.
func prepareLog(l *models.Log, ts models.Timestamp) error {
	fillBase(&l.Base, ts)
	if l.Timestamp.IsZero() {
		l.Timestamp = ts
	}
	l.Timestamp = models.NewTimestamp(l.Timestamp.Time)
	l.Name = withoutNUL(l.Name)
	l.Message = withoutNUL(l.Message)
	if err := l.ValidateRow(everyColumn); err != nil {
		return err
	}
	return inColumn("log.timestamp", l.Timestamp.CheckRange())
}

// fillBase gives a zero ID a random v4 UUID and zero Created and Updated
// the time ts, as the hooks do on create, and normalises set ones to what
// is stored.
func fillBase(b *models.Base, ts models.Timestamp) {
	if b.ID.IsZero() {
		b.ID = models.NewUUID()
	}
	if b.Created.IsZero() {
		b.Created = ts
	} else {
		b.Created = models.NewTimestamp(b.Created.Time)
	}
	if b.Updated.IsZero() {
		b.Updated = ts
	} else {
		b.Updated = models.NewTimestamp(b.Updated.Time)
	}
}

// inColumn sets the column of a *models.ValueError; nil stays nil.
func inColumn(column string, err error) error {
	if ve, ok := err.(*models.ValueError); ok {
		out := *ve
		out.Column = column
		return &out
	}
	return err
}

// withoutNUL removes NUL bytes from s.
func withoutNUL(s string) string {
	if strings.IndexByte(s, 0) < 0 {
		return s
	}
	return strings.ReplaceAll(s, "\x00", "")
}

// encodeLog fills dst with l's values in the form f sends.
func encodeLog(f valueForm, l *models.Log, dst []any) {
	dst[0] = f.id(l.ID)
	dst[1] = f.time(l.Created)
	dst[2] = f.time(l.Updated)
	dst[3] = l.Name
	dst[4] = f.smallint(l.Level)
	dst[5] = f.idPtr(l.FlowRunID)
	dst[6] = f.idPtr(l.TaskRunID)
	dst[7] = l.Message
	dst[8] = f.time(l.Timestamp)
}
