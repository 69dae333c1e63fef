package dialects_test

import (
	"os"
	"testing"
)

// TestMain runs the tests, then releases the plan databases they shared.
func TestMain(m *testing.M) {
	code := m.Run()
	closePlanDBs()
	os.Exit(code)
}
