package dialects_test

import (
	"database/sql"
	"encoding/json"
	"slices"
	"testing"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/prefectorm/prefectorm/dialects"
	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/models"
)

// injection is a key that would end the statement if it were spliced into SQL.
const injection = "'; DROP TABLE flow; --"

// jsonFixture inserts flows whose tags are JSON arrays and one flow run whose
// parameters object has keys with quotes, dots, $ and SQL in them.
func jsonFixture(t *testing.T, db dbtest.DB) {
	t.Helper()
	tags := map[string][]string{
		"f1": {"a", "b"},
		"f2": {"c"},
		"f3": {},
		"f4": {"it's", `"q"`, "$.x", "what?", injection},
	}
	for _, name := range []string{"f1", "f2", "f3", "f4"} {
		f := models.Flow{Name: name, Tags: models.NewJSON(tags[name])}
		if err := db.Create(&f).Error; err != nil {
			t.Fatal(err)
		}
	}
	var f1 models.Flow
	if err := db.Where("name = ?", "f1").First(&f1).Error; err != nil {
		t.Fatal(err)
	}
	run := models.FlowRun{FlowID: f1.ID, Parameters: models.NewJSON(map[string]any{
		"x": 1, "y": map[string]any{"z": "deep"}, "a.b": "dot", "$": "dollar", `k"q`: "quote",
		"it's": "apostrophe", injection: "inj", "t": true, "n": nil, "arr": []any{10, 20}, "what?": "question",
	})}
	run.Name = "r"
	if err := db.Create(&run).Error; err != nil {
		t.Fatal(err)
	}
}

func flowNames(t *testing.T, q *gorm.DB) []string {
	t.Helper()
	var names []string
	if err := q.Model(&models.Flow{}).Order("name").Pluck("name", &names).Error; err != nil {
		t.Fatal(err)
	}
	return names
}

