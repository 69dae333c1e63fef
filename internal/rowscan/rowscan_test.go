package rowscan

import (
	"sync"
	"testing"

	"gorm.io/gorm/schema"

	"github.com/prefectorm/prefectorm/models"
)

type sample struct {
	models.Base
	Name     string
	Count    *int
	Tags     models.JSON[[]string]
	Raw      []byte
	Settings map[string]any `gorm:"serializer:json"`
}

func TestOf(t *testing.T) {
	s, err := schema.Parse(&sample{}, &sync.Map{}, schema.NamingStrategy{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name    string
		columns []string
		direct  bool
		err     bool
	}{
		{"base and kinds", []string{"id", "created", "updated", "name", "count"}, true, false},
		{"scanner document", []string{"id", "tags"}, true, false},
		{"bytes (left to GORM)", []string{"id", "raw"}, false, false},
		{"serializer", []string{"settings"}, false, false},
		{"unknown column", []string{"id", "nope"}, false, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			cols, err := Of(s, c.columns)
			if (err != nil) != c.err {
				t.Fatalf("Of(%v) error %v, want error %v", c.columns, err, c.err)
			}
			if cols.Direct != c.direct {
				t.Errorf("Of(%v).Direct = %v, want %v", c.columns, cols.Direct, c.direct)
			}
		})
	}
}
