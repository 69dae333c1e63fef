// Command migrate manages prefectorm's schema versions, as
// `prefect server database upgrade / downgrade / reset / stamp` does for
// Prefect:
//
//	go run ./examples/migrate -url URL upgrade [-to VERSION | -prefect RELEASE]
//	go run ./examples/migrate -url URL downgrade [-steps N | -to VERSION|base | -prefect RELEASE]
//	go run ./examples/migrate -url URL stamp (-to VERSION|base | -prefect RELEASE)
//	go run ./examples/migrate -url URL status
//	go run ./examples/migrate -url URL reset -yes
//
// URL is any URL Prefect's PREFECT_API_DATABASE_CONNECTION_URL takes (the
// default is that variable, else sqlite:///prefect.db). RELEASE is a
// Prefect release such as 3.6.29: the target is the version of the schema
// that release's server uses. A database built by any Prefect server
// 3.0 … 3.8.3 is adopted by upgrade (recorded at its release's version
// without any DDL); stamp records a version without running anything, as
// `prefect server database stamp` does. Progress goes to stderr. The exit status is 0 on success, 1 when the operation
// fails or status finds a database upgrade would refuse, 2 for a usage error.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"

	"gorm.io/gorm/logger"

	"github.com/prefectorm/prefectorm/dialects"
	"github.com/prefectorm/prefectorm/dialects/auto"
	"github.com/prefectorm/prefectorm/migrations"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `usage: migrate [-url URL] upgrade [-to VERSION | -prefect RELEASE]
       migrate [-url URL] downgrade [-steps N | -to VERSION|base | -prefect RELEASE]
       migrate [-url URL] stamp (-to VERSION|base | -prefect RELEASE)
       migrate [-url URL] status
       migrate [-url URL] reset -yes`

// errUsage marks command-line mistakes (exit status 2).
var errUsage = errors.New("usage")

// run executes one command line and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	err := execute(context.Background(), args, stdout, stderr)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintf(stderr, "migrate: %v\n%s\n", err, usage)
		return 2
	default:
		fmt.Fprintf(stderr, "migrate: %v\n", err)
		return 1
	}
}

func execute(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	global := flag.NewFlagSet("migrate", flag.ContinueOnError)
	global.SetOutput(io.Discard)
	defaultURL := os.Getenv("PREFECT_API_DATABASE_CONNECTION_URL")
	if defaultURL == "" {
		defaultURL = "sqlite:///prefect.db"
	}
	url := global.String("url", defaultURL, "database URL")
	if err := global.Parse(args); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if global.NArg() == 0 {
		return fmt.Errorf("%w: no command", errUsage)
	}
	command, rest := global.Arg(0), global.Args()[1:]
	sub := flag.NewFlagSet(command, flag.ContinueOnError)
	sub.SetOutput(io.Discard)
	to := sub.String("to", "", "target version")
	prefect := sub.String("prefect", "", "target Prefect release")
	steps := sub.Int("steps", 0, "versions to roll back")
	yes := sub.Bool("yes", false, "confirm reset")
	if err := sub.Parse(rest); err != nil {
		return fmt.Errorf("%w: %s: %v", errUsage, command, err)
	}
	if sub.NArg() > 0 {
		return fmt.Errorf("%w: %s: unexpected argument %q", errUsage, command, sub.Arg(0))
	}
	allowed := map[string][]string{"upgrade": {"to", "prefect"}, "downgrade": {"to", "steps", "prefect"}, "stamp": {"to", "prefect"}, "status": {}, "reset": {"yes"}}
	flags, ok := allowed[command]
	if !ok {
		return fmt.Errorf("%w: unknown command %q", errUsage, command)
	}
	var misuse error
	sub.Visit(func(f *flag.Flag) {
		for _, a := range flags {
			if a == f.Name {
				return
			}
		}
		misuse = fmt.Errorf("%w: %s takes no -%s", errUsage, command, f.Name)
	})
	if misuse != nil {
		return misuse
	}
	if n := count(*to != "", *steps != 0, *prefect != ""); n > 1 {
		return fmt.Errorf("%w: %s takes one of -steps, -to and -prefect, not several", errUsage, command)
	}
	if command == "stamp" && *to == "" && *prefect == "" {
		return fmt.Errorf("%w: stamp needs -to or -prefect", errUsage)
	}

	db, d, err := auto.Open(ctx, *url, dialects.Options{Logger: logger.Discard})
	if err != nil {
		return err
	}
	if sqlDB, err := db.DB(); err == nil {
		defer sqlDB.Close()
	}
	opts := []migrations.Option{migrations.WithLogger(slog.New(slog.NewTextHandler(stderr, nil)))}
	if *to != "" {
		opts = append(opts, migrations.To(*to))
	}
	if *prefect != "" {
		opts = append(opts, migrations.ToPrefect(*prefect))
	}
	switch command {
	case "upgrade":
		err = migrations.Upgrade(ctx, db, d, opts...)
	case "stamp":
		err = migrations.Stamp(ctx, db, d, opts...)
	case "downgrade":
		if *steps != 0 {
			opts = append(opts, migrations.Steps(*steps))
		}
		err = migrations.Downgrade(ctx, db, d, opts...)
	case "reset":
		if !*yes {
			return errors.New("reset drops every table of the schema with its data; add -yes to do it")
		}
		err = migrations.Reset(ctx, db, d, append(opts, migrations.Confirm())...)
	case "status":
		return status(ctx, db, d, stdout)
	}
	if err != nil {
		return err
	}
	return status(ctx, db, d, stdout)
}

// count returns how many of the conditions hold.
func count(conds ...bool) int {
	n := 0
	for _, c := range conds {
		if c {
			n++
		}
	}
	return n
}
