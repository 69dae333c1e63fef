package dbtest

import (
	"slices"
	"strconv"
	"testing"
	"time"
)

// compareChunk is the most iterations CompareRaw runs on one side before
// switching to the other; with fewer than 20 chunks' worth of iterations
// (slow operations such as a batch of 10,000 rows), chunks shrink so the
// sides still alternate about 20 times, down to one iteration each.
const compareChunk = 50

// chunkSize is CompareRaw's chunk for n iterations.
func chunkSize(n int) int { return max(1, min(compareChunk, n/20)) }

// CompareRaw runs the same work through raw database/sql (raw) and through
// GORM (orm) in the same benchmark run, and reports both costs and their
// ratio: raw-ns/op, gorm-ns/op and gorm/raw. Each function gets the
// iteration number, so both paths see the same sequence of inputs:
// iteration 0 runs once on each side untimed, to warm both up, then
// iterations 1 to b.N are timed in chunks that alternate between the sides,
// and which side leads, so neither pays warm-up or drift alone.
//
// gorm/raw is the ratio of the totals. gorm/raw-median is the median of the
// ratios of each pair of chunks run back to back (the same iterations on
// both sides), which a pause landing in one chunk (a garbage collection, a
// SQLite checkpoint, another process taking the CPU) does not move; with
// fewer than three pairs it equals gorm/raw.
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
	var pairs []float64
	chunk := chunkSize(b.N)
	for from, rawFirst := 1, true; from <= b.N; from, rawFirst = from+chunk, !rawFirst {
		to := min(from+chunk, b.N+1)
		var r, o time.Duration
		if rawFirst {
			r = run(raw, from, to)
			o = run(orm, from, to)
		} else {
			o = run(orm, from, to)
			r = run(raw, from, to)
		}
		rawTime += r
		ormTime += o
		if r > 0 {
			pairs = append(pairs, float64(o)/float64(r))
		}
	}
	b.StopTimer()
	n := float64(b.N)
	total := float64(ormTime) / float64(rawTime)
	b.ReportMetric(float64(rawTime.Nanoseconds())/n, "raw-ns/op")
	b.ReportMetric(float64(ormTime.Nanoseconds())/n, "gorm-ns/op")
	b.ReportMetric(total, "gorm/raw")
	b.ReportMetric(medianOr(pairs, total), "gorm/raw-median")
}

// medianOr returns the median of xs, or def when there are fewer than three.
func medianOr(xs []float64, def float64) float64 {
	if len(xs) < 3 {
		return def
	}
	xs = slices.Clone(xs)
	slices.Sort(xs)
	if len(xs)%2 == 1 {
		return xs[len(xs)/2]
	}
	return (xs[len(xs)/2-1] + xs[len(xs)/2]) / 2
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
