// Package postgres is prefectorm's PostgreSQL backend, on pgx (pure Go: a
// program that imports only this backend builds with CGO_ENABLED=0).
// Importing it registers the dialect with package dialects.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/go-gormigrate/gormigrate/v2"
	"github.com/jackc/pgx/v5/pgconn"
	gormpostgres "gorm.io/driver/postgres"
	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/dialects"
	"github.com/prefectorm/prefectorm/internal/backend"
	"github.com/prefectorm/prefectorm/internal/naming"
	postgresmigrations "github.com/prefectorm/prefectorm/migrations/postgres"
)

// postgresMaxIdentifierLength is PostgreSQL's NAMEDATALEN - 1.
const postgresMaxIdentifierLength = 63

// Dialect is the PostgreSQL dialect, registered as "postgres" and
// "postgresql".
var Dialect dialects.Dialect = postgresDialect{}

func init() { dialects.Register(Dialect, "postgresql") }

type postgresDialect struct{ backend.Upserts }

func (postgresDialect) Name() string { return "postgres" }

// Migrations returns the frozen versions of package migrations/postgres.
func (postgresDialect) Migrations() []*gormigrate.Migration { return postgresmigrations.Migrations() }

func (postgresDialect) NamingStrategy() naming.Strategy {
	return naming.New(postgresMaxIdentifierLength)
}

func (postgresDialect) DeferForeignKeys() bool { return true }

// Open parses a PostgreSQL connection URL in Prefect's forms
// (postgresql+asyncpg://user:password@host:5432/db, postgresql://…,
// postgres://…) and opens it as Dialect.Open does.
func Open(ctx context.Context, url string, opts dialects.Options) (*gorm.DB, error) {
	target, err := dialects.ParseURL(url)
	if err != nil {
		return nil, err
	}
	if target.Dialect != "postgres" {
		return nil, fmt.Errorf("prefectorm: postgres.Open: %q is a %s URL (use dialects/auto to open either)", url, target.Dialect)
	}
	return Dialect.Open(ctx, target, opts)
}

// Open connects through pgx with the session time zone set to UTC, a
// connect timeout and the pool limits of opts.
func (d postgresDialect) Open(ctx context.Context, target dialects.Target, opts dialects.Options) (*gorm.DB, error) {
	opts = backend.Defaults(opts, 15)
	u := *target.URL
	q := u.Query()
	q.Set("timezone", "UTC")
	if q.Get("connect_timeout") == "" {
		q.Set("connect_timeout", strconv.Itoa(max(1, int(opts.ConnectTimeout.Seconds()))))
	}
	u.RawQuery = q.Encode()
	dialector := gormDialector{gormpostgres.Dialector{Config: &gormpostgres.Config{DSN: u.String()}}}
	db, err := gorm.Open(dialector, backend.GormConfig(opts, d.NamingStrategy()))
	if err != nil {
		return nil, fmt.Errorf("prefectorm: open PostgreSQL database %q: %w", target.URL.Redacted(), err)
	}
	sqlDB, err := backend.Configure(db, opts)
	if err != nil {
		return nil, err
	}
	if err := sqlDB.PingContext(ctx); err != nil {
		_ = sqlDB.Close()
		return nil, fmt.Errorf("prefectorm: connect to PostgreSQL %q: %w", target.URL.Redacted(), err)
	}
	return db, nil
}

// gormDialector is GORM's PostgreSQL dialector with prefectorm's
// AutoMigrate (backend.Migrator) and error translation.
type gormDialector struct{ gormpostgres.Dialector }

// Migrator returns GORM's migrator whose AutoMigrate runs prefectorm's
// migrations for prefectorm's models.
func (g gormDialector) Migrator(db *gorm.DB) gorm.Migrator {
	return backend.Migrator(g.Dialector.Migrator(db), db, Dialect)
}

// Translate wraps a unique or foreign key violation in gorm.ErrDuplicatedKey
// or gorm.ErrForeignKeyViolated, keeping PostgreSQL's message (with the
// constraint's name) and the *pgconn.PgError reachable with errors.As.
func (gormDialector) Translate(err error) error {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		return err
	}
	switch pgErr.Code {
	case "23505":
		return fmt.Errorf("%w: %w", gorm.ErrDuplicatedKey, err)
	case "23503":
		return fmt.Errorf("%w: %w", gorm.ErrForeignKeyViolated, err)
	case "23514":
		return fmt.Errorf("%w: %w", gorm.ErrCheckConstraintViolated, err)
	}
	return err
}
