package migrations_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"testing"
	"time"

	"gorm.io/gorm/logger"

	"github.com/prefectorm/prefectorm/dialects"
	"github.com/prefectorm/prefectorm/dialects/auto"
	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/migrations"
)

// Environment of the helper processes of TestConcurrentUpgradeProcesses.
const (
	helperURLEnv   = "PREFECTORM_MIGRATE_HELPER_URL"
	helperStartEnv = "PREFECTORM_MIGRATE_HELPER_START" // Unix nanoseconds
)

// helperCallMsg is logged by a helper process right before it calls Upgrade.
const helperCallMsg = "helper: calling Upgrade"

// TestHelperUpgradeProcess is not a test: it is the body of the helper
// processes TestConcurrentUpgradeProcesses starts (the test binary run
// again with helperURLEnv set). It waits for the common start time, calls
// Upgrade once and logs progress as JSON on stdout.
func TestHelperUpgradeProcess(t *testing.T) {
	url := os.Getenv(helperURLEnv)
	if url == "" {
		return
	}
	startNanos, err := strconv.ParseInt(os.Getenv(helperStartEnv), 10, 64)
	if err != nil {
		t.Fatalf("%s: %v", helperStartEnv, err)
	}
	db, d, err := auto.Open(context.Background(), url, dialects.Options{Logger: logger.Discard})
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	time.Sleep(time.Until(time.Unix(0, startNanos)))
	log.Info(helperCallMsg, "at", time.Now().UnixNano())
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := migrations.Upgrade(ctx, db, d, migrations.WithLogger(log)); err != nil {
		t.Fatal(err)
	}
}

// TestConcurrentUpgradeProcesses starts four OS processes that call Upgrade
// on the same fresh database at the same moment: all succeed, each version
// runs exactly once (one "started" message in all the processes' output,
// one row in the bookkeeping table), the schema is Prefect's reference and
// PostgreSQL has no invalid index.
func TestConcurrentUpgradeProcesses(t *testing.T) {
	if os.Getenv(helperURLEnv) != "" {
		t.Skip("inside a helper process")
	}
	const processes = 4
	for _, dialect := range dbtest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel() // the dialects' process groups are independent
			url := dbtest.URL(t, dialect)
			start := time.Now().Add(1500 * time.Millisecond)
			outputs := make([]bytes.Buffer, processes)
			cmds := make([]*exec.Cmd, processes)
			for i := range cmds {
				cmd := exec.Command(os.Args[0], "-test.run=^TestHelperUpgradeProcess$", "-test.count=1")
				cmd.Env = append(os.Environ(), helperURLEnv+"="+url, helperStartEnv+"="+strconv.FormatInt(start.UnixNano(), 10))
				cmd.Stdout, cmd.Stderr = &outputs[i], &outputs[i]
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				cmds[i] = cmd
			}
			started := map[string]int{}
			var calls []int64
			for i, cmd := range cmds {
				if err := cmd.Wait(); err != nil {
					t.Errorf("helper %d: %v\n%s", i, err, outputs[i].String())
					continue
				}
				for _, r := range parseRecords(t, outputs[i].String()) {
					if r.Msg == migrations.MsgStarted {
						started[r.Version+"/"+r.Direction]++
					}
				}
				calls = append(calls, callTimes(t, outputs[i].String())...)
			}
			if t.Failed() {
				return
			}
			if len(calls) != processes {
				t.Fatalf("%d helpers called Upgrade, want %d", len(calls), processes)
			}
			if spread := time.Duration(slices.Max(calls) - slices.Min(calls)); spread > 500*time.Millisecond {
				t.Errorf("helpers called Upgrade %v apart; they were meant to start together", spread)
			}
			db := dbtest.Open(t, url)
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
			requireSameSchema(t, "reference vs concurrent upgrade", inspect(t, reference(t, dialect)), got)
			if bad := got.InvalidIndexes(); len(bad) > 0 {
				t.Errorf("invalid indexes: %q", bad)
			}
		})
	}
}

// callTimes returns the "at" of the helper's helperCallMsg records.
func callTimes(t *testing.T, output string) []int64 {
	t.Helper()
	var out []int64
	for line := range bytes.Lines([]byte(output)) {
		var r struct {
			Msg string `json:"msg"`
			At  int64  `json:"at"`
		}
		if bytes.HasPrefix(line, []byte("{")) && json.Unmarshal(line, &r) == nil && r.Msg == helperCallMsg {
			out = append(out, r.At)
		}
	}
	if len(out) != 1 {
		t.Errorf("helper output has %d calls:\n%s", len(out), output)
	}
	return out
}
