package migrations

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/prefectorm/prefectorm/dialects"
)

// prefectRelease is a Prefect release with the Alembic heads its server
// migrates a database to.
type prefectRelease struct {
	release          string
	sqlite, postgres string
	// last marks the last patch release of its minor release: no later
	// x.y.z of that minor exists.
	last bool
}

// prefectReleases lists, oldest first, every Prefect release at which a
// dialect's Alembic head changed (the first release of each revision) and
// the last patch of each minor release, from Prefect's tags. A release not
// listed has the heads of the nearest listed release before it.
var prefectReleases = []prefectRelease{
	{release: "3.0.0", sqlite: "f93e1439f022", postgres: "97429116795e"},
	{release: "3.0.3", sqlite: "4ad4658cbefe", postgres: "eaec5004771f"},
	{release: "3.1.5", sqlite: "5952a5498b51", postgres: "68a44144428d"},
	{release: "3.1.6", sqlite: "a49711513ad4", postgres: "5d03c01be85e"},
	{release: "3.1.15", sqlite: "a49711513ad4", postgres: "5d03c01be85e", last: true},
	{release: "3.2.0", sqlite: "07ecde74d74d", postgres: "a03d00b8e275"},
	{release: "3.2.14", sqlite: "3457c6ca2360", postgres: "b5f5644500d2"},
	{release: "3.2.15", sqlite: "bbca16f6f218", postgres: "06b7c293bc69", last: true},
	{release: "3.3.4", sqlite: "bbca16f6f218", postgres: "7a73514ca2d6"},
	{release: "3.3.7", sqlite: "bbca16f6f218", postgres: "7a73514ca2d6", last: true},
	{release: "3.4.0", sqlite: "7655f31c5157", postgres: "4160a4841eed"},
	{release: "3.4.1", sqlite: "3c841a1800a1", postgres: "1c9bb7f78263"},
	{release: "3.4.7", sqlite: "8bb517bae6f9", postgres: "3b86c5ea017a"},
	{release: "3.4.19", sqlite: "9e83011d1f2a", postgres: "9e83011d1f2a"},
	{release: "3.4.25", sqlite: "9e83011d1f2a", postgres: "9e83011d1f2a", last: true},
	{release: "3.5.0", sqlite: "9e83011d1f2a", postgres: "9e83011d1f2a"},
	{release: "3.6.19", sqlite: "a1b2c3d4e5f7", postgres: "a1b2c3d4e5f6"},
	{release: "3.6.21", sqlite: "4dfa692e02a7", postgres: "09a9e091e578"},
	{release: "3.6.29", sqlite: "4dfa692e02a7", postgres: "09a9e091e578", last: true},
	{release: "3.7.0", sqlite: "2095de406cbe", postgres: "7218aad17905"},
	{release: "3.7.5", sqlite: "79e7a60e43d8", postgres: "bad1e352c597"},
	{release: "3.7.8", sqlite: "79e7a60e43d8", postgres: "bad1e352c597", last: true},
	{release: "3.8.0", sqlite: "14806cb26270", postgres: "50737cdaee36"},
	{release: "3.8.3", sqlite: "14806cb26270", postgres: "50737cdaee36", last: true},
}

func (p prefectRelease) head(d dialects.Dialect) string {
	if d.Name() == "postgres" {
		return p.postgres
	}
	return p.sqlite
}

// parseRelease reads "3.x.y".
func parseRelease(s string) ([3]int, bool) {
	var out [3]int
	parts := strings.Split(s, ".")
	if len(parts) != 3 {
		return out, false
	}
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || strconv.Itoa(n) != p {
			return out, false
		}
		out[i] = n
	}
	return out, true
}

func less(a, b [3]int) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}

// prefectHead returns the Alembic head of d at a Prefect release.
func prefectHead(d dialects.Dialect, release string) (string, error) {
	want, ok := parseRelease(release)
	if !ok {
		return "", fmt.Errorf("prefectorm: Prefect release %q: want a release number such as 3.6.29", release)
	}
	first, _ := parseRelease(prefectReleases[0].release)
	lastKnown := prefectReleases[len(prefectReleases)-1].release
	if less(want, first) {
		return "", fmt.Errorf("prefectorm: Prefect release %q: prefectorm starts at Prefect %s", release, prefectReleases[0].release)
	}
	if last, _ := parseRelease(lastKnown); less(last, want) {
		return "", fmt.Errorf("prefectorm: Prefect release %q is newer than the releases this prefectorm knows (up to %s)", release, lastKnown)
	}
	var found *prefectRelease
	for i := range prefectReleases {
		p := &prefectReleases[i]
		v, _ := parseRelease(p.release)
		if less(want, v) {
			break
		}
		if p.last && v[0] == want[0] && v[1] == want[1] && less(v, want) {
			return "", fmt.Errorf("prefectorm: Prefect release %q does not exist: the last %d.%d release is %s", release, v[0], v[1], p.release)
		}
		found = p
	}
	return found.head(d), nil
}

// releaseOf names the first known Prefect release whose head on d is rev
// ("an unreleased revision" when none is).
func releaseOf(d dialects.Dialect, rev string) string {
	for _, p := range prefectReleases {
		if p.head(d) == rev {
			return p.release
		}
	}
	return "(unreleased)"
}

// PrefectVersion returns the id of d's version that ToPrefect(release)
// targets in Upgrade, Migrate and Downgrade: the last version whose schema
// is the one the given Prefect release's own migrations build (for example
// "3.6.29"), the version a service sharing the database with that Prefect
// server should stop at. For the newest release that is the last of
// prefectorm's own-index versions that follow its version (they add
// indexes only and keep its Alembic head), or with PrefectSchemaOnly the
// release's own version. Any 3.x.y release from 3.0.0 to the newest this
// prefectorm knows is accepted.
func PrefectVersion(d dialects.Dialect, release string, opts ...Option) (string, error) {
	r, err := newRunner(d, opts)
	if err != nil {
		return "", err
	}
	i, err := r.prefectIndex(release)
	if err != nil {
		return "", err
	}
	return r.versions[i].ID, nil
}

// prefectIndex returns the index of the version of a Prefect release.
func (r *runner) prefectIndex(release string) (int, error) {
	head, err := prefectHead(r.d, release)
	if err != nil {
		return 0, err
	}
	k := r.lastWithRevision(head, !r.stampPrefect)
	if k < 0 {
		return 0, fmt.Errorf("prefectorm: Prefect %s's %s revision %q is not among this prefectorm's versions (newest %q, revision %q)",
			release, r.d.Name(), head, r.versions[len(r.versions)-1].ID, r.versions[len(r.versions)-1].revision)
	}
	return k, nil
}
