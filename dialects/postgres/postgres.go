package postgres

import (
	"context"
	"fmt"
	"strconv"

	"github.com/go-gormigrate/gormigrate/v2"
	gormpostgres "gorm.io/driver/postgres"
	"gorm.io/gorm"

	postgresmigrations "github.com/prefectorm/prefectorm/migrations/postgres"
	"github.com/prefectorm/prefectorm/models"
)

// postgresMaxIdentifierLength is PostgreSQL's NAMEDATALEN - 1.
const postgresMaxIdentifierLength = 63

type postgresDialect struct{ sharedUpserts }

func (postgresDialect) Name() string { return "postgres" }

// Migrations returns the frozen versions of package migrations/postgres.
func (postgresDialect) Migrations() []*gormigrate.Migration { return postgresmigrations.Migrations() }

func (postgresDialect) NamingStrategy() models.NamingStrategy {
	return models.NewNamingStrategy(postgresMaxIdentifierLength)
}

func (postgresDialect) DeferForeignKeys() bool { return true }

// Open connects through pgx with the session time zone set to UTC, a
// connect timeout and the pool limits of opts.
func (d postgresDialect) Open(ctx context.Context, target Target, opts Options) (*gorm.DB, error) {
	opts = opts.withDefaults(15)
	u := *target.URL
	q := u.Query()
	q.Set("timezone", "UTC")
	if q.Get("connect_timeout") == "" {
		q.Set("connect_timeout", strconv.Itoa(max(1, int(opts.ConnectTimeout.Seconds()))))
	}
	u.RawQuery = q.Encode()
	db, err := gorm.Open(gormpostgres.New(gormpostgres.Config{DSN: u.String()}), opts.gormConfig(d))
	if err != nil {
		return nil, fmt.Errorf("prefectorm: open PostgreSQL database %q: %w", redact(target.URL.Redacted()), err)
	}
	sqlDB, err := configure(db, opts)
	if err != nil {
		return nil, err
	}
	if err := sqlDB.PingContext(ctx); err != nil {
		_ = sqlDB.Close()
		return nil, fmt.Errorf("prefectorm: connect to PostgreSQL %q: %w", target.URL.Redacted(), err)
	}
	return db, nil
}
