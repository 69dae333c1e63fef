package dbtest

import (
	"strconv"
	"testing"
	"time"
)

// compareChunk is how many iterations CompareRaw runs on one side before
// switching to the other.
const compareChunk = 50

// CompareRaw runs the same work through raw database/sql (raw) and through
// GORM (orm) in the same benchmark run, and reports both costs and their
// ratio: raw-ns/op, gorm-ns/op and gorm/raw. Each function gets the
// iteration number, so both paths see the same sequence of inputs:
// iteration 0 runs once on each side untimed, to warm both up, then
// iterations 1 to b.N are timed in chunks that alternate between the sides,
// and which side leads, so neither pays warm-up or drift alone.
func CompareRaw(b *testing.B, raw, orm func(i int) error) {
	b.Helper()
	run := func(fn func(int) error, from, to int) time.Duration {
		start := time.Now()
		for i := from; i < to; i++ {
			if err := fn(i); err != nil {
				b.Fatalf("iteration %d: %v", i, err)
			}
		}
		return time.Since(start)
	}
	run(raw, 0, 1)
	run(orm, 0, 1)
	b.ResetTimer()
	var rawTime, ormTime time.Duration
	for from, rawFirst := 1, true; from <= b.N; from, rawFirst = from+compareChunk, !rawFirst {
		to := min(from+compareChunk, b.N+1)
		if rawFirst {
			rawTime += run(raw, from, to)
			ormTime += run(orm, from, to)
		} else {
			ormTime += run(orm, from, to)
			rawTime += run(raw, from, to)
		}
	}
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
