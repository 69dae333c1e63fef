package dialects_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"

	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/dialects"
	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/models"
)

// upsertFixtures are the rows the upserted rows point at.
type upsertFixtures struct {
	flow      models.Flow
	flowRun   models.FlowRun
	blockType models.BlockType
	schema    models.BlockSchema
}

func newUpsertFixtures(t *testing.T, db *gorm.DB) upsertFixtures {
	t.Helper()
	var fx upsertFixtures
	fx.flow = models.Flow{Name: "fixture-flow"}
	fx.blockType = models.BlockType{Name: "Fixture", Slug: "fixture"}
	for _, row := range []any{&fx.flow, &fx.blockType} {
		if err := db.Create(row).Error; err != nil {
			t.Fatal(err)
		}
	}
	fx.flowRun = models.FlowRun{FlowID: fx.flow.ID}
	fx.schema = models.BlockSchema{Checksum: "sha256:fixture", BlockTypeID: fx.blockType.ID}
	for _, row := range []any{&fx.flowRun, &fx.schema} {
		if err := db.Create(row).Error; err != nil {
			t.Fatal(err)
		}
	}
	return fx
}

// upsertCase upserts version v of one row whose conflict key never changes
// and reports the stored row's id and its version marker.
type upsertCase struct {
	table string
	// overwrites reports whether a later version replaces the stored one.
	overwrites bool
	upsert     func(ctx context.Context, db *gorm.DB, fx upsertFixtures, v int) (models.UUID, string, error)
	stored     func(db *gorm.DB, id models.UUID) (string, error)
	// readBack upserts version 1 and returns the row Upsert left in its
	// argument, the same row read with GORM's Take, and whether Upsert
	// scanned it without GORM.
	readBack func(ctx context.Context, db *gorm.DB, fx upsertFixtures) (got, taken any, direct bool, err error)
}

func newUpsertCase[T any](table string, overwrites bool, build func(fx upsertFixtures, v int) *T, id func(*T) models.UUID, marker func(*T) string) upsertCase {
	return upsertCase{
		table: table, overwrites: overwrites,
		upsert: func(ctx context.Context, db *gorm.DB, fx upsertFixtures, v int) (models.UUID, string, error) {
			row := build(fx, v)
			err := dialects.Upsert(ctx, db, row)
			return id(row), marker(row), err
		},
		stored: func(db *gorm.DB, rowID models.UUID) (string, error) {
			var row T
			err := db.Take(&row, "id = ?", rowID).Error
			return marker(&row), err
		},
		readBack: func(ctx context.Context, db *gorm.DB, fx upsertFixtures) (any, any, bool, error) {
			row := build(fx, 1)
			if err := dialects.Upsert(ctx, db, row); err != nil {
				return nil, nil, false, err
			}
			var taken T
			err := db.Take(&taken, "id = ?", id(row)).Error
			return *row, taken, dialects.ReadBackIsDirect(db, row), err
		},
	}
}

func ver(v int) string { return fmt.Sprintf("v%d", v) }

func deref(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}