// TestJSONPredicates filters flows by their tags and flow runs by their
// parameters with JSONHasAnyKey, JSONHasAllKeys and JSONContains on both
// dialects, with keys that must be bound rather than spliced.
func TestJSONPredicates(t *testing.T) {
	tags := clause.Column{Table: "flow", Name: "tags"}
	params := clause.Column{Table: "flow_run", Name: "parameters"}
	flowCases := []struct {
		name string
		cond clause.Expression
		want []string
	}{
		{"any of a, c", dialects.JSONHasAnyKey(tags, "a", "c"), []string{"f1", "f2"}},
		{"any of none", dialects.JSONHasAnyKey(tags), nil},
		{"any missing", dialects.JSONHasAnyKey(tags, "zzz"), nil},
		{"any injection", dialects.JSONHasAnyKey(tags, injection), []string{"f4"}},
		{"any quote", dialects.JSONHasAnyKey(tags, `"q"`), []string{"f4"}},
		{"any apostrophe", dialects.JSONHasAnyKey(tags, "it's"), []string{"f4"}},
		{"any question mark", dialects.JSONHasAnyKey(tags, "what?"), []string{"f4"}},
		{"any dollar path", dialects.JSONHasAnyKey(tags, "$.x"), []string{"f4"}},
		{"all of a, b", dialects.JSONHasAllKeys(tags, "a", "b", "a"), []string{"f1"}},
		{"all of a, c", dialects.JSONHasAllKeys(tags, "a", "c"), nil},
		{"all of none", dialects.JSONHasAllKeys(tags), []string{"f1", "f2", "f3", "f4"}},
		{"all of specials", dialects.JSONHasAllKeys(tags, injection, "what?", "it's"), []string{"f4"}},
		{"contains [a]", dialects.JSONContains(tags, []string{"a"}), []string{"f1"}},
		{"contains [b, a, b]", dialects.JSONContains(tags, []string{"b", "a", "b"}), []string{"f1"}},
		{"contains []", dialects.JSONContains(tags, []string{}), []string{"f1", "f2", "f3", "f4"}},
		{"contains [a, c]", dialects.JSONContains(tags, []string{"a", "c"}), nil},
		{"contains injection", dialects.JSONContains(tags, []string{injection}), []string{"f4"}},
		{"contained in", dialects.JSONContains([]string{"a", "b", "c"}, tags), []string{"f1", "f2", "f3"}},
		{"object never contains array", dialects.JSONContains(map[string]any{}, tags), nil},
	}
	runCases := []struct {
		name string
		cond clause.Expression
		want bool
	}{
		{"has key a.b", dialects.JSONHasAnyKey(params, "a.b"), true},
		{"has key injection", dialects.JSONHasAnyKey(params, injection), true},
		{"has key k\"q", dialects.JSONHasAnyKey(params, `k"q`), true},
		{"value is not a key", dialects.JSONHasAnyKey(params, "dot"), false},
		{"nested key is not top-level", dialects.JSONHasAnyKey(params, "z"), false},
		{"has all keys", dialects.JSONHasAllKeys(params, "x", "$", "it's", "what?"), true},
		{"has not all keys", dialects.JSONHasAllKeys(params, "x", "nope"), false},
		{"contains x=1", dialects.JSONContains(params, map[string]any{"x": 1}), true},
		{"contains x=1.0", dialects.JSONContains(params, map[string]any{"x": 1.0}), true},
		{"contains x=2", dialects.JSONContains(params, map[string]any{"x": 2}), false},
		{"same value under another key", dialects.JSONContains(params, map[string]any{"other": 1}), false},
		{"contains nested", dialects.JSONContains(params, map[string]any{"y": map[string]any{"z": "deep"}, "t": true}), true},
		{"true is not 1", dialects.JSONContains(params, map[string]any{"t": 1}), false},
		{"contains injection member", dialects.JSONContains(params, map[string]any{injection: "inj"}), true},
	}
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		jsonFixture(t, db)
		for _, tc := range flowCases {
			t.Run(tc.name, func(t *testing.T) {
				if got := flowNames(t, db.Where(tc.cond)); !slices.Equal(got, tc.want) {
					t.Errorf("flows = %v, want %v", got, tc.want)
				}
				// The same condition inside a sub-query, which GORM re-parses
				// for placeholders.
				sub := db.Model(&models.Flow{}).Select("id").Where(tc.cond)
				if got := flowNames(t, db.Where("id IN (?)", sub)); !slices.Equal(got, tc.want) {
					t.Errorf("via sub-query: flows = %v, want %v", got, tc.want)
				}
				// NOT: a non-NULL document gives a definite false, not NULL.
				var n int64
				if err := db.Model(&models.Flow{}).Where("NOT (?)", tc.cond).Count(&n).Error; err != nil {
					t.Fatal(err)
				}
				if int(n) != 4-len(tc.want) {
					t.Errorf("NOT: %d flows, want %d", n, 4-len(tc.want))
				}
			})
		}
		for _, tc := range runCases {
			t.Run(tc.name, func(t *testing.T) {
				var n int64
				if err := db.Model(&models.FlowRun{}).Where(tc.cond).Count(&n).Error; err != nil {
					t.Fatal(err)
				}
				if (n == 1) != tc.want {
					t.Errorf("matched %d runs, want %v", n, tc.want)
				}
			})
		}
		assertFlowTableIntact(t, db)
	})
}

