package hooks_test

import (
	"regexp"
	"testing"

	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/models"
)

// slugPattern is the shape of Prefect's generate_slug(2) names.
var slugPattern = regexp.MustCompile(`^[a-z]+-[a-z]+$`)

// runNames reads the stored names of the given rows of table, in id order.
func runNames(t *testing.T, db dbtest.DB, table string, ids []models.UUID) map[models.UUID]string {
	t.Helper()
	var rows []struct {
		ID   models.UUID
		Name string
	}
	if err := db.Table(table).Select("id, name").Where("id IN ?", ids).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	names := make(map[models.UUID]string, len(rows))
	for _, r := range rows {
		names[r.ID] = r.Name
	}
	if len(names) != len(ids) {
		t.Fatalf("read %d %s rows, want %d", len(names), table, len(ids))
	}
	return names
}

func TestRunsGetSlugNames(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		flow := models.Flow{Name: "slugs"}
		if err := db.Create(&flow).Error; err != nil {
			t.Fatal(err)
		}
		// flowRuns and taskRuns create runs with the given names ("" for
		// none) and return table, ids.
		flowRuns := func(t *testing.T, names ...string) (string, []models.UUID) {
			runs := make([]models.FlowRun, len(names))
			for i, n := range names {
				runs[i] = models.FlowRun{FlowID: flow.ID}
				runs[i].Name = n
			}
			var err error
			if len(runs) == 1 {
				err = db.Create(&runs[0]).Error
			} else {
				err = db.Create(&runs).Error
			}
			if err != nil {
				t.Fatal(err)
			}
			ids := make([]models.UUID, len(runs))
			for i, r := range runs {
				ids[i] = r.ID
			}
			return "flow_run", ids
		}
		taskRuns := func(t *testing.T, names ...string) (string, []models.UUID) {
			runs := make([]*models.TaskRun, len(names))
			for i, n := range names {
				runs[i] = &models.TaskRun{TaskKey: "task", DynamicKey: models.NewUUID().String()}
				runs[i].Name = n
			}
			var err error
			if len(runs) == 1 {
				err = db.Create(runs[0]).Error
			} else {
				err = db.Create(runs).Error
			}
			if err != nil {
				t.Fatal(err)
			}
			ids := make([]models.UUID, len(runs))
			for i, r := range runs {
				ids[i] = r.ID
			}
			return "task_run", ids
		}
		mapFlowRun := func(t *testing.T, names ...string) (string, []models.UUID) {
			id := models.NewUUID()
			row := map[string]any{"id": id, "flow_id": flow.ID}
			if names[0] != "" {
				row["name"] = names[0]
			}
			if err := db.Model(&models.FlowRun{}).Create(row).Error; err != nil {
				t.Fatal(err)
			}
			return "flow_run", []models.UUID{id}
		}
		tests := []struct {
			name   string
			create func(t *testing.T, names ...string) (string, []models.UUID)
			names  []string
		}{
			{"flow run", flowRuns, []string{""}},
			{"flow run named", flowRuns, []string{"my-run"}},
			{"flow run batch", flowRuns, []string{"", "", "kept-name", ""}},
			{"task run", taskRuns, []string{""}},
			{"task run named", taskRuns, []string{"Task Run 1"}},
			{"task run batch of pointers", taskRuns, []string{"", "", ""}},
			{"flow run map", mapFlowRun, []string{""}},
			{"flow run map named", mapFlowRun, []string{"from-map"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				table, ids := tt.create(t, tt.names...)
				stored := runNames(t, db, table, ids)
				for i, id := range ids {
					got := stored[id]
					if tt.names[i] != "" {
						if got != tt.names[i] {
							t.Errorf("row %d: name %q, want the given %q", i, got, tt.names[i])
						}
						continue
					}
					if !slugPattern.MatchString(got) {
						t.Errorf("row %d: name %q, want an adjective-animal slug", i, got)
					}
				}
			})
		}
	})
}