var upsertCases = []upsertCase{
	newUpsertCase("flow", false,
		func(_ upsertFixtures, v int) *models.Flow {
			return &models.Flow{Name: "etl", Tags: models.NewJSON([]string{ver(v)})}
		},
		func(r *models.Flow) models.UUID { return r.ID },
		func(r *models.Flow) string { return r.Tags.V[0] }),
	newUpsertCase("flow_run", false,
		func(fx upsertFixtures, v int) *models.FlowRun {
			r := &models.FlowRun{FlowID: fx.flow.ID, IdempotencyKey: ptr("scheduled-2024-08-19")}
			r.Name = ver(v)
			return r
		},
		func(r *models.FlowRun) models.UUID { return r.ID },
		func(r *models.FlowRun) string { return r.Name }),
	newUpsertCase("task_run", false,
		func(fx upsertFixtures, v int) *models.TaskRun {
			r := &models.TaskRun{FlowRunID: fx.flowRun.ID.Ptr(), TaskKey: "extract", DynamicKey: "0"}
			r.Name = ver(v)
			return r
		},
		func(r *models.TaskRun) models.UUID { return r.ID },
		func(r *models.TaskRun) string { return r.Name }),
	newUpsertCase("deployment", true,
		func(fx upsertFixtures, v int) *models.Deployment {
			return &models.Deployment{FlowID: fx.flow.ID, Name: "nightly", Description: ptr(ver(v))}
		},
		func(r *models.Deployment) models.UUID { return r.ID },
		func(r *models.Deployment) string { return deref(r.Description) }),
	newUpsertCase("block_type", true,
		func(_ upsertFixtures, v int) *models.BlockType {
			return &models.BlockType{Name: "S3 Bucket", Slug: "s3-bucket", Description: ptr(ver(v))}
		},
		func(r *models.BlockType) models.UUID { return r.ID },
		func(r *models.BlockType) string { return deref(r.Description) }),
	newUpsertCase("block_schema", false,
		func(fx upsertFixtures, v int) *models.BlockSchema {
			return &models.BlockSchema{Checksum: "sha256:abc", Version: "3.0.0", BlockTypeID: fx.blockType.ID,
				Capabilities: models.NewJSON([]string{ver(v)})}
		},
		func(r *models.BlockSchema) models.UUID { return r.ID },
		func(r *models.BlockSchema) string { return r.Capabilities.V[0] }),
	newUpsertCase("block_document", true,
		func(fx upsertFixtures, v int) *models.BlockDocument {
			return &models.BlockDocument{Name: "prod", BlockTypeID: fx.blockType.ID, BlockSchemaID: fx.schema.ID,
				BlockTypeName: ptr(ver(v))}
		},
		func(r *models.BlockDocument) models.UUID { return r.ID },
		func(r *models.BlockDocument) string { return deref(r.BlockTypeName) }),
	newUpsertCase("concurrency_limit", true,
		func(_ upsertFixtures, v int) *models.ConcurrencyLimit {
			return &models.ConcurrencyLimit{Tag: "db", ConcurrencyLimit: v}
		},
		func(r *models.ConcurrencyLimit) models.UUID { return r.ID },
		func(r *models.ConcurrencyLimit) string { return ver(r.ConcurrencyLimit) }),
	newUpsertCase("artifact_collection", true,
		func(_ upsertFixtures, v int) *models.ArtifactCollection {
			return &models.ArtifactCollection{Key: "report", LatestID: models.NewUUID(), Description: ptr(ver(v))}
		},
		func(r *models.ArtifactCollection) models.UUID { return r.ID },
		func(r *models.ArtifactCollection) string { return deref(r.Description) }),
	newUpsertCase("saved_search", true,
		func(_ upsertFixtures, v int) *models.SavedSearch {
			return &models.SavedSearch{Name: "failed runs", Filters: models.NewJSON([]map[string]any{{"object": ver(v)}})}
		},
		func(r *models.SavedSearch) models.UUID { return r.ID },
		func(r *models.SavedSearch) string { return fmt.Sprint(r.Filters.V[0]["object"]) }),
}

// countRows counts the rows of table.
func countRows(t *testing.T, db *gorm.DB, table string) int64 {
	t.Helper()
	var n int64
	if err := db.Table(table).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func TestUpsertReturnsTheStoredRow(t *testing.T) {
	ctx := context.Background()
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		fx := newUpsertFixtures(t, db.DB)
		for _, tc := range upsertCases {
			t.Run(tc.table, func(t *testing.T) {
				before := countRows(t, db.DB, tc.table)
				id1, m1, err := tc.upsert(ctx, db.DB, fx, 1)
				if err != nil {
					t.Fatal(err)
				}
				id2, m2, err := tc.upsert(ctx, db.DB, fx, 2)
				if err != nil {
					t.Fatal(err)
				}
				want := ver(1)
				if tc.overwrites {
					want = ver(2)
				}
				if id2 != id1 {
					t.Errorf("second upsert returned id %s, want the stored row's %s", id2, id1)
				}
				if m1 != ver(1) || m2 != want {
					t.Errorf("upserts returned %s then %s, want v1 then %s", m1, m2, want)
				}
				got, err := tc.stored(db.DB, id1)
				if err != nil {
					t.Fatal(err)
				}
				if got != want {
					t.Errorf("stored %s, want %s", got, want)
				}
				if n := countRows(t, db.DB, tc.table) - before; n != 1 {
					t.Errorf("%d rows added, want 1", n)
				}
			})
		}
	})
}

