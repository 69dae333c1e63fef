package models_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/models"
)

// TestParseSort accepts exactly Prefect's enum names and names the bad
// value and the enum in its error.
func TestParseSort(t *testing.T) {
	for _, v := range models.FlowRunSorts() {
		if got, err := models.ParseFlowRunSort(string(v)); err != nil || got != v {
			t.Errorf("ParseFlowRunSort(%q) = %q, %v", v, got, err)
		}
	}
	cases := []struct {
		parse func(string) error
		input string
		want  string
	}{
		{func(s string) error { _, err := models.ParseFlowRunSort(s); return err }, "START_TIME", `FlowRunSort: unknown sort value "START_TIME" (want one of ID_DESC, START_TIME_ASC,`},
		{func(s string) error { _, err := models.ParseFlowRunSort(s); return err }, "name_asc", `FlowRunSort: unknown sort value "name_asc"`},
		{func(s string) error { _, err := models.ParseTaskRunSort(s); return err }, "START_TIME_DESC", `TaskRunSort: unknown sort value "START_TIME_DESC"`},
		{func(s string) error { _, err := models.ParseLogSort(s); return err }, "", `LogSort: unknown sort value ""`},
		{func(s string) error { _, err := models.ParseBlockDocumentSort(s); return err }, "'; DROP TABLE flow; --", `BlockDocumentSort: unknown sort value "'; DROP TABLE flow; --"`},
		{func(s string) error { _, err := models.ParseAutomationSort(s); return err }, "KEY_ASC", `AutomationSort: unknown sort value "KEY_ASC" (want one of CREATED_DESC, UPDATED_DESC, NAME_ASC, NAME_DESC)`},
	}
	for _, tc := range cases {
		err := tc.parse(tc.input)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("parse %q: error %v, want it to contain %q", tc.input, err, tc.want)
		}
	}
	if n := len(models.FlowRunSorts()) + len(models.TaskRunSorts()) + len(models.LogSorts()) + len(models.FlowSorts()) +
		len(models.DeploymentSorts()) + len(models.ArtifactSorts()) + len(models.ArtifactCollectionSorts()) +
		len(models.VariableSorts()) + len(models.BlockDocumentSorts()) + len(models.AutomationSorts()); n != 47 {
		t.Errorf("%d sort values, want Prefect's 47", n)
	}
}

