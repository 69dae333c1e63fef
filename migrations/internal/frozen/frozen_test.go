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
