package migrations_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm/logger"

	"github.com/prefectorm/prefectorm/dialects"
	"github.com/prefectorm/prefectorm/dialects/auto"
	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/migrations"
)

// helperURLEnv gives the helper processes of TestConcurrentUpgradeProcesses
// their database.
const helperURLEnv = "PREFECTORM_MIGRATE_HELPER_URL"

// helperReadyMsg is logged by a helper process once its database is open;
// it then waits for its standard input to close (the start barrier).
const helperReadyMsg = "helper: ready"

// TestHelperUpgradeProcess is not a test: it is the body of the helper
// processes TestConcurrentUpgradeProcesses starts (the test binary run
// again with helperURLEnv set). It opens the database, reports that it is
// ready, waits at the barrier (until its stdin is closed), calls Upgrade
// once and logs progress as JSON on stdout.
func TestHelperUpgradeProcess(t *testing.T) {
	url := os.Getenv(helperURLEnv)
	if url == "" {
		return
	}
	db, d, err := auto.Open(context.Background(), url, dialects.Options{Logger: logger.Discard})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Exec("SELECT 1").Error; err != nil { // connect before the barrier
		t.Fatal(err)
	}
	log := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	log.Info(helperReadyMsg)
	if _, err := io.Copy(io.Discard, os.Stdin); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := migrations.Upgrade(ctx, db, d, migrations.WithLogger(log)); err != nil {
		t.Fatal(err)
	}
}

// helperProc is one helper process and what it has printed.
type helperProc struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	mu    sync.Mutex
	out   strings.Builder
	done  chan struct{} // closed when stdout is drained
}

func (h *helperProc) output() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.out.String()
}

// TestConcurrentUpgradeProcesses starts four OS processes that upgrade the
// same fresh database at once, synchronised by barriers, not by the clock:
// the processes open the database and wait on their standard input; the
// test takes the migration lock itself (PostgreSQL's advisory lock, SQLite's
// write lock), releases them all, and lets go of the lock only once every
// process has reported waiting for it, so all four are inside Upgrade at
// the same time. Then all succeed, each version runs exactly once (one
// "started" message in all the outputs, one row in the bookkeeping table),
// the schema is Prefect's reference of the newest version and PostgreSQL
// has no invalid index.
func TestConcurrentUpgradeProcesses(t *testing.T) {
	if os.Getenv(helperURLEnv) != "" {
		t.Skip("inside a helper process")
	}
	const processes = 4
	for _, dialect := range dbtest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel() // the dialects' process groups are independent
			url := dbtest.URL(t, dialect)
			db := dbtest.Open(t, url)
			events := make(chan [2]string, 16*processes) // helper, message
			helpers := make([]*helperProc, processes)
			for i := range helpers {
				h := &helperProc{done: make(chan struct{})}
				h.cmd = exec.Command(os.Args[0], "-test.run=^TestHelperUpgradeProcess$", "-test.count=1")
				h.cmd.Env = append(os.Environ(), helperURLEnv+"="+url)
				var err error
				if h.stdin, err = h.cmd.StdinPipe(); err != nil {
					t.Fatal(err)
				}
				stdout, err := h.cmd.StdoutPipe()
				if err != nil {
					t.Fatal(err)
				}
				h.cmd.Stderr = &lockedWriter{h: h}
				if err := h.cmd.Start(); err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { _ = h.cmd.Process.Kill() })
				go func() {
					defer close(h.done)
					sc := bufio.NewScanner(stdout)
					for sc.Scan() {
						line := sc.Text()
						h.mu.Lock()
						h.out.WriteString(line + "\n")
						h.mu.Unlock()
						var r logRecord
						if json.Unmarshal([]byte(line), &r) == nil {
							events <- [2]string{fmt.Sprint(i), r.Msg}
						}
					}
					events <- [2]string{fmt.Sprint(i), "EOF"}
				}()
				helpers[i] = h
			}
			// awaitAll waits until every helper has logged msg.
			awaitAll := func(msg string) {
				t.Helper()
				seen := map[string]bool{}
				for len(seen) < processes {
					select {
					case e := <-events:
						switch e[1] {
						case msg:
							seen[e[0]] = true
						case "EOF":
							var i int
							fmt.Sscan(e[0], &i)
							t.Fatalf("helper %s ended before logging %q:\n%s", e[0], msg, helpers[i].output())
						}
					case <-ctx(t).Done():
						t.Fatalf("only %d helpers logged %q before the deadline", len(seen), msg)
					}
				}
			}
			awaitAll(helperReadyMsg)
			release := holdMigrationLock(t, db)
			for _, h := range helpers {
				if err := h.stdin.Close(); err != nil {
					t.Fatal(err)
				}
			}
			awaitAll(migrations.MsgLockWait) // all four overlap inside Upgrade
			release()

			started := map[string]int{}
			for i, h := range helpers {
				<-h.done
				if err := h.cmd.Wait(); err != nil {
					t.Errorf("helper %d: %v\n%s", i, err, h.output())
					continue
				}
				for _, r := range parseRecords(t, h.output()) {
					if r.Msg == migrations.MsgStarted {
						started[r.Version+"/"+r.Direction]++
					}
				}
			}
			if t.Failed() {
				return
			}
			ids := versionIDs(db)
			for _, id := range ids {
				if n := started[id+"/up"]; n != 1 {
					t.Errorf("version %q started %d times across the helpers, want 1", id, n)
				}
			}
			if got := appliedVersions(t, db.DB); !slices.Equal(got, ids) {
				t.Errorf("%s = %q, want %q", migrations.TableName, got, ids)
			}
			got := prefectSchema(t, db)
			requireSameSchema(t, "reference vs concurrent upgrade", inspect(t, latestReference(t, dialect)), got)
			if bad := got.InvalidIndexes(); len(bad) > 0 {
				t.Errorf("invalid indexes: %q", bad)
			}
		})
	}
}

// lockedWriter appends a helper's stderr to its output.
type lockedWriter struct{ h *helperProc }

func (w *lockedWriter) Write(p []byte) (int, error) {
	w.h.mu.Lock()
	defer w.h.mu.Unlock()
	return w.h.out.Write(p)
}

// holdMigrationLock takes the lock the runner waits for, on a connection of
// its own, and returns the function that releases it.
func holdMigrationLock(t *testing.T, db dbtest.DB) func() {
	t.Helper()
	sqlDB, err := db.DB.DB()
	if err != nil {
		t.Fatal(err)
	}
	conn, err := sqlDB.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	take, give := "BEGIN IMMEDIATE", "ROLLBACK"
	if db.Dialect.Name() == "postgres" {
		take = fmt.Sprintf("SELECT pg_advisory_lock(%d)", migrations.AdvisoryLockKey)
		give = fmt.Sprintf("SELECT pg_advisory_unlock(%d)", migrations.AdvisoryLockKey)
	}
	if _, err := conn.ExecContext(context.Background(), take); err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	release := func() {
		once.Do(func() {
			if _, err := conn.ExecContext(context.Background(), give); err != nil {
				t.Error(err)
			}
			_ = conn.Close()
		})
	}
	t.Cleanup(release)
	return release
}
