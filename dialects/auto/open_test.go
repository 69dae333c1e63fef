package auto_test

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/prefectorm/prefectorm/dialects"
	"github.com/prefectorm/prefectorm/dialects/auto"
	"github.com/prefectorm/prefectorm/internal/dbtest"
)

// TestSQLitePragmasOnEveryConnection checks Prefect's pragmas on several
// pooled connections held at once, so each one is a distinct connection.
func TestSQLitePragmasOnEveryConnection(t *testing.T) {
	ctx := context.Background()
	db, _, err := auto.Open(ctx, dbtest.URL(t, "sqlite"), dialects.Options{MaxOpenConns: 3, Logger: logger.Discard})
	if err != nil {
		t.Fatal(err)
	}
	sqlDB, _ := db.DB()
	defer sqlDB.Close()
	want := []struct {
		pragma string
		value  string
	}{
		{"foreign_keys", "1"},
		{"journal_mode", "wal"},
		{"synchronous", "1"},
		{"cache_size", "20000"},
		{"busy_timeout", "60000"},
		{"legacy_alter_table", "0"},
	}
	for i := 0; i < 3; i++ {
		conn, err := sqlDB.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		for _, w := range want {
			var got string
			if err := conn.QueryRowContext(ctx, "PRAGMA "+w.pragma).Scan(&got); err != nil {
				t.Fatalf("PRAGMA %s: %v", w.pragma, err)
			}
			if got != w.value {
				t.Errorf("connection %d: PRAGMA %s = %s, want %s", i, w.pragma, got, w.value)
			}
		}
	}
	if got := sqlDB.Stats().OpenConnections; got != 3 {
		t.Errorf("open connections = %d, want 3 distinct ones", got)
	}
}

// TestSQLiteManyOpenersOfANewFile opens one fresh SQLite file from 8
// handles at once, many times over, as replicas starting together do: every
// first connection switches the file to WAL, and none may fail with
// "database is locked".
func TestSQLiteManyOpenersOfANewFile(t *testing.T) {
	const openers, rounds = 8, 25
	ctx := context.Background()
	for round := range rounds {
		url := dbtest.URL(t, "sqlite")
		errs := make(chan error, openers)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for range openers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				db, _, err := auto.Open(ctx, url, dialects.Options{Logger: logger.Discard})
				if err == nil {
					sqlDB, _ := db.DB()
					err = sqlDB.PingContext(ctx)
					_ = sqlDB.Close()
				}
				errs <- err
			}()
		}
		close(start)
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
		}
	}
}

// TestSQLiteTransactionsTakeTheWriteLock checks BEGIN IMMEDIATE: a second
// transaction cannot begin while the first holds the write lock.
func TestSQLiteTransactionsTakeTheWriteLock(t *testing.T) {
	ctx := context.Background()
	db, _, err := auto.Open(ctx, dbtest.URL(t, "sqlite"), dialects.Options{BusyTimeout: 100 * time.Millisecond, Logger: logger.Discard})
	if err != nil {
		t.Fatal(err)
	}
	sqlDB, _ := db.DB()
	defer sqlDB.Close()
	first, err := sqlDB.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Rollback()
	second, err := sqlDB.BeginTx(ctx, nil)
	if err == nil {
		second.Rollback()
		t.Fatal("a second transaction began while the first held the write lock; want BEGIN IMMEDIATE")
	}
	if !strings.Contains(err.Error(), "locked") && !strings.Contains(err.Error(), "busy") {
		t.Fatalf("second BEGIN error = %v, want database is locked", err)
	}
}

// TestSQLiteInMemorySurvivesThePool checks that an in-memory database is one
// database for every statement, inside and outside transactions.
func TestSQLiteInMemorySurvivesThePool(t *testing.T) {
	ctx := context.Background()
	db, _, err := auto.Open(ctx, "sqlite:///:memory:", dialects.Options{Logger: logger.Discard})
	if err != nil {
		t.Fatal(err)
	}
	sqlDB, _ := db.DB()
	defer sqlDB.Close()
	if err := db.Exec("CREATE TABLE kept (x INTEGER)").Error; err != nil {
		t.Fatal(err)
	}
	// Many callers at once, with a transaction among them: all must see the
	// one database, which lives as long as its single pooled connection.
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		go func(i int) {
			if i == 0 {
				errs <- db.Transaction(func(tx *gorm.DB) error { return tx.Exec("INSERT INTO kept VALUES (0)").Error })
				return
			}
			errs <- db.Exec("INSERT INTO kept VALUES (?)", i).Error
		}(i)
	}
	for i := 0; i < 8; i++ {
		if err := <-errs; err != nil {
			t.Fatalf("insert into the in-memory table: %v", err)
		}
	}
	var n int
	if err := db.Raw("SELECT count(*) FROM kept").Scan(&n).Error; err != nil || n != 8 {
		t.Fatalf("count = %d, %v; want 8", n, err)
	}
	if got := sqlDB.Stats().MaxOpenConnections; got != 1 {
		t.Errorf("MaxOpenConnections = %d, want 1 (the connection that holds the database)", got)
	}
}

