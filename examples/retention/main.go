// Command retention runs one pass of dialects.Vacuum, prefectorm's version
// of Prefect's db_vacuum service: it deletes terminal top-level flow runs
// that ended before the flow-run cutoff, with their task runs, states,
// inputs, logs and artifacts (and their old subflow runs), events older
// than the event cutoff with their resources, and orphans (logs and
// artifacts of runs that are gone, stale artifact collections and task-run
// cache entries), in short transactions:
//
//	go run ./examples/retention -url URL [-older-than 90d] [-events-older-than 7d] [-batch 500] [-batch-duration 250ms] [-dry-run] [-skip-orphans] [-v]
//
// URL is any URL Prefect's PREFECT_API_DATABASE_CONNECTION_URL takes (the
// default is that variable, else sqlite:///prefect.db); the database must
// be migrated already. The ages take Go durations (36h, 90m) or whole days
// (90d); 0 leaves that kind of row alone. Each transaction starts at -batch
// candidates and adapts its size to take about -batch-duration. The defaults are Prefect's:
// PREFECT_SERVER_SERVICES_DB_VACUUM_RETENTION_PERIOD (90 days) and
// PREFECT_EVENTS_RETENTION_PERIOD (7 days). -dry-run runs every batch and
// rolls it back, to print what a pass would delete. A pass can be stopped
// at any time (Ctrl-C); running it again finishes the work. Progress goes
// to stderr (-v: every batch), the rows deleted per table to stdout. The
// exit status is 0 on success, 1 when the pass fails, 2 for a usage error.
//
// On PostgreSQL, autovacuum reclaims the deleted rows' space for reuse; to
// do it at once and refresh the planner's statistics, run
// VACUUM (ANALYZE) on flow_run, flow_run_state, task_run, task_run_state,
// log, artifact, events and event_resources afterwards (VACUUM FULL, which
// returns the space to the operating system, locks each table while it
// rewrites it).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm/logger"

	"github.com/prefectorm/prefectorm/dialects"
	"github.com/prefectorm/prefectorm/dialects/auto"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], time.Now(), os.Stdout, os.Stderr))
}

const usage = `usage: retention [-url URL] [-older-than AGE] [-events-older-than AGE] [-batch N] [-dry-run] [-skip-orphans] [-v]`

// errUsage marks command-line mistakes (exit status 2).
var errUsage = errors.New("usage")

// run executes one command line at the time now and returns the exit
// status.
func run(ctx context.Context, args []string, now time.Time, stdout, stderr io.Writer) int {
	err := execute(ctx, args, now, stdout, stderr)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintf(stderr, "retention: %v\n%s\n", err, usage)
		return 2
	default:
		fmt.Fprintf(stderr, "retention: %v\n", err)
		return 1
	}
}

// age is a flag value: a Go duration or a whole number of days ("90d").
type age time.Duration

func (a *age) String() string { return time.Duration(*a).String() }

func (a *age) Set(s string) error {
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 0 {
			return fmt.Errorf("want a duration such as 36h or a whole number of days such as 90d, not %q", s)
		}
		*a = age(time.Duration(n) * 24 * time.Hour)
		return nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return fmt.Errorf("want a duration such as 36h or a whole number of days such as 90d, not %q", s)
	}
	*a = age(d)
	return nil
}

// cutoff is now minus a, or the zero time (delete nothing) for 0.
func (a age) cutoff(now time.Time) time.Time {
	if a == 0 {
		return time.Time{}
	}
	return now.Add(-time.Duration(a))
}

func execute(ctx context.Context, args []string, now time.Time, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("retention", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	defaultURL := os.Getenv("PREFECT_API_DATABASE_CONNECTION_URL")
	if defaultURL == "" {
		defaultURL = "sqlite:///prefect.db"
	}
	url := fs.String("url", defaultURL, "database URL")
	runs, events := age(90*24*time.Hour), age(7*24*time.Hour)
	fs.Var(&runs, "older-than", "delete terminal top-level flow runs that ended longer ago (0: none)")
	fs.Var(&events, "events-older-than", "delete events that occurred longer ago (0: none)")
	batch := fs.Int("batch", dialects.DefaultVacuumBatchSize, "candidate rows of each phase's first transaction")
	batchDuration := fs.Duration("batch-duration", dialects.DefaultVacuumBatchDuration, "how long each transaction should take (the batch size adapts; negative: every batch -batch rows)")
	dryRun := fs.Bool("dry-run", false, "roll every batch back and report what would be deleted")
	skipOrphans := fs.Bool("skip-orphans", false, "leave out the orphan sweeps")
	verbose := fs.Bool("v", false, "log every batch")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	}
	if *batch < 1 {
		return fmt.Errorf("%w: -batch %d: want at least 1", errUsage, *batch)
	}
	if *batchDuration == 0 {
		return fmt.Errorf("%w: -batch-duration 0: want a duration, or a negative one for fixed batches", errUsage)
	}

	db, _, err := auto.Open(ctx, *url, dialects.Options{Logger: logger.Discard})
	if err != nil {
		return err
	}
	if sqlDB, err := db.DB(); err == nil {
		defer sqlDB.Close()
	}
	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	report, err := dialects.Vacuum(ctx, db, dialects.VacuumOptions{
		FlowRunsBefore: runs.cutoff(now),
		EventsBefore:   events.cutoff(now),
		BatchSize:      *batch,
		BatchDuration:  *batchDuration,
		SkipOrphans:    *skipOrphans,
		DryRun:         *dryRun,
		Logger:         slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level})),
	})
	printReport(stdout, report)
	return err
}

// printReport writes the rows deleted per table, one table a line.
func printReport(w io.Writer, r dialects.VacuumReport) {
	verb := "deleted"
	if r.DryRun {
		verb = "would delete"
	}
	tables := r.Tables()
	names := make([]string, 0, len(tables))
	for name := range tables {
		names = append(names, name)
	}
	slices.Sort(names)
	fmt.Fprintf(w, "%s %d rows in %d batches\n", verb, sum(tables), r.Batches)
	for _, name := range names {
		fmt.Fprintf(w, "  %-22s %d\n", name, tables[name])
	}
	if r.DetachedSubflowRuns > 0 {
		fmt.Fprintf(w, "kept %d subflow runs of deleted flow runs (now top-level)\n", r.DetachedSubflowRuns)
	}
}

func sum(m map[string]int64) int64 {
	var n int64
	for _, v := range m {
		n += v
	}
	return n
}