// TestSortOrders applies sorts through db.Clauses, db.Scopes and db.Order
// on both dialects and checks the orders by hand: bytewise names (also when
// the PostgreSQL column has a locale collation), NULLs last for ASC and
// first for DESC, id as the tie-breaker, combination with other Order
// calls, and an error naming an unknown value.
func TestSortOrders(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		if db.Dialect.Name() == "postgres" {
			// A locale collation on the column, where "a" < "B" < "b" < "Z":
			// only COLLATE "C" gives the bytewise order. Skipped where the
			// server has no ICU collations.
			var n int64
			db.Raw(`SELECT count(*) FROM pg_collation WHERE collname = 'und-x-icu'`).Scan(&n)
			if n == 1 {
				if err := db.Exec(`ALTER TABLE flow ALTER COLUMN name TYPE VARCHAR COLLATE "und-x-icu"`).Error; err != nil {
					t.Fatal(err)
				}
				var locale []string
				if err := db.Raw(`SELECT v FROM (VALUES ('b'), ('B'), ('a'), ('Z')) AS t(v) ORDER BY v COLLATE "und-x-icu"`).Scan(&locale).Error; err != nil ||
					!slices.Equal(locale, []string{"a", "b", "B", "Z"}) {
					t.Fatalf("und-x-icu order %v, %v", locale, err)
				}
			} else {
				t.Log("no und-x-icu collation: the locale-collation case is not exercised")
			}
		}
		names := []string{"b", "B", "_x", "a", "Z", "é", "a b"}
		for _, name := range names {
			if err := db.Create(&models.Flow{Name: name}).Error; err != nil {
				t.Fatal(err)
			}
		}
		bytewise := []string{"B", "Z", "_x", "a", "a b", "b", "é"}
		var got []string
		if err := db.Model(&models.Flow{}).Clauses(models.FlowSortNameAsc).Pluck("name", &got).Error; err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, bytewise) {
			t.Errorf("NAME_ASC = %q, want %q", got, bytewise)
		}
		got = nil
		if err := db.Model(&models.Flow{}).Scopes(models.FlowSortNameDesc.Scope).Pluck("name", &got).Error; err != nil {
			t.Fatal(err)
		}
		reversed := slices.Clone(bytewise)
		slices.Reverse(reversed)
		if !slices.Equal(got, reversed) {
			t.Errorf("NAME_DESC = %q, want %q", got, reversed)
		}

		// Flow runs: expected_start_time with NULLs and duplicates, and
		// duplicate names.
		var flow models.Flow
		if err := db.Where("name = ?", "a").First(&flow).Error; err != nil {
			t.Fatal(err)
		}
		base := time.Date(2024, 8, 19, 12, 0, 0, 0, time.UTC)
		at := func(m int) *models.Timestamp {
			v := models.NewTimestamp(base.Add(time.Duration(m) * time.Minute))
			return &v
		}
		runs := []struct {
			name     string
			expected *models.Timestamp
			count    int
		}{{"r1", at(2), 1}, {"r2", nil, 0}, {"r3", at(1), 1}, {"r1", at(2), 0}, {"r5", nil, 1}}
		ids := map[string][]models.UUID{}
		for _, r := range runs {
			fr := models.FlowRun{FlowID: flow.ID}
			fr.Name, fr.ExpectedStartTime, fr.RunCount = r.name, r.expected, r.count
			if err := db.Create(&fr).Error; err != nil {
				t.Fatal(err)
			}
			ids[r.name] = append(ids[r.name], fr.ID)
		}
		byID := func(ids []models.UUID) []models.UUID {
			return slices.SortedFunc(slices.Values(ids), func(a, b models.UUID) int { return strings.Compare(a.String(), b.String()) })
		}
		r1 := byID(ids["r1"])
		nulls := byID([]models.UUID{ids["r2"][0], ids["r5"][0]})
		wantAsc := append([]models.UUID{ids["r3"][0], r1[0], r1[1]}, nulls...)

		pluck := func(q *gorm.DB) []models.UUID {
			t.Helper()
			var out []models.UUID
			if err := q.Model(&models.FlowRun{}).Pluck("id", &out).Error; err != nil {
				t.Fatal(err)
			}
			return out
		}
		if got := pluck(db.Order(models.FlowRunSortExpectedStartTimeAsc.OrderBy(db.DB))); !slices.Equal(got, wantAsc) {
			t.Errorf("EXPECTED_START_TIME_ASC = %v, want %v", got, wantAsc)
		}
		wantDesc := slices.Clone(wantAsc)
		slices.Reverse(wantDesc)
		if got := pluck(db.Clauses(models.FlowRunSortExpectedStartTimeDesc)); !slices.Equal(got, wantDesc) {
			t.Errorf("EXPECTED_START_TIME_DESC = %v, want %v", got, wantDesc)
		}
		// END_TIME_DESC, which PostgreSQL renders as COALESCE(end_time,
		// 'infinity') DESC: the same order, NULLs first, ties by id.
		if err := db.Exec("UPDATE flow_run SET end_time = expected_start_time").Error; err != nil {
			t.Fatal(err)
		}
		if got := pluck(db.Clauses(models.FlowRunSortEndTimeDesc)); !slices.Equal(got, wantDesc) {
			t.Errorf("END_TIME_DESC = %v, want %v", got, wantDesc)
		}
		// An Order call before the sort stays the first key.
		got2 := pluck(db.Order("run_count").Clauses(models.FlowRunSortNameAsc))
		// run_count 0: the second r1, r2; run_count 1: the first r1, r3, r5.
		want2 := []models.UUID{ids["r1"][1], ids["r2"][0], ids["r1"][0], ids["r3"][0], ids["r5"][0]}
		if !slices.Equal(got2, want2) {
			t.Errorf("run_count, NAME_ASC = %v, want %v", got2, want2)
		}

		// The rendered ORDER BY, and GORM's merging with a later Order call.
		wantSQL := map[string]string{
			"sqlite":   "ORDER BY `flow_run`.`end_time` DESC NULLS FIRST,`flow_run`.`id` DESC,run_count",
			"postgres": `ORDER BY COALESCE("flow_run"."end_time", 'infinity'::timestamptz) DESC,"flow_run"."id" DESC,run_count`,
		}[db.Dialect.Name()]
		stmt := db.Session(&gorm.Session{DryRun: true}).Clauses(models.FlowRunSortEndTimeDesc).Order("run_count").Find(&[]models.FlowRun{}).Statement
		if sql := stmt.SQL.String(); !strings.HasSuffix(sql, wantSQL) {
			t.Errorf("SQL %s\nwant suffix %s", sql, wantSQL)
		}
		wantSQL = map[string]string{
			"sqlite":   "`flow`.`name` COLLATE BINARY DESC,`flow`.`id` DESC",
			"postgres": `"flow"."name" COLLATE "C" DESC,"flow"."id" DESC`,
		}[db.Dialect.Name()]
		stmt = db.Session(&gorm.Session{DryRun: true}).Clauses(models.FlowSortNameDesc).Find(&[]models.Flow{}).Statement
		if sql := stmt.SQL.String(); !strings.HasSuffix(sql, wantSQL) {
			t.Errorf("SQL %s\nwant suffix %s", sql, wantSQL)
		}
		// As an expression inside raw SQL.
		got = nil
		if err := db.Raw("SELECT name FROM flow ORDER BY ?", models.FlowSortNameAsc).Scan(&got).Error; err != nil || !slices.Equal(got, bytewise) {
			t.Errorf("raw ORDER BY ? = %q, %v", got, err)
		}

		// Unknown values fail the query with an error naming the value.
		bad := models.FlowRunSort("START_TIME")
		for name, q := range map[string]*gorm.DB{
			"Clauses": db.Clauses(bad),
			"Scopes":  db.Scopes(bad.Scope),
			"Order":   db.Order(bad.OrderBy(db.DB)),
		} {
			var out []models.FlowRun
			err := q.Find(&out).Error
			if err == nil || !strings.Contains(err.Error(), `FlowRunSort: unknown sort value "START_TIME"`) {
				t.Errorf("%s: error %v", name, err)
			}
		}
		// The db the bad sort was built from is not affected.
		var n int64
		if err := db.Model(&models.FlowRun{}).Count(&n).Error; err != nil || n != 5 {
			t.Errorf("count after errors: %d, %v", n, err)
		}
	})
}
