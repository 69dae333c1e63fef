package sqlite

import (
	"context"
	"database/sql/driver"

	"github.com/mattn/go-sqlite3"

	"github.com/prefectorm/prefectorm/internal/coltype"
)

// rawDateTimeDriver is mattn/go-sqlite3 with its DATETIME conversion turned
// off. For a column declared DATE, DATETIME or TIMESTAMP, mattn parses TEXT
// values with its own layouts and hands over the zero time when none fits
// ('2024-01-01 00:00:00+0000', the empty string, '2024-02-30', garbage), and
// turns integers into Unix times; the stored text is lost before any Scan
// can refuse it. This driver instead hands such a column's TEXT over as
// []byte holding the stored text, and its numbers as they are, so that
// models.Timestamp and models.Interval parse what is really stored and
// report what they cannot read. Other columns are untouched.
//
// mattn decides per result column from the declared types it caches in the
// slice SQLiteRows.DeclTypes returns; the driver renames those entries
// before the first row is read (the driver's ColumnTypeDatabaseTypeName and
// ColumnTypeScanType ask SQLite again, so column type reports are unchanged).
type rawDateTimeDriver struct{ *sqlite3.SQLiteDriver }

// Open opens a mattn connection and wraps it.
func (d rawDateTimeDriver) Open(dsn string) (driver.Conn, error) {
	conn, err := d.SQLiteDriver.Open(dsn)
	if err != nil {
		return nil, err
	}
	return rawDateTimeConn{conn.(*sqlite3.SQLiteConn)}, nil
}

// rawDateTimeConn is a mattn connection whose queries return raw DATETIME text.
type rawDateTimeConn struct{ *sqlite3.SQLiteConn }

func (c rawDateTimeConn) Query(query string, args []driver.Value) (driver.Rows, error) {
	return rawDateTimes(c.SQLiteConn.Query(query, args))
}

func (c rawDateTimeConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return rawDateTimes(c.SQLiteConn.QueryContext(ctx, query, args))
}

func (c rawDateTimeConn) Prepare(query string) (driver.Stmt, error) {
	return rawDateTimeStmts(c.SQLiteConn.Prepare(query))
}

func (c rawDateTimeConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return rawDateTimeStmts(c.SQLiteConn.PrepareContext(ctx, query))
}

// rawDateTimeStmt is a mattn prepared statement returning raw DATETIME text.
type rawDateTimeStmt struct{ *sqlite3.SQLiteStmt }

func rawDateTimeStmts(s driver.Stmt, err error) (driver.Stmt, error) {
	if err != nil {
		return s, err
	}
	return rawDateTimeStmt{s.(*sqlite3.SQLiteStmt)}, nil
}

func (s rawDateTimeStmt) Query(args []driver.Value) (driver.Rows, error) {
	return rawDateTimes(s.SQLiteStmt.Query(args))
}

func (s rawDateTimeStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	return rawDateTimes(s.SQLiteStmt.QueryContext(ctx, args))
}

// rawDateTimeTag replaces a time-like declared type in mattn's cache; any
// name mattn does not recognise would do.
const rawDateTimeTag = " (raw text)"

// rawDateTimes turns off mattn's time conversion for rows and wraps them so
// that DATETIME text arrives as []byte.
func rawDateTimes(rows driver.Rows, err error) (driver.Rows, error) {
	r, ok := rows.(*sqlite3.SQLiteRows)
	if err != nil || !ok {
		return rows, err
	}
	decl := r.DeclTypes()
	var timeColumns []int
	for i, t := range decl {
		switch t {
		case "date", "datetime", "timestamp":
			decl[i] = t + rawDateTimeTag
			timeColumns = append(timeColumns, i)
		}
	}
	if len(timeColumns) == 0 {
		return rows, nil
	}
	return &rawDateTimeRows{SQLiteRows: r, timeColumns: timeColumns}, nil
}

// rawDateTimeRows hands a time-like column's text over as a time.Time when
// it is one of the forms Prefect writes or accepts (coltype.ParseTimeText),
// as mattn would, so that time.Time fields of an application's own models
// keep working; any other text arrives as []byte holding the stored text,
// which models.Timestamp and models.Interval refuse with that text and a
// time.Time destination refuses too, instead of reading the zero time.
type rawDateTimeRows struct {
	*sqlite3.SQLiteRows
	timeColumns []int
}

// Next reads the next row, converting time-like columns' text to a UTC
// time.Time, or to []byte when it is not a time Prefect would read.
func (r *rawDateTimeRows) Next(dest []driver.Value) error {
	if err := r.SQLiteRows.Next(dest); err != nil {
		return err
	}
	for _, i := range r.timeColumns {
		if s, ok := dest[i].(string); ok {
			if t, err := coltype.ParseTimeText(s); err == nil {
				dest[i] = t.UTC()
			} else {
				dest[i] = []byte(s)
			}
		}
	}
	return nil
}
