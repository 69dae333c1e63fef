package schemadiff

import (
	"slices"
	"testing"
)

func TestNormalizeSQL(t *testing.T) {
	cases := []struct{ in, want string }{
		{"", ""},
		{"  a   b  ", "a b"},
		{"(\n  (\n    lower(x) \n  )\n  )", "((lower(x)))"},
		{"f( a ,\tb )", "f(a , b)"},
		{"'a  (  b )'  ||  \"c  ( d\"", "'a  (  b )' || \"c  ( d\""},
		{"'it''s  x' ( 1 )", "'it''s  x' (1)"},
		{"`a  b` [c  d]  e", "`a  b` [c  d] e"},
	}
	for _, c := range cases {
		if got := normalizeSQL(c.in); got != c.want {
			t.Errorf("normalizeSQL(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestParseCreateIndex(t *testing.T) {
	cases := []struct {
		sql      string
		elements []string
		where    string
	}{
		{"CREATE INDEX ix ON t (a)", []string{"a"}, ""},
		{"CREATE INDEX ix_artifact__key_created_desc\n        ON artifact_collection (key, created DESC)\n        ", []string{"key", "created DESC"}, ""},
		{`create unique index if not exists "ix" on "main"."t" ("end" ASC, coalesce(a, b) DESC) where (x = 'ON (y)');`,
			[]string{`"end"`, "coalesce(a, b) DESC"}, "(x = 'ON (y)')"},
	}
	for _, c := range cases {
		el, where, err := parseCreateIndex(c.sql)
		if err != nil {
			t.Errorf("parseCreateIndex(%q): %v", c.sql, err)
			continue
		}
		if !slices.Equal(el, c.elements) || where != c.where {
			t.Errorf("parseCreateIndex(%q) = %q, %q; want %q, %q", c.sql, el, where, c.elements, c.where)
		}
	}
}
