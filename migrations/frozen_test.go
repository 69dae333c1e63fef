package migrations_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// frozenScripts pins the SHA-256 of every released version's SQL. A
// released version must never change (databases already ran it): change
// the schema with a new version, and add its scripts here.
var frozenScripts = map[string]string{
	"sqlite/sql/0001_prefect_3_0.up.sql":     "c9fc0e2ed8e366058c56a548920be5665d2a069434fa47001767f6ea56f8c651",
	"sqlite/sql/0001_prefect_3_0.down.sql":   "b72bf8562694bef338418fcc502f95b3f0a69de2043419c92edcc1e9eddea029",
	"postgres/sql/0001_prefect_3_0.up.sql":   "bed1bf066260890357c5cef7bff1d66821bbf729abb54558af4f4ce2069d03d8",
	"postgres/sql/0001_prefect_3_0.down.sql": "20b16bb53022ef109506f95082873f11aa52813b51a617bcd66734311b0b398a",
}

// TestFrozenScriptsUnchanged requires every script of a released version to
// hold exactly the text it was released with, and every script on disk to
// be listed.
func TestFrozenScriptsUnchanged(t *testing.T) {
	var onDisk []string
	for _, dir := range []string{"sqlite/sql", "postgres/sql"} {
		names, err := filepath.Glob(filepath.Join(dir, "*.sql"))
		if err != nil {
			t.Fatal(err)
		}
		onDisk = append(onDisk, names...)
	}
	for _, path := range onDisk {
		want, ok := frozenScripts[path]
		if !ok {
			t.Errorf("%s is not listed in frozenScripts", path)
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != want {
			t.Errorf("%s changed (sha256 %x, released %s): released versions are frozen; add a new version instead", path, sum, want)
		}
	}
	for path := range frozenScripts {
		if !slices.Contains(onDisk, path) {
			t.Errorf("released script %s is missing", path)
		}
	}
}