// TestJSONExtract reads values at paths whose keys contain quotes, dots, $
// and SQL, as text, on both dialects.
func TestJSONExtract(t *testing.T) {
	params := clause.Column{Name: "parameters"}
	cases := []struct {
		path []string
		want sql.NullString
	}{
		{[]string{"x"}, sql.NullString{String: "1", Valid: true}},
		{[]string{"y", "z"}, sql.NullString{String: "deep", Valid: true}},
		{[]string{"a.b"}, sql.NullString{String: "dot", Valid: true}},
		{[]string{"$"}, sql.NullString{String: "dollar", Valid: true}},
		{[]string{`k"q`}, sql.NullString{String: "quote", Valid: true}},
		{[]string{"it's"}, sql.NullString{String: "apostrophe", Valid: true}},
		{[]string{"what?"}, sql.NullString{String: "question", Valid: true}},
		{[]string{injection}, sql.NullString{String: "inj", Valid: true}},
		{[]string{"t"}, sql.NullString{String: "true", Valid: true}},
		{[]string{"arr", "1"}, sql.NullString{String: "20", Valid: true}},
		{[]string{"n"}, sql.NullString{}},
		{[]string{"missing"}, sql.NullString{}},
		{[]string{"x", "deeper"}, sql.NullString{}},
		{[]string{"y", "z", "deeper"}, sql.NullString{}},
		{[]string{"$.y.z"}, sql.NullString{}},
	}
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		jsonFixture(t, db)
		for _, tc := range cases {
			t.Run(stringsJoin(tc.path), func(t *testing.T) {
				var got sql.NullString
				if err := scanRow(db.Model(&models.FlowRun{}).Select("?", dialects.JSONExtract(params, tc.path...)), &got); err != nil {
					t.Fatal(err)
				}
				if got != tc.want {
					t.Errorf("got %+v, want %+v", got, tc.want)
				}
				if tc.want.Valid {
					var n int64
					err := db.Model(&models.FlowRun{}).Where("? = ?", dialects.JSONExtract(params, tc.path...), tc.want.String).Count(&n).Error
					if err != nil || n != 1 {
						t.Errorf("WHERE extract = %q: %d rows, %v", tc.want.String, n, err)
					}
				}
			})
		}
		t.Run("plain json and jsonb columns", func(t *testing.T) {
			// artifact.data is json (not jsonb) on PostgreSQL, variable.value jsonb.
			art := models.Artifact{Data: models.NewPlainJSON[any](map[string]any{"k": "v", "n": 2})}
			v := models.Variable{Name: "var", Value: models.NewPlainJSON[any](map[string]any{"k": "w"})}
			if err := db.Create(&art).Error; err != nil {
				t.Fatal(err)
			}
			if err := db.Create(&v).Error; err != nil {
				t.Fatal(err)
			}
			var got string
			if err := scanRow(db.Model(&models.Artifact{}).Select("?", dialects.JSONExtract(clause.Column{Name: "data"}, "k")), &got); err != nil || got != "v" {
				t.Errorf("artifact.data k = %q, %v", got, err)
			}
			if err := scanRow(db.Model(&models.Variable{}).Select("?", dialects.JSONExtract(clause.Column{Table: "variable", Name: "value"}, "k")), &got); err != nil || got != "w" {
				t.Errorf("variable.value k = %q, %v", got, err)
			}
			var n int64
			if err := db.Model(&models.Artifact{}).Where(dialects.JSONContains(clause.Column{Name: "data"}, map[string]any{"n": 2})).Count(&n).Error; err != nil || n != 1 {
				t.Errorf("artifact.data @> {n: 2}: %d, %v", n, err)
			}
		})
		t.Run("empty path", func(t *testing.T) {
			var got sql.NullString
			err := scanRow(db.Model(&models.FlowRun{}).Select("?", dialects.JSONExtract(params)), &got)
			if err == nil || !contains(err.Error(), "JSONExtract: empty path") {
				t.Fatalf("error = %v", err)
			}
		})
		assertFlowTableIntact(t, db)
	})
}

// assertFlowTableIntact checks that the flow table still holds the fixture.
func assertFlowTableIntact(t *testing.T, db dbtest.DB) {
	t.Helper()
	var n int64
	if err := db.Model(&models.Flow{}).Count(&n).Error; err != nil || n != 4 {
		t.Fatalf("flow table: %d rows, %v; want 4", n, err)
	}
}

// TestJSONOperandRefusesText checks that a column name given as a plain
// string (or *string or []byte) is refused, naming the function and the
// operand, instead of being taken as a JSON string document; json.RawMessage
// is the way to pass JSON text.
func TestJSONOperandRefusesText(t *testing.T) {
	name := "tags"
	tags := clause.Column{Table: "flow", Name: "tags"}
	tests := []struct {
		name, fn string
		cond     clause.Expression
	}{
		{"contains, string document", "JSONContains", dialects.JSONContains("tags", []string{"a"})},
		{"contains, string right side", "JSONContains", dialects.JSONContains(tags, "a")},
		{"contains, *string", "JSONContains", dialects.JSONContains(&name, []string{"a"})},
		{"contains, []byte", "JSONContains", dialects.JSONContains(tags, []byte(`["a"]`))},
		{"has any key", "JSONHasAnyKey", dialects.JSONHasAnyKey("tags", "a")},
		{"has all keys", "JSONHasAllKeys", dialects.JSONHasAllKeys("flow.tags", "a")},
		{"extract", "JSONExtract", dialects.JSONExtract("parameters", "x")},
	}
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		jsonFixture(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				var n int64
				err := db.Model(&models.Flow{}).Where(tt.cond).Count(&n).Error
				if err == nil {
					t.Fatalf("counted %d flows, want the operand refused", n)
				}
				for _, want := range []string{tt.fn, "unsupported JSON document operand", "clause.Column"} {
					if !contains(err.Error(), want) {
						t.Errorf("error %q does not say %q", err, want)
					}
				}
			})
		}
		t.Run("json.RawMessage is JSON text", func(t *testing.T) {
			got := flowNames(t, db.Where(dialects.JSONContains(tags, json.RawMessage(`["a"]`))))
			if !slices.Equal(got, []string{"f1"}) {
				t.Errorf("flows = %v, want [f1]", got)
			}
		})
		assertFlowTableIntact(t, db)
	})
}
