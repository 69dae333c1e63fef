package frozen

import (
	"bufio"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
)

// Spec describes one frozen version: what a runner needs to know about it
// besides its scripts.
type Spec struct {
	// ID is the version id, the name of its scripts without ".up.sql".
	ID string
	// Alembic is the alembic_version row the up script leaves (the down
	// script restores the previous version's). A no-op version, which
	// stands for a Prefect revision of the other dialect only, carries the
	// previous version's revision.
	Alembic string
	// NoTransaction is true for a PostgreSQL version whose scripts must run
	// outside a transaction block (CREATE INDEX CONCURRENTLY and DROP INDEX
	// CONCURRENTLY), in both directions. Such scripts are idempotent (IF
	// NOT EXISTS / IF EXISTS), so a run killed half way can be run again;
	// before running one, the runner drops an INVALID index the script
	// builds, which IF NOT EXISTS would otherwise skip.
	NoTransaction bool
	// OwnIndex is true for a version of prefectorm's own: it only creates
	// indexes Prefect's schema does not have (named "prefectorm_…"), writes
	// no Alembic revision (its header carries Prefect's head, the previous
	// version's revision) and is what a caller who keeps Prefect's schema
	// exactly leaves out.
	OwnIndex bool
	// Indexes are the indexes an OwnIndex version's up script creates, in
	// script order (nil for other versions).
	Indexes []Index
}

// Index is one index an own-index version creates.
type Index struct {
	// Name is the index name, starting with OwnIndexPrefix.
	Name string
	// Table is the table it indexes.
	Table string
}

// OwnIndexPrefix starts the name of every index of an own-index version,
// a prefix Prefect never uses.
const OwnIndexPrefix = "prefectorm_ix_"

// maxIdentifier is PostgreSQL's identifier limit in bytes (NAMEDATALEN-1):
// a longer index name would be truncated.
const maxIdentifier = 63

// ownIndexStatement matches the statements an own-index up script may hold.
var ownIndexStatement = regexp.MustCompile(`(?is)^CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:CONCURRENTLY\s+)?IF\s+NOT\s+EXISTS\s+"?([A-Za-z0-9_]+)"?\s+ON\s+"?([A-Za-z0-9_]+)"?\s*\(`)

// ownIndexes returns the indexes of an own-index up script, or an error
// naming a statement that is not an idempotent CREATE INDEX of a
// prefectorm_ix_ index of at most 63 bytes.
func ownIndexes(name, script string) ([]Index, error) {
	var out []Index
	for i, stmt := range Statements(script) {
		m := ownIndexStatement.FindStringSubmatch(stmt)
		switch {
		case m == nil:
			return nil, fmt.Errorf("prefectorm: %s statement %d (%.60q…): an own-index version may only CREATE INDEX … IF NOT EXISTS", name, i+1, stmt)
		case !strings.HasPrefix(m[1], OwnIndexPrefix) || len(m[1]) > maxIdentifier:
			return nil, fmt.Errorf("prefectorm: %s: index %q must start with %q and fit in %d bytes", name, m[1], OwnIndexPrefix, maxIdentifier)
		}
		out = append(out, Index{Name: m[1], Table: m[2]})
	}
	// An own-index version may create nothing on one dialect (it keeps
	// both dialects numbered alike, as the no-op Prefect versions do).
	return out, nil
}

// Header comment markers of an up script.
const (
	// AlembicMarker starts the header line naming the Alembic revision the
	// up script writes: "-- alembic: <revision>".
	AlembicMarker = "-- alembic:"
	// NoTransactionMarker is the header line of a script that must run
	// outside a transaction.
	NoTransactionMarker = "-- prefectorm: no-transaction"
	// OwnIndexMarker is the header line of a version of prefectorm's own
	// indexes (see Spec.OwnIndex).
	OwnIndexMarker = "-- prefectorm: own-index"
)

// IDs returns the ids of the versions in fsys (one per *.up.sql file),
// oldest first: ids start with a zero-padded number, so their lexical order
// is their order.
func IDs(fsys fs.FS) ([]string, error) {
	names, err := fs.Glob(fsys, "*.up.sql")
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(names))
	for i, n := range names {
		ids[i] = strings.TrimSuffix(path.Base(n), ".up.sql")
	}
	sort.Strings(ids)
	return ids, nil
}

// ReadSpec reads the Spec of version id from the header comments (the
// leading run of "--" lines) of id+".up.sql" in fsys. alembic, when not
// empty, is the revision of a script frozen before the header convention
// (it has no "-- alembic:" line).
func ReadSpec(fsys fs.FS, id, alembic string) (Spec, error) {
	name := id + ".up.sql"
	script, err := fs.ReadFile(fsys, name)
	if err != nil {
		return Spec{}, fmt.Errorf("prefectorm: read migration script %q: %w", name, err)
	}
	spec := Spec{ID: id, Alembic: alembic}
	sc := bufio.NewScanner(strings.NewReader(string(script)))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(line, "--") {
			break
		}
		switch {
		case strings.HasPrefix(line, AlembicMarker):
			if spec.Alembic != "" && alembic == "" {
				return Spec{}, fmt.Errorf("prefectorm: %s: two %q lines", name, AlembicMarker)
			}
			spec.Alembic = strings.TrimSpace(strings.TrimPrefix(line, AlembicMarker))
		case line == NoTransactionMarker:
			spec.NoTransaction = true
		case line == OwnIndexMarker:
			spec.OwnIndex = true
		}
	}
	if spec.Alembic == "" {
		return Spec{}, fmt.Errorf("prefectorm: %s: no %q header line", name, AlembicMarker)
	}
	if spec.OwnIndex {
		if spec.Indexes, err = ownIndexes(name, string(script)); err != nil {
			return Spec{}, err
		}
	}
	return spec, nil
}

// Load returns the Specs of the versions in fsys, oldest first. legacy
// holds the Alembic revisions of the versions frozen before the header
// convention, by id.
func Load(fsys fs.FS, legacy map[string]string) ([]Spec, error) {
	ids, err := IDs(fsys)
	if err != nil {
		return nil, err
	}
	specs := make([]Spec, len(ids))
	for i, id := range ids {
		if specs[i], err = ReadSpec(fsys, id, legacy[id]); err != nil {
			return nil, err
		}
	}
	return specs, nil
}
