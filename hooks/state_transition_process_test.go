package hooks_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"gorm.io/gorm/logger"

	"github.com/prefectorm/prefectorm/dialects"
	"github.com/prefectorm/prefectorm/dialects/auto"
	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/models"
)

// Environment of a writer process of TestRacingWriterProcesses.
const (
	writerURLEnv  = "PREFECTORM_TEST_WRITER_URL"
	writerRunsEnv = "PREFECTORM_TEST_WRITER_RUNS"
	writerTypeEnv = "PREFECTORM_TEST_WRITER_TYPE"
	writerReady   = "prefectorm-writer-ready"
)

// TestRacingWriterProcesses is TestRacingWritersKeepTheLatestState with
// OS processes: three copies of the test binary insert one state (stamped
// by the hooks) into each of the same runs, in the same order. They start
// on a barrier: each reports ready on stdout and waits until its stdin is
// closed, which happens once all are ready.
func TestRacingWriterProcesses(t *testing.T) {
	if os.Getenv(writerURLEnv) != "" {
		t.Skip("this is a writer process")
	}
	const (
		runs      = 100
		processes = 3
	)
	types := []models.StateType{models.StateRunning, models.StatePending, models.StateCompleted}
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		ids := newFlowRuns(t, db, runs)
		idText := make([]string, len(ids))
		for i, id := range ids {
			idText[i] = id.String()
		}
		var (
			cmds   []*exec.Cmd
			stdins []io.WriteCloser
			outs   []*syncBuilder
			ready  sync.WaitGroup
		)
		for p := range processes {
			cmd := exec.Command(os.Args[0], "-test.run=^TestRaceWriterProcess$", "-test.count=1")
			cmd.Env = append(os.Environ(), writerURLEnv+"="+db.URL, writerRunsEnv+"="+strings.Join(idText, ","),
				writerTypeEnv+"="+string(types[p%len(types)]))
			stdin, err := cmd.StdinPipe()
			if err != nil {
				t.Fatal(err)
			}
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			out := &syncBuilder{}
			cmd.Stderr = out
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			cmds, stdins, outs = append(cmds, cmd), append(stdins, stdin), append(outs, out)
			ready.Add(1)
			out.reading.Add(1)
			go func() {
				defer out.reading.Done()
				sc := bufio.NewScanner(stdout)
				signalled := false
				for sc.Scan() {
					if !signalled && strings.TrimSpace(sc.Text()) == writerReady {
						signalled = true
						ready.Done()
						continue
					}
					out.WriteString(sc.Text() + "\n")
				}
				if !signalled {
					ready.Done() // exited early: Wait reports it
				}
			}()
		}
		ready.Wait()
		for _, stdin := range stdins {
			_ = stdin.Close() // the barrier opens
		}
		for p, cmd := range cmds {
			outs[p].wait() // all of stdout read before Wait closes the pipe
			err := cmd.Wait()
			if err != nil {
				t.Errorf("writer process %d: %v\n%s", p, err, outs[p])
			}
		}
		var n int64
		if err := db.Model(&models.FlowRunState{}).Where("flow_run_id IN ?", ids).Count(&n).Error; err != nil {
			t.Fatal(err)
		}
		if n != runs*processes {
			t.Errorf("%d states stored, want %d", n, runs*processes)
		}
		behind, negative, endBeforeStart := runDefects(t, db, ids)
		if behind != 0 || negative != 0 || endBeforeStart != 0 {
			t.Errorf("of %d runs: %d point behind their latest state, %d have a negative total_run_time, %d end before they start",
				runs, behind, negative, endBeforeStart)
		}
	})
}

// syncBuilder collects a writer process's output from two goroutines.
type syncBuilder struct {
	mu      sync.Mutex
	b       strings.Builder
	reading sync.WaitGroup
}

func (s *syncBuilder) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuilder) WriteString(text string) {
	_, _ = s.Write([]byte(text))
}

// wait waits until the process's stdout is read to its end.
func (s *syncBuilder) wait() { s.reading.Wait() }

func (s *syncBuilder) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestRaceWriterProcess is the writer process of TestRacingWriterProcesses;
// it is skipped unless started by it.
func TestRaceWriterProcess(t *testing.T) {
	url := os.Getenv(writerURLEnv)
	if url == "" {
		t.Skip("started only by TestRacingWriterProcesses")
	}
	db, _, err := auto.Open(context.Background(), url, dialects.Options{Logger: logger.Discard})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if sqlDB, err := db.DB(); err == nil {
			_ = sqlDB.Close()
		}
	}()
	if err := db.Exec("SELECT 1").Error; err != nil {
		t.Fatal(err)
	}
	fmt.Println(writerReady)
	_, _ = io.Copy(io.Discard, os.Stdin) // the barrier: until the parent closes stdin
	typ := models.StateType(os.Getenv(writerTypeEnv))
	for i, text := range strings.Split(os.Getenv(writerRunsEnv), ",") {
		id := models.MustParseUUID(text)
		if err := db.Create(&models.FlowRunState{FlowRunID: id, Type: typ}).Error; err != nil {
			t.Fatalf("run %d (%s): %v", i, id, err)
		}
	}
}
