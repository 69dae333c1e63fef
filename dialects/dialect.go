// Package dialects opens and tunes prefectorm's two databases, SQLite and
// PostgreSQL, and holds what differs between them: connection set-up, the
// migration versions, the DDL that gorm tags cannot express, and the upsert
// conflict columns.
package dialects

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/logger"
	"gorm.io/gorm/schema"

	"github.com/prefectorm/prefectorm/hooks"
	"github.com/prefectorm/prefectorm/models"
)

// Dialect is one supported database: SQLite or PostgreSQL.
type Dialect interface {
	// Name returns "sqlite" or "postgres", as gorm.Dialector.Name does.
	Name() string
	// Open connects to the target, tunes every pooled connection and
	// returns a *gorm.DB using Prefect's naming strategy.
	Open(ctx context.Context, target Target, opts Options) (*gorm.DB, error)
	// Migrations returns the dialect's versioned migrations, oldest first.
	Migrations() []*gormigrate.Migration
	// UpsertColumns returns the ON CONFLICT target of one of Prefect's ten
	// upsertable tables (flow, flow_run, task_run, deployment, block_type,
	// block_schema, block_document, concurrency_limit, artifact_collection,
	// saved_search), or nil for any other table.
	UpsertColumns(table string) []clause.Column
	// NamingStrategy returns the naming strategy for the dialect's identifier limit.
	NamingStrategy() models.NamingStrategy
	// ColumnDefault renders a field's gorm `default` (or `serverDefault`)
	// tag as the dialect's DDL default expression ("" when it has none).
	ColumnDefault(field *schema.Field) string
	// DeferForeignKeys reports whether foreign keys are added with ALTER
	// TABLE after all tables exist (PostgreSQL) rather than inline (SQLite).
	DeferForeignKeys() bool
	// SchemaPrelude returns idempotent DDL run before any table is created
	// (extensions, enum types).
	SchemaPrelude() []string
	// SchemaIndexes returns the indexes that gorm tags cannot declare
	// because they differ between the dialects, created after all tables.
	SchemaIndexes() []IndexDDL
}

// IndexDDL is the CREATE INDEX statement of one dialect-specific index.
type IndexDDL struct {
	Table string
	Name  string
	SQL   string
}

// Options tunes a connection. The zero value gives Prefect's defaults.
type Options struct {
	// MaxOpenConns caps the pool (default: 15 on PostgreSQL, Prefect's pool
	// size plus overflow; 8 on SQLite files; 1 for in-memory SQLite).
	MaxOpenConns int
	// MaxIdleConns caps idle connections (default 5).
	MaxIdleConns int
	// ConnMaxLifetime recycles connections (default 1 h, Prefect's pool_recycle).
	ConnMaxLifetime time.Duration
	// ConnectTimeout bounds a PostgreSQL connection attempt (default 10 s).
	ConnectTimeout time.Duration
	// BusyTimeout is how long SQLite waits for a lock (default 60 s).
	BusyTimeout time.Duration
	// Logger replaces GORM's logger (default: warnings and errors only).
	Logger logger.Interface
	// NowFunc replaces the application clock used by GORM (default time.Now).
	NowFunc func() time.Time
}

func (o Options) withDefaults(maxOpen int) Options {
	if o.MaxOpenConns == 0 {
		o.MaxOpenConns = maxOpen
	}
	if o.MaxIdleConns == 0 {
		o.MaxIdleConns = min(5, o.MaxOpenConns)
	}
	if o.ConnMaxLifetime == 0 {
		o.ConnMaxLifetime = time.Hour
	}
	if o.ConnectTimeout == 0 {
		o.ConnectTimeout = 10 * time.Second
	}
	if o.BusyTimeout == 0 {
		o.BusyTimeout = 60 * time.Second
	}
	if o.Logger == nil {
		o.Logger = logger.Default.LogMode(logger.Warn)
	}
	return o
}

// gormConfig is the GORM configuration shared by both dialects.
func (o Options) gormConfig(d Dialect) *gorm.Config {
	cfg := &gorm.Config{
		NamingStrategy: d.NamingStrategy(),
		Logger:         o.Logger,
		NowFunc:        func() time.Time { return time.Now().UTC() },
		// Constraints are created by migrations.CreateSchema, not AutoMigrate.
		DisableForeignKeyConstraintWhenMigrating: false,
	}
	if o.NowFunc != nil {
		cfg.NowFunc = o.NowFunc
	}
	return cfg
}

// defaultTag returns a field's server default as written in its gorm tag:
// the `default` setting, or `serverDefault` for a default that exists only
// in the DDL (GORM then always writes the Go value, zero included).
func defaultTag(field *schema.Field) string {
	if tag, ok := field.TagSettings["DEFAULT"]; ok {
		return tag
	}
	return field.TagSettings["SERVERDEFAULT"]
}

// configure applies the pool limits and registers prefectorm's callbacks.
func configure(db *gorm.DB, opts Options) (*sql.DB, error) {
	sqlDB, err := db.DB()
	if err != nil {
		return nil, err
	}
	sqlDB.SetMaxOpenConns(opts.MaxOpenConns)
	sqlDB.SetMaxIdleConns(opts.MaxIdleConns)
	sqlDB.SetConnMaxLifetime(opts.ConnMaxLifetime)
	if err := hooks.Register(db); err != nil {
		_ = sqlDB.Close()
		return nil, err
	}
	return sqlDB, nil
}

// SQLite is the SQLite dialect.
var SQLite Dialect = sqliteDialect{}

// Postgres is the PostgreSQL dialect.
var Postgres Dialect = postgresDialect{}

// ByName returns the dialect called name ("sqlite" or "postgres").
func ByName(name string) (Dialect, error) {
	switch name {
	case "sqlite":
		return SQLite, nil
	case "postgres", "postgresql":
		return Postgres, nil
	}
	return nil, fmt.Errorf("prefectorm: unknown dialect %q (want sqlite or postgres)", name)
}

// Of returns the dialect of an open *gorm.DB.
func Of(db *gorm.DB) (Dialect, error) { return ByName(db.Dialector.Name()) }

// Open parses a Prefect connection URL, connects with the matching dialect
// and returns the tuned *gorm.DB with its dialect.
func Open(ctx context.Context, url string, opts Options) (*gorm.DB, Dialect, error) {
	target, err := ParseURL(url)
	if err != nil {
		return nil, nil, err
	}
	d, err := ByName(target.Dialect)
	if err != nil {
		return nil, nil, err
	}
	db, err := d.Open(ctx, target, opts)
	if err != nil {
		return nil, nil, err
	}
	return db, d, nil
}
