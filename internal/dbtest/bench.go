package dbtest

import (
	"strconv"
	"testing"
	"time"
)

// CompareRaw runs the same work through raw database/sql (raw) and through
// GORM (orm) b.N times each, in the same benchmark run, and reports both
// costs and their ratio: raw-ns/op, gorm-ns/op and gorm/raw. Each function
// gets the iteration number, so both paths see the same sequence of inputs.
func CompareRaw(b *testing.B, raw, orm func(i int) error) {
	b.Helper()
	measure := func(fn func(int) error) time.Duration {
		start := time.Now()
		for i := 0; i < b.N; i++ {
			if err := fn(i); err != nil {
				b.Fatal(err)
			}
		}
		return time.Since(start)
	}
	b.ResetTimer()
	rawTime := measure(raw)
	ormTime := measure(orm)
	b.StopTimer()
	n := float64(b.N)
	b.ReportMetric(float64(rawTime.Nanoseconds())/n, "raw-ns/op")
	b.ReportMetric(float64(ormTime.Nanoseconds())/n, "gorm-ns/op")
	b.ReportMetric(float64(ormTime)/float64(rawTime), "gorm/raw")
}

// Rebind rewrites ? placeholders as $1, $2, … for PostgreSQL; SQLite
// statements are returned unchanged.
func Rebind(dialect, query string) string {
	if dialect != "postgres" {
		return query
	}
	out := make([]byte, 0, len(query)+8)
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			out = append(out, '$')
			out = strconv.AppendInt(out, int64(n), 10)
			continue
		}
		out = append(out, query[i])
	}
	return string(out)
}
