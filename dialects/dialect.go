// Package dialects is prefectorm's database-independent core: the Dialect
// interface the backends implement, connection Options, Prefect's
// connection URLs (ParseURL), the SQL expressions that render on both
// databases, and the upserts. It links no database driver.
//
// The backends live in their own packages so that a program links only the
// drivers it uses: dialects/postgres (pgx, pure Go, builds with
// CGO_ENABLED=0) and dialects/sqlite (mattn/go-sqlite3, needs cgo).
// dialects/auto imports both and opens whichever a Prefect URL names.
// Importing a backend registers it, so Of and ByName find it.
package dialects

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/logger"
)

// Dialect is one supported database: SQLite (dialects/sqlite) or
// PostgreSQL (dialects/postgres).
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

var (
	registryMu sync.RWMutex
	registry   = map[string]Dialect{}
)

// Register makes a backend available to ByName and Of under d.Name() and
// the extra aliases. The backend packages call it from init, as
// database/sql drivers do; registering a name twice panics.
func Register(d Dialect, aliases ...string) {
	registryMu.Lock()
	defer registryMu.Unlock()
	for _, name := range append([]string{d.Name()}, aliases...) {
		if _, dup := registry[name]; dup {
			panic("prefectorm: dialect " + name + " registered twice")
		}
		registry[name] = d
	}
}

// backendPackages names the package that registers each dialect.
var backendPackages = map[string]string{
	"sqlite":     "github.com/prefectorm/prefectorm/dialects/sqlite",
	"postgres":   "github.com/prefectorm/prefectorm/dialects/postgres",
	"postgresql": "github.com/prefectorm/prefectorm/dialects/postgres",
}

// ByName returns the registered dialect called name ("sqlite", "postgres"
// or "postgresql"). A known dialect whose package is not linked into the
// program is an error that says which package to import.
func ByName(name string) (Dialect, error) {
	registryMu.RLock()
	d, ok := registry[name]
	registryMu.RUnlock()
	if ok {
		return d, nil
	}
	if pkg, known := backendPackages[name]; known {
		return nil, fmt.Errorf("prefectorm: dialect %q is not linked into this program: import %q (or github.com/prefectorm/prefectorm/dialects/auto for both)", name, pkg)
	}
	return nil, fmt.Errorf("prefectorm: unknown dialect %q (want sqlite or postgres; registered: %v)", name, registered())
}

func registered() []string {
	registryMu.RLock()
	defer registryMu.RUnlock()
	names := make([]string, 0, len(registry))
	for name := range registry {
		names = append(names, name)
	}
	sort.Strings(names)
	return slices.Compact(names)
}

// Of returns the dialect of an open *gorm.DB.
func Of(db *gorm.DB) (Dialect, error) { return ByName(db.Dialector.Name()) }