// TestUpsertReadBackMatchesTake checks that the row Upsert scans straight
// into the struct, for every upsertable table, equals the row GORM's Take
// reads, field for field.
func TestUpsertReadBackMatchesTake(t *testing.T) {
	ctx := context.Background()
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		fx := newUpsertFixtures(t, db.DB)
		for _, tc := range upsertCases {
			t.Run(tc.table, func(t *testing.T) {
				got, taken, direct, err := tc.readBack(ctx, db.DB, fx)
				if err != nil {
					t.Fatal(err)
				}
				if !direct {
					t.Errorf("%s is read back through GORM's Scan, not straight into the struct", tc.table)
				}
				if !reflect.DeepEqual(got, taken) {
					t.Errorf("Upsert read back\n%+v\nTake reads\n%+v", got, taken)
				}
			})
		}
	})
}

func TestUpsertNullKeyNeverConflicts(t *testing.T) {
	ctx := context.Background()
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		fx := newUpsertFixtures(t, db.DB)
		tests := []struct {
			name  string
			table string
			build func() any
		}{
			{"flow run without idempotency key", "flow_run", func() any { return &models.FlowRun{FlowID: fx.flow.ID} }},
			{"task run without flow run", "task_run", func() any { return &models.TaskRun{TaskKey: "t", DynamicKey: "0"} }},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := countRows(t, db.DB, tt.table)
				for range 2 {
					var err error
					switch row := tt.build().(type) {
					case *models.FlowRun:
						err = dialects.Upsert(ctx, db.DB, row)
					case *models.TaskRun:
						err = dialects.Upsert(ctx, db.DB, row)
					}
					if err != nil {
						t.Fatal(err)
					}
				}
				if n := countRows(t, db.DB, tt.table) - before; n != 2 {
					t.Errorf("%d rows added, want 2", n)
				}
			})
		}
	})
}

func TestUpsertRefusesOtherTables(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		err := dialects.Upsert(context.Background(), db.DB, &models.Variable{Name: "x"})
		if err == nil || !strings.Contains(err.Error(), "variable") {
			t.Fatalf("err = %v, want one naming table variable", err)
		}
	})
}

// TestUpsertRace has 16 goroutines upsert the same key of every table at
// once: all succeed, all get the one stored row.
func TestUpsertRace(t *testing.T) {
	const callers = 16
	ctx := context.Background()
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		fx := newUpsertFixtures(t, db.DB)
		for _, tc := range upsertCases {
			t.Run(tc.table, func(t *testing.T) {
				before := countRows(t, db.DB, tc.table)
				ids := make([]models.UUID, callers)
				errs := make([]error, callers)
				var wg sync.WaitGroup
				start := make(chan struct{})
				for i := range callers {
					wg.Add(1)
					go func() {
						defer wg.Done()
						<-start
						ids[i], _, errs[i] = tc.upsert(ctx, db.DB, fx, i+1)
					}()
				}
				close(start)
				wg.Wait()
				for i, err := range errs {
					if err != nil {
						t.Fatalf("caller %d: %v", i, err)
					}
					if ids[i] != ids[0] {
						t.Errorf("caller %d got id %s, caller 0 got %s", i, ids[i], ids[0])
					}
				}
				if n := countRows(t, db.DB, tc.table) - before; n != 1 {
					t.Errorf("%d rows added, want 1", n)
				}
			})
		}
	})
}

func TestCreateArtifactTracksLatest(t *testing.T) {
	ctx := context.Background()
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		key := "daily-report"
		var ids []models.UUID
		for _, desc := range []string{"monday", "tuesday"} {
			a := models.Artifact{Key: &key, Type: ptr("markdown"), Description: ptr(desc),
				Data: models.NewPlainJSON[any]("# " + desc)}
			if err := dialects.CreateArtifact(ctx, db.DB, &a); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, a.ID)
		}
		if err := dialects.CreateArtifact(ctx, db.DB, &models.Artifact{Data: models.NewPlainJSON[any](1)}); err != nil {
			t.Fatal(err)
		}
		var collections []models.ArtifactCollection
		if err := db.Find(&collections).Error; err != nil {
			t.Fatal(err)
		}
		if len(collections) != 1 {
			t.Fatalf("%d collections, want 1 (keyless artifacts have none)", len(collections))
		}
		c := collections[0]
		if c.Key != key || c.LatestID != ids[1] || deref(c.Description) != "tuesday" || c.Data.V != "# tuesday" {
			t.Errorf("collection %s latest %s description %s data %v, want latest %s (tuesday)", c.Key, c.LatestID, deref(c.Description), c.Data.V, ids[1])
		}
		if n := countRows(t, db.DB, "artifact"); n != 3 {
			t.Errorf("%d artifacts, want 3", n)
		}
	})
}
