package migrations

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/prefectorm/prefectorm/dialects"
	"github.com/prefectorm/prefectorm/migrations/internal/frozen"
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

// specsOf returns the dialect's version specs, oldest first.
func specsOf(d dialects.Dialect) []frozen.Spec {
	switch d.Name() {
	case "sqlite":
		return sqlitemigrations.Specs()
	case "postgres":
		return postgresmigrations.Specs()
	}
	return nil
}

// prefectTables are the tables of Prefect 3.0's schema (besides
// alembic_version).
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

// tableChanges are the tables Prefect's revisions after 3.0 add and drop,
// by revision (both dialects' ids).
var tableChanges = map[string]struct{ added, dropped []string }{
	"bbca16f6f218": {added: []string{"deployment_version"}},
	"06b7c293bc69": {added: []string{"deployment_version"}},
	"7655f31c5157": {dropped: []string{"flow_run_notification_policy", "flow_run_notification_queue"}},
	"4160a4841eed": {dropped: []string{"flow_run_notification_policy", "flow_run_notification_queue"}},
}

// tablesAt returns the tables of Prefect's schema after version k, sorted.
func (r *runner) tablesAt(k int) []string {
	tables := slices.Clone(prefectTables)
	for i := 1; i <= k; i++ {
		rev := r.versions[i].revision
		if rev == r.versions[i-1].revision {
			continue
		}
		ch := tableChanges[rev]
		tables = append(tables, ch.added...)
		tables = slices.DeleteFunc(tables, func(t string) bool { return slices.Contains(ch.dropped, t) })
	}
	slices.Sort(tables)
	return tables
}

// verdict is what the runner may do with a database.
type verdict struct {
	// current is the index of the newest version recorded in TableName
	// (-1: none).
	current int
	// adopt is the index of the newest version to record as applied
	// without running it, after current (-1 or current: none): the
	// database's alembic_version revision, written by Prefect's own
	// migrations (or CreateSchema), is that version's.
	adopt int
	// revision is the database's Alembic revision ("" when none).
	revision string
}

// adopting reports whether the verdict records versions without running them.
func (v verdict) adopting() bool { return v.adopt > v.current }

// judge decides whether the runner may change a database in state st. Its
// errors wrap ErrRefused.
func (r *runner) judge(st dbState) (verdict, error) {
	v := verdict{current: -1, adopt: -1}
	if unknown := r.unknown(st); len(unknown) > 0 {
		return v, fmt.Errorf("prefectorm: %s records versions %q that this prefectorm does not know (applied by a newer release?): %w", TableName, unknown, ErrRefused)
	}
	for i, ver := range r.versions {
		if _, ok := st.applied[ver.ID]; !ok {
			break
		}
		v.current = i
	}
	if n := len(st.applied) - r.excludedApplied(st); n != v.current+1 {
		return v, fmt.Errorf("prefectorm: %s records %d versions but not %q, which comes before some of them: %w", TableName, n, r.versions[v.current+1].ID, ErrRefused)
	}
	v.adopt = v.current
	if st.alembic == nil {
		if v.current >= 0 || len(st.tables) == 0 {
			return v, nil
		}
		return v, fmt.Errorf("prefectorm: database holds %d tables (%s) but neither %s nor Prefect's %s: %w",
			len(st.tables), abbreviate(st.tables), TableName, alembicTable, ErrRefused)
	}
	switch {
	case len(st.alembic) == 0 && v.current < 0:
		return v, fmt.Errorf("prefectorm: %s is empty; cannot tell which Prefect schema this is: %w", alembicTable, ErrRefused)
	case len(st.alembic) == 0:
		return v, nil
	case len(st.alembic) > 1:
		return v, fmt.Errorf("prefectorm: %s holds %d revisions %q, want one: %w", alembicTable, len(st.alembic), st.alembic, ErrRefused)
	}
	v.revision = st.alembic[0]
	k := r.lastWithRevision(v.revision, false)
	if k < 0 {
		return v, fmt.Errorf("prefectorm: unknown alembic revision %q in %s (prefectorm knows Prefect's revisions %s … %s, Prefect %s … %s): %w",
			v.revision, alembicTable, r.versions[0].revision, r.versions[len(r.versions)-1].revision,
			releaseOf(r.d, r.versions[0].revision), releaseOf(r.d, r.versions[len(r.versions)-1].revision), ErrRefused)
	}
	switch {
	case v.current >= 0 && r.versions[v.current].revision == v.revision:
		return v, nil // in step
	case k < v.current:
		return v, fmt.Errorf("prefectorm: %s says %q (version %q) but %s records %q as applied (did Prefect downgrade the database?): %w",
			alembicTable, v.revision, r.versions[k].ID, TableName, r.versions[v.current].ID, ErrRefused)
	}
	// Prefect's own migrations (or CreateSchema) brought the database to
	// version k, the newest of Prefect's versions at the revision: adopt
	// the versions after current up to k.
	var missing []string
	for _, t := range r.tablesAt(k) {
		if !st.hasTable(t) {
			missing = append(missing, t)
		}
	}
	if len(missing) > 0 {
		return v, fmt.Errorf("prefectorm: %s says %q but tables %s are missing: %w", alembicTable, v.revision, abbreviate(missing), ErrRefused)
	}
	// Prefect builds none of prefectorm's own indexes, CreateSchema builds
	// them: the own-index versions right after k whose indexes are all
	// there are adopted too; the others run after the adoption.
	for k+1 < len(r.versions) && r.versions[k+1].revision == v.revision && st.builtVersion(r.versions[k+1]) {
		k++
	}
	v.adopt = k
	return v, nil
}

// lastWithRevision returns the index of the newest version whose schema is
// Prefect's revision rev, or -1. A dialect's no-op version (standing for a
// revision of the other dialect) shares its predecessor's revision; a
// database at that revision is taken to be past the no-op. Own-index
// versions share it too: they count only when own is set (a database
// Prefect built at rev has none of them).
func (r *runner) lastWithRevision(rev string, own bool) int {
	k := -1
	for i, v := range r.versions {
		if v.revision == rev && (own || !v.own) {
			k = i
		}
	}
	return k
}

// unknown returns the versions recorded in st that this runner knows
// neither as one of its versions nor as an excluded own-index version,
// sorted.
func (r *runner) unknown(st dbState) []string {
	var out []string
	for id := range st.applied {
		if r.index(id) < 0 && !slices.ContainsFunc(r.excluded, func(v version) bool { return v.ID == id }) {
			out = append(out, id)
		}
	}
	return sortedCopy(out)
}

// excludedApplied counts the excluded own-index versions recorded in st.
func (r *runner) excludedApplied(st dbState) int {
	n := 0
	for _, v := range r.excluded {
		if _, ok := st.applied[v.ID]; ok {
			n++
		}
	}
	return n
}

// abbreviate lists up to five names.
func abbreviate(names []string) string {
	if len(names) <= 5 {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:5], ", ") + fmt.Sprintf(", … (%d more)", len(names)-5)
}
