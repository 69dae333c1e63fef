package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/dialects"
)

// CopyRows implements dialects.Copier with pgx's CopyFrom (COPY … FROM
// STDIN, binary format) on the connection of tx's transaction.
//
// database/sql does not hand out the driver connection of a *sql.Tx, so
// CopyRows reaches it through pgx's own extension point: it executes a
// statement on tx's connection pool (the *sql.Tx, or whatever GORM wraps it
// in) whose first argument is a pgx.QueryRewriter. pgx calls the rewriter
// with the *pgx.Conn that runs the transaction before it sends anything;
// the rewriter runs CopyFrom there, so the rows join the transaction, and
// leaves an empty statement to send. On a connection that is not pgx's the
// rewriter is never called and CopyRows returns dialects.ErrCopyUnsupported.
func (postgresDialect) CopyRows(ctx context.Context, tx *gorm.DB, table string, columns []string, src dialects.CopySource) (int64, error) {
	r := &copyRewriter{table: table, columns: columns, src: src}
	_, err := tx.Statement.ConnPool.ExecContext(ctx, "-- prefectorm: COPY "+table, r)
	switch {
	case !r.called:
		return 0, fmt.Errorf("%w (%T: %v)", dialects.ErrCopyUnsupported, tx.Statement.ConnPool, err)
	case r.err != nil:
		return r.n, gormDialector{}.Translate(r.err)
	case err != nil:
		return r.n, gormDialector{}.Translate(err)
	}
	return r.n, nil
}

// copyRewriter is the pgx.QueryRewriter that runs CopyFrom on the
// connection pgx gives it.
type copyRewriter struct {
	table   string
	columns []string
	src     dialects.CopySource
	called  bool
	n       int64
	err     error
}

var _ pgx.QueryRewriter = (*copyRewriter)(nil)

// RewriteQuery copies the rows on conn and returns a comment-only
// statement (PostgreSQL answers it with EmptyQueryResponse).
func (r *copyRewriter) RewriteQuery(ctx context.Context, conn *pgx.Conn, sql string, _ []any) (string, []any, error) {
	r.called = true
	r.n, r.err = conn.CopyFrom(ctx, pgx.Identifier{r.table}, r.columns, r.src)
	if r.err != nil {
		return "", nil, errCopyFailed
	}
	return sql, nil, nil
}

// errCopyFailed stops the statement after a failed copy; CopyRows returns
// the copy's own error instead.
var errCopyFailed = errors.New("prefectorm: COPY failed")
