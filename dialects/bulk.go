package dialects

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// Copier is the optional capability of a Dialect that loads rows through a
// bulk protocol faster than INSERT statements: PostgreSQL's COPY FROM STDIN
// (dialects/postgres implements it on pgx). InsertLogs and InsertEvents use
// it when the database's dialect (Of) implements it, and multi-row or
// prepared INSERT statements otherwise.
type Copier interface {
	// CopyRows writes the rows of src into columns of table on tx's
	// connection, inside tx's transaction, and returns the number of rows
	// written. Values come in the form the backend's driver encodes
	// natively. It returns an error wrapping ErrCopyUnsupported, having sent
	// nothing, when tx's connection cannot copy (not the backend's driver).
	// A unique violation wraps gorm.ErrDuplicatedKey.
	CopyRows(ctx context.Context, tx *gorm.DB, table string, columns []string, src CopySource) (int64, error)
}

// CopySource yields the rows of Copier.CopyRows; its method set is
// pgx.CopyFromSource's. Values may return the same slice every time: the
// row is encoded before Next is called again.
type CopySource interface {
	// Next advances to the next row and reports whether there is one.
	Next() bool
	// Values returns the current row's values, in column order.
	Values() ([]any, error)
	// Err returns the error that stopped Next early, if any.
	Err() error
}

// ErrCopyUnsupported is wrapped by Copier.CopyRows when the connection
// cannot copy; the bulk inserts then fall back to INSERT statements.
var ErrCopyUnsupported = errors.New("prefectorm: the connection does not support COPY")

// RowError reports a row a bulk insert refused before writing anything:
// Index is its index in the slice passed in, Table its table, and Err the
// *models.ValueError or *models.DocumentError naming the column and value.
type RowError struct {
	Table string
	Index int
	Err   error
}

// Error returns "prefectorm: bulk insert into <table>: row <i>: <err>".
func (e *RowError) Error() string {
	return fmt.Sprintf("prefectorm: bulk insert into %s: row %d: %s", e.Table, e.Index, strings.TrimPrefix(e.Err.Error(), "prefectorm: "))
}

// Unwrap returns Err.
func (e *RowError) Unwrap() error { return e.Err }

// bulkTable is a table written by a bulk insert, with its columns in the
// order the encoders fill them.
type bulkTable struct {
	name    string
	columns []string
}

// rowSource is the CopySource of n rows encoded by fill into one reused
// slice. A fill error stops the copy (pgx aborts it with CopyFail) and is
// kept in err, so that write returns it rather than the server's report
// of the aborted COPY.
type rowSource struct {
	n, i int
	buf  []any
	fill func(i int, dst []any) error
	err  error
}

func newRowSource(n, columns int, fill func(i int, dst []any) error) *rowSource {
	return &rowSource{n: n, i: -1, buf: make([]any, columns), fill: fill}
}

func (s *rowSource) Next() bool { s.i++; return s.err == nil && s.i < s.n }

func (s *rowSource) Values() ([]any, error) {
	if err := s.fill(s.i, s.buf); err != nil {
		s.err = err
		return nil, err
	}
	return s.buf, nil
}

func (s *rowSource) Err() error { return s.err }

// bulkWriter writes encoded rows on one transaction with the fastest
// method the dialect offers: Copier when it has one, else INSERT
// statements (see insertRows).
type bulkWriter struct {
	tx       *gorm.DB
	copier   Copier
	postgres bool
}

func newBulkWriter(tx *gorm.DB, d Dialect) *bulkWriter {
	w := &bulkWriter{tx: tx, postgres: d.Name() == "postgres"}
	w.copier, _ = d.(Copier)
	return w
}

// write writes n rows of t, row i encoded by fill. An error of fill (a
// *RowError of a row refused while the rows stream) is returned as it is;
// the rows written before it stay in the transaction, which the caller
// rolls back.
func (w *bulkWriter) write(ctx context.Context, t bulkTable, n int, fill func(i int, dst []any) error) error {
	if n == 0 {
		return nil
	}
	if w.copier != nil {
		src := newRowSource(n, len(t.columns), fill)
		_, err := w.copier.CopyRows(ctx, w.tx, t.name, t.columns, src)
		switch {
		case src.err != nil:
			return src.err
		case errors.Is(err, ErrCopyUnsupported):
			w.copier = nil
		case err != nil:
			return fmt.Errorf("prefectorm: bulk insert into %s: %w", t.name, err)
		default:
			return nil
		}
	}
	return w.insertRows(ctx, t, n, fill)
}

// canCopy reports whether writes go through the dialect's Copier.
func (w *bulkWriter) canCopy() bool { return w.copier != nil }