// TestPostgresSession checks the session time zone and pool settings.
func TestPostgresSession(t *testing.T) {
	ctx := context.Background()
	db, d, err := auto.Open(ctx, dbtest.URL(t, "postgres"), dialects.Options{MaxOpenConns: 4, Logger: logger.Discard})
	if err != nil {
		t.Fatal(err)
	}
	sqlDB, _ := db.DB()
	defer sqlDB.Close()
	if d.Name() != "postgres" {
		t.Errorf("dialect = %s", d.Name())
	}
	for i := 0; i < 4; i++ {
		conn, err := sqlDB.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		var tz string
		if err := conn.QueryRowContext(ctx, "SHOW TimeZone").Scan(&tz); err != nil {
			t.Fatal(err)
		}
		if tz != "UTC" {
			t.Errorf("connection %d: TimeZone = %s, want UTC", i, tz)
		}
	}
	if got := sqlDB.Stats().MaxOpenConnections; got != 4 {
		t.Errorf("MaxOpenConnections = %d, want 4", got)
	}
}

// TestOpenRefusesBadURLs checks that Open names the broken part.
func TestOpenRefusesBadURLs(t *testing.T) {
	_, _, err := auto.Open(context.Background(), "oracle://scott@db/orcl", dialects.Options{})
	if err == nil || !strings.Contains(err.Error(), `unsupported scheme "oracle"`) {
		t.Fatalf("err = %v", err)
	}
}

// TestOpenRefusesWhatIsNotAURL checks, for strings meant for each
// dialect, that Open refuses them without creating a SQLite file of that
// name in the working directory.
func TestOpenRefusesWhatIsNotAURL(t *testing.T) {
	tests := []struct {
		dialect, url, want string
	}{
		{"postgres", "postgres@localhost", "has no scheme"},
		{"postgres", "postgresql://postgres@127.0.0.1:5432/postgres ", "white space"},
		{"postgres", "127.0.0.1:5432/postgres", "has no scheme"},
		{"sqlite", "prefect.db", "has no scheme"},
		{"sqlite", "sqlite:///prefect.db ", "white space"},
		{"sqlite", "sqlite:///prefect.db\t", "white space"},
	}
	t.Chdir(t.TempDir())
	for _, tt := range tests {
		t.Run(tt.dialect+"/"+tt.url, func(t *testing.T) {
			db, _, err := auto.Open(context.Background(), tt.url, dialects.Options{Logger: logger.Discard})
			if err == nil {
				if sqlDB, err := db.DB(); err == nil {
					_ = sqlDB.Close()
				}
				t.Fatalf("Open(%q) succeeded, want it refused", tt.url)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Open(%q) error %q, want it to say %q", tt.url, err, tt.want)
			}
			entries, err := os.ReadDir(".")
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				t.Errorf("Open(%q) left %s in the working directory", tt.url, e.Name())
			}
		})
	}
}

// appEvent is an application's own model with time.Time columns (DATETIME
// on SQLite), beside prefectorm's tables.
type appEvent struct {
	ID        uint
	At        time.Time
	CreatedAt time.Time
}

// TestApplicationTimeColumns: an application's own time.Time fields read
// back what was written on both dialects, and on SQLite text that is no
// time is a scan error, never the zero time.
func TestApplicationTimeColumns(t *testing.T) {
	at := time.Date(2024, 5, 6, 7, 8, 9, 123456000, time.UTC)
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		if err := db.AutoMigrate(&appEvent{}); err != nil {
			t.Fatal(err)
		}
		if err := db.Create(&appEvent{At: at}).Error; err != nil {
			t.Fatal(err)
		}
		var got appEvent
		if err := db.First(&got).Error; err != nil {
			t.Fatal(err)
		}
		if !got.At.Equal(at) || got.CreatedAt.IsZero() {
			t.Errorf("read back at=%v created_at=%v, want at=%v and a creation time", got.At, got.CreatedAt, at)
		}
		if db.Dialect.Name() != "sqlite" {
			return
		}
		if err := db.Exec("UPDATE app_event SET at = '2024-02-30'").Error; err != nil {
			t.Fatal(err)
		}
		var bad appEvent
		if err := db.First(&bad).Error; err == nil {
			t.Errorf("read '2024-02-30' into time.Time without error: %v", bad.At)
		}
	})
}
