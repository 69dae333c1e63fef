package dialects

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"gorm.io/gorm"
)

// insertRowsPerStatement is how many rows one INSERT statement of the
// non-COPY path carries. One row per statement, prepared once and executed
// per row in the transaction, measured fastest on SQLite (see
// BenchmarkInsertLogs and the README): multi-row VALUES lists save
// database/sql's per-call work but SQLite then parses and plans a
// statement of thousands of parameters, which costs more than it saves.
var insertRowsPerStatement = 1

// insertSQL returns the INSERT of rows rows into t, with ? placeholders
// (PostgreSQL: $n) and the given suffix (e.g. an ON CONFLICT clause).
func insertSQL(t bulkTable, rows int, postgres bool, suffix string) string {
	var b strings.Builder
	b.WriteString("INSERT INTO ")
	b.WriteString(t.name)
	b.WriteString(" (")
	b.WriteString(strings.Join(t.columns, ", "))
	b.WriteString(") VALUES ")
	n := 0
	for r := 0; r < rows; r++ {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for c := range t.columns {
			if c > 0 {
				b.WriteString(", ")
			}
			n++
			if postgres {
				b.WriteByte('$')
				b.WriteString(strconv.Itoa(n))
			} else {
				b.WriteByte('?')
			}
		}
		b.WriteByte(')')
	}
	if suffix != "" {
		b.WriteByte(' ')
		b.WriteString(suffix)
	}
	return b.String()
}

// prepare prepares query on the writer's transaction.
func (w *bulkWriter) prepare(ctx context.Context, query string) (*sql.Stmt, error) {
	return w.tx.Statement.ConnPool.PrepareContext(ctx, query)
}

// insertRows writes n rows of t with INSERT statements of
// insertRowsPerStatement rows, each prepared once.
func (w *bulkWriter) insertRows(ctx context.Context, t bulkTable, n int, fill func(i int, dst []any) error) error {
	per := max(1, min(insertRowsPerStatement, maxParameters/len(t.columns), n))
	cols := len(t.columns)
	buf := make([]any, per*cols)
	exec := func(stmt *sql.Stmt, from, rows int) error {
		for r := 0; r < rows; r++ {
			if err := fill(from+r, buf[r*cols:(r+1)*cols]); err != nil {
				return err
			}
		}
		if _, err := stmt.ExecContext(ctx, buf[:rows*cols]...); err != nil {
			return fmt.Errorf("prefectorm: bulk insert into %s: %w", t.name, w.translate(err))
		}
		return nil
	}
	full := n / per
	if full > 0 {
		stmt, err := w.prepare(ctx, insertSQL(t, per, w.postgres, ""))
		if err != nil {
			return fmt.Errorf("prefectorm: bulk insert into %s: %w", t.name, err)
		}
		defer stmt.Close()
		for c := 0; c < full; c++ {
			if err := exec(stmt, c*per, per); err != nil {
				return err
			}
		}
	}
	if rest := n - full*per; rest > 0 {
		stmt, err := w.prepare(ctx, insertSQL(t, rest, w.postgres, ""))
		if err != nil {
			return fmt.Errorf("prefectorm: bulk insert into %s: %w", t.name, err)
		}
		defer stmt.Close()
		return exec(stmt, full*per, rest)
	}
	return nil
}

// maxParameters is the most bound parameters one statement may carry on
// both databases (SQLite's SQLITE_MAX_VARIABLE_NUMBER since 3.32 and
// PostgreSQL's 16-bit count, whichever is lower).
const maxParameters = 32766

// translate applies the dialector's error translation (gorm.ErrDuplicatedKey
// and friends) to an error of a statement sent past GORM.
func (w *bulkWriter) translate(err error) error {
	if t, ok := w.tx.Dialector.(gorm.ErrorTranslator); ok && w.tx.Config.TranslateError {
		return t.Translate(err)
	}
	return err
}
