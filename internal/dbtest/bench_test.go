package dbtest

import "testing"

func TestMedianOr(t *testing.T) {
	for _, c := range []struct {
		name string
		xs   []float64
		def  float64
		want float64
	}{
		{"none", nil, 1.5, 1.5},
		{"two", []float64{1, 9}, 1.5, 1.5},
		{"odd", []float64{3, 1, 2}, 0, 2},
		{"even", []float64{4, 1, 3, 2}, 0, 2.5},
		{"outlier", []float64{1.1, 1.2, 9, 1.3, 1.2}, 0, 1.2},
	} {
		t.Run(c.name, func(t *testing.T) {
			xs := append([]float64(nil), c.xs...)
			if got := medianOr(c.xs, c.def); got != c.want {
				t.Errorf("medianOr(%v, %v) = %v, want %v", c.xs, c.def, got, c.want)
			}
			for i := range xs {
				if xs[i] != c.xs[i] {
					t.Errorf("medianOr reordered its input: %v, was %v", c.xs, xs)
				}
			}
		})
	}
}

func TestChunkSize(t *testing.T) {
	for _, c := range []struct{ n, want int }{
		{1, 1}, {10, 1}, {39, 1}, {40, 2}, {200, 10}, {1000, 50}, {5000, 50},
	} {
		if got := chunkSize(c.n); got != c.want {
			t.Errorf("chunkSize(%d) = %d, want %d", c.n, got, c.want)
		}
	}
}
