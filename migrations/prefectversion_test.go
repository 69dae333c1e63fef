package migrations_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/prefectorm/prefectorm/dialects"
	"github.com/prefectorm/prefectorm/dialects/postgres"
	"github.com/prefectorm/prefectorm/dialects/sqlite"
	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/migrations"
)

// versionRevisions maps each version of the dialect to its Prefect revision.
func versionRevisions(t *testing.T, d dialects.Dialect) map[string]string {
	t.Helper()
	db := dbtest.Open(t, dbtest.URL(t, d.Name()))
	rep, err := migrations.Status(ctx(t), db.DB, d)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, v := range rep.Versions {
		out[v.ID] = v.AlembicRevision
	}
	return out
}

// TestPrefectVersion maps Prefect releases to versions: each release's
// version has that release's Alembic head (from Prefect's tags, and for
// every release in testdata/releases the alembic_version row of its
// reference dump); releases that do not exist or that this prefectorm does
// not know are errors.
func TestPrefectVersion(t *testing.T) {
	heads := []struct{ release, sqlite, postgres string }{
		{"3.0.0", "f93e1439f022", "97429116795e"},
		{"3.0.2", "f93e1439f022", "97429116795e"},
		{"3.0.3", "4ad4658cbefe", "eaec5004771f"},
		{"3.1.4", "4ad4658cbefe", "eaec5004771f"},
		{"3.1.5", "5952a5498b51", "68a44144428d"},
		{"3.1.6", "a49711513ad4", "5d03c01be85e"},
		{"3.1.15", "a49711513ad4", "5d03c01be85e"},
		{"3.2.0", "07ecde74d74d", "a03d00b8e275"},
		{"3.2.13", "07ecde74d74d", "a03d00b8e275"},
		{"3.2.14", "3457c6ca2360", "b5f5644500d2"},
		{"3.2.15", "bbca16f6f218", "06b7c293bc69"},
		{"3.3.3", "bbca16f6f218", "06b7c293bc69"},
		{"3.3.4", "bbca16f6f218", "7a73514ca2d6"},
		{"3.3.7", "bbca16f6f218", "7a73514ca2d6"},
		{"3.4.0", "7655f31c5157", "4160a4841eed"},
		{"3.4.1", "3c841a1800a1", "1c9bb7f78263"},
		{"3.4.7", "8bb517bae6f9", "3b86c5ea017a"},
		{"3.4.19", "9e83011d1f2a", "9e83011d1f2a"},
		{"3.4.25", "9e83011d1f2a", "9e83011d1f2a"},
		{"3.5.0", "9e83011d1f2a", "9e83011d1f2a"},
		{"3.6.18", "9e83011d1f2a", "9e83011d1f2a"},
		{"3.6.19", "a1b2c3d4e5f7", "a1b2c3d4e5f6"},
		{"3.6.21", "4dfa692e02a7", "09a9e091e578"},
		{"3.6.29", "4dfa692e02a7", "09a9e091e578"},
		{"3.7.0", "2095de406cbe", "7218aad17905"},
		{"3.7.5", "79e7a60e43d8", "bad1e352c597"},
		{"3.7.8", "79e7a60e43d8", "bad1e352c597"},
		{"3.8.0", "14806cb26270", "50737cdaee36"},
		{"3.8.3", "14806cb26270", "50737cdaee36"},
	}
	errs := []struct{ release, want string }{
		{"3.6", "want a release number such as 3.6.29"},
		{"v3.6.29", "want a release number"},
		{"3.06.1", "want a release number"},
		{"3.8.4.dev5", "want a release number"},
		{"", "want a release number"},
		{"2.20.0", "prefectorm starts at Prefect 3.0.0"},
		{"3.1.16", "does not exist: the last 3.1 release is 3.1.15"},
		{"3.7.9", "does not exist: the last 3.7 release is 3.7.8"},
		{"3.8.4", "newer than the releases this prefectorm knows (up to 3.8.3)"},
		{"3.9.0", "newer than the releases"},
		{"4.0.0", "newer than the releases"},
	}
	for _, d := range []dialects.Dialect{sqlite.Dialect, postgres.Dialect} {
		t.Run(d.Name(), func(t *testing.T) {
			revisions := versionRevisions(t, d)
			dumps := releaseDumps(t, d.Name())
			for _, h := range heads {
				want := h.sqlite
				if d.Name() == "postgres" {
					want = h.postgres
				}
				v, err := migrations.PrefectVersion(d, h.release)
				if err != nil {
					t.Errorf("%s: %v", h.release, err)
					continue
				}
				if revisions[v] != want {
					t.Errorf("%s: version %q has revision %q, want %q", h.release, v, revisions[v], want)
				}
			}
			for rev, path := range dumps {
				release := filepath.Base(filepath.Dir(path))
				if release == ".." || release == "testdata" {
					release = "3.0.0"
				}
				v, err := migrations.PrefectVersion(d, release)
				if err != nil {
					t.Errorf("%s: %v", path, err)
				} else if revisions[v] != rev {
					t.Errorf("%s ends at revision %q, but Prefect %s maps to version %q of revision %q", path, rev, release, v, revisions[v])
				}
			}
			for _, e := range errs {
				if _, err := migrations.PrefectVersion(d, e.release); err == nil || !strings.Contains(err.Error(), e.want) {
					t.Errorf("PrefectVersion(%q): error %v, want one containing %q", e.release, err, e.want)
				}
			}
		})
	}
}
