package frozen

import (
	"slices"
	"testing"
)

func TestStatements(t *testing.T) {
	tests := []struct {
		name   string
		script string
		want   []string
	}{
		{"comments and blank lines", "-- header\n\nCREATE TABLE a (x INT);\n", []string{"CREATE TABLE a (x INT)"}},
		{"multi-line statement", "CREATE TABLE a (\n\tx INT\n);\nDROP TABLE b;\n", []string{"CREATE TABLE a (\n\tx INT\n)", "DROP TABLE b"}},
		{"semicolon inside a line", "DO $$ BEGIN DROP EXTENSION x; EXCEPTION WHEN others THEN NULL; END $$;\n", []string{"DO $$ BEGIN DROP EXTENSION x; EXCEPTION WHEN others THEN NULL; END $$"}},
		{"last statement without semicolon", "SELECT 1;\nSELECT 2\n", []string{"SELECT 1", "SELECT 2"}},
		{"trailing spaces and CRLF", "SELECT 1;  \r\n", []string{"SELECT 1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Statements(tt.script); !slices.Equal(got, tt.want) {
				t.Errorf("Statements(%q) = %q, want %q", tt.script, got, tt.want)
			}
		})
	}
}

func TestOwnIndexes(t *testing.T) {
	good := "-- header\nCREATE INDEX CONCURRENTLY IF NOT EXISTS prefectorm_ix_a ON flow_run (name COLLATE \"C\", id);\nCREATE INDEX IF NOT EXISTS prefectorm_ix_b ON \"log\" (timestamp) WHERE level > 20;\n"
	got, err := ownIndexes("good.up.sql", good)
	if want := []Index{{"prefectorm_ix_a", "flow_run"}, {"prefectorm_ix_b", "log"}}; err != nil || !slices.Equal(got, want) {
		t.Errorf("ownIndexes = %v, %v; want %v", got, err, want)
	}
	// A version that creates nothing on one dialect is allowed.
	if got, err := ownIndexes("empty.up.sql", "-- nothing\n"); err != nil || len(got) != 0 {
		t.Errorf("empty script: %v, %v; want no index and no error", got, err)
	}
	for name, script := range map[string]string{
		"alembic write":  "CREATE INDEX IF NOT EXISTS prefectorm_ix_a ON flow (name);\nUPDATE alembic_version SET version_num = 'x';\n",
		"Prefect's name": "CREATE INDEX IF NOT EXISTS ix_flow__name ON flow (name);\n",
		"too long":       "CREATE INDEX IF NOT EXISTS prefectorm_ix_" + "flow_run__a_very_long_name_that_does_not_fit_in_63_bytes ON flow (name);\n",
		"not idempotent": "CREATE INDEX prefectorm_ix_a ON flow (name);\n",
	} {
		if _, err := ownIndexes(name, script); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
