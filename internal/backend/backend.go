// Package backend is what the backends dialects/sqlite and dialects/postgres
// share: Options' defaults, the GORM configuration, pool set-up, the upsert
// conflict targets (Upserts) and prefectorm's callbacks.
package backend

import (
	"database/sql"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"
	"gorm.io/gorm/schema"

	"github.com/prefectorm/prefectorm/dialects"
	"github.com/prefectorm/prefectorm/hooks"
)

// Defaults fills the zero fields of o with Prefect's defaults; maxOpen is
// the dialect's default pool size.
func Defaults(o dialects.Options, maxOpen int) dialects.Options {
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

// GormConfig is the GORM configuration shared by both dialects: Prefect's
// naming strategy, UTC timestamps and GORM's error translation (so
// errors.Is(err, gorm.ErrDuplicatedKey) and gorm.ErrForeignKeyViolated work).
func GormConfig(o dialects.Options, naming schema.Namer) *gorm.Config {
	cfg := &gorm.Config{
		NamingStrategy: naming,
		Logger:         o.Logger,
		NowFunc:        func() time.Time { return time.Now().UTC() },
		TranslateError: true,
	}
	if o.NowFunc != nil {
		cfg.NowFunc = o.NowFunc
	}
	return cfg
}

// Configure applies the pool limits and registers prefectorm's callbacks.
// On error the pool is closed.
func Configure(db *gorm.DB, opts dialects.Options) (*sql.DB, error) {
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
