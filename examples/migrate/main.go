// Command migrate manages prefectorm's schema versions, as
// `prefect server database upgrade / downgrade / reset / stamp` does for
// Prefect:
//
//	go run ./examples/migrate -url URL upgrade [-to VERSION]
//	go run ./examples/migrate -url URL downgrade [-steps N | -to VERSION|base]
//	go run ./examples/migrate -url URL status
//	go run ./examples/migrate -url URL reset -yes
//
// URL is any URL Prefect's PREFECT_API_DATABASE_CONNECTION_URL takes (the
// default is that variable, else sqlite:///prefect.db). An existing Prefect
// 3.0 database is adopted by upgrade (there is no separate stamp). Progress
// goes to stderr. The exit status is 0 on success, 1 when the operation
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

const usage = `usage: migrate [-url URL] upgrade [-to VERSION]
       migrate [-url URL] downgrade [-steps N | -to VERSION|base]
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
	steps := sub.Int("steps", 0, "versions to roll back")
	yes := sub.Bool("yes", false, "confirm reset")
	if err := sub.Parse(rest); err != nil {
		return fmt.Errorf("%w: %s: %v", errUsage, command, err)
	}
	if sub.NArg() > 0 {
		return fmt.Errorf("%w: %s: unexpected argument %q", errUsage, command, sub.Arg(0))
	}
	allowed := map[string][]string{"upgrade": {"to"}, "downgrade": {"to", "steps"}, "status": {}, "reset": {"yes"}}
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
	if *to != "" && *steps != 0 {
		return fmt.Errorf("%w: downgrade takes -steps or -to, not both", errUsage)
	}

	db, d, err := auto.Open(ctx, *url, dialects.Options{Logger: logger.Discard})
	if err != nil {
		return err
	}
	if sqlDB, err := db.DB(); err == nil {
		defer sqlDB.Close()
	}
	opts := []migrations.Option{migrations.WithLogger(slog.New(slog.NewTextHandler(stderr, nil)))}
	switch command {
	case "upgrade":
		if *to != "" {
			opts = append(opts, migrations.To(*to))
		}
		err = migrations.Upgrade(ctx, db, d, opts...)
	case "downgrade":
		if *to != "" {
			opts = append(opts, migrations.To(*to))
		}
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
