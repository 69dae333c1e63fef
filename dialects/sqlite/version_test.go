package sqlite

import "testing"

func TestCompareVersions(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"3.24.0", "3.24.0", 0},
		{"3.23.1", "3.24.0", -1},
		{"3.45.1", "3.24.0", 1},
		{"3.24", "3.24.0", 0},
		{"4.0.0", "3.24.0", 1},
		{"3.9.2", "3.24.0", -1},
	}
	for _, tt := range tests {
		if got := compareVersions(tt.a, tt.b); got != tt.want {
			t.Errorf("compareVersions(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
