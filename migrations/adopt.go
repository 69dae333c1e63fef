package migrations

import (
	"errors"
	"fmt"
	"strings"

	"github.com/prefectorm/prefectorm/dialects"
	postgresmigrations "github.com/prefectorm/prefectorm/migrations/postgres"
	sqlitemigrations "github.com/prefectorm/prefectorm/migrations/sqlite"
)

// ErrRefused is wrapped by every error of a database the runner will not
// touch: an unknown Alembic revision, tables it does not recognise, or
// versions recorded by a newer prefectorm.
var ErrRefused = errors.New("refusing to migrate")

// baseline is the first version of a dialect and the Prefect database it
// stands for.
type baseline struct {
	version string
	// revision is Prefect's alembic_version row of that schema.
	revision string
}

// baselineOf returns the baseline of d.
func baselineOf(d dialects.Dialect) (baseline, error) {
	switch d.Name() {
	case "sqlite":
		return baseline{sqlitemigrations.Baseline, sqlitemigrations.AlembicRevision}, nil
	case "postgres":
		return baseline{postgresmigrations.Baseline, postgresmigrations.AlembicRevision}, nil
	}
	return baseline{}, fmt.Errorf("prefectorm: no migrations for dialect %q", d.Name())
}

// prefectTables are the tables of Prefect 3.0's schema (besides
// alembic_version): a database must hold all of them to be adopted.
var prefectTables = []string{
	"agent", "artifact", "artifact_collection", "automation", "automation_bucket",
	"automation_event_follower", "automation_related_resource", "block_document",
	"block_document_reference", "block_schema", "block_schema_reference", "block_type",
	"composite_trigger_child_firing", "concurrency_limit", "concurrency_limit_v2",
	"configuration", "csrf_token", "deployment", "deployment_schedule", "event_resources",
	"events", "flow", "flow_run", "flow_run_input", "flow_run_notification_policy",
	"flow_run_notification_queue", "flow_run_state", "log", "saved_search", "task_run",
	"task_run_state", "task_run_state_cache", "variable", "work_pool", "work_queue", "worker",
}

// verdict is what the runner may do with a database.
type verdict struct {
	// adopt is true for a Prefect 3.0 database (built by Prefect or by
	// CreateSchema) not yet recorded in TableName: the baseline is recorded
	// as applied without running it.
	adopt bool
}

// judge decides whether the runner may change a database in state st, with
// the given versions. Its errors wrap ErrRefused.
func judge(st dbState, versions []string, base baseline) (verdict, error) {
	known := map[string]bool{}
	for _, v := range versions {
		known[v] = true
	}
	var unknown []string
	for id := range st.applied {
		if !known[id] {
			unknown = append(unknown, id)
		}
	}
	if len(unknown) > 0 {
		return verdict{}, fmt.Errorf("prefectorm: %s records versions %q that this prefectorm does not know (applied by a newer release?): %w", TableName, sortedCopy(unknown), ErrRefused)
	}
	if st.alembic != nil {
		switch {
		case len(st.alembic) == 0 && len(st.applied) == 0:
			return verdict{}, fmt.Errorf("prefectorm: %s is empty; cannot tell which Prefect schema this is: %w", alembicTable, ErrRefused)
		case len(st.alembic) > 1:
			return verdict{}, fmt.Errorf("prefectorm: %s holds %d revisions %q, want one: %w", alembicTable, len(st.alembic), st.alembic, ErrRefused)
		case len(st.alembic) == 1 && st.alembic[0] != base.revision:
			return verdict{}, fmt.Errorf("prefectorm: unknown alembic revision %q in %s (prefectorm knows %q, Prefect 3.0): %w", st.alembic[0], alembicTable, base.revision, ErrRefused)
		}
	}
	if len(st.applied) > 0 || len(st.tables) == 0 {
		return verdict{}, nil
	}
	if st.alembic == nil {
		return verdict{}, fmt.Errorf("prefectorm: database holds %d tables (%s) but neither %s nor Prefect's %s: %w",
			len(st.tables), abbreviate(st.tables), TableName, alembicTable, ErrRefused)
	}
	var missing []string
	for _, t := range prefectTables {
		if !st.hasTable(t) {
			missing = append(missing, t)
		}
	}
	if len(missing) > 0 {
		return verdict{}, fmt.Errorf("prefectorm: %s says %q but tables %s are missing: %w", alembicTable, base.revision, abbreviate(missing), ErrRefused)
	}
	return verdict{adopt: true}, nil
}

// abbreviate lists up to five names.
func abbreviate(names []string) string {
	if len(names) <= 5 {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:5], ", ") + fmt.Sprintf(", … (%d more)", len(names)-5)
}
