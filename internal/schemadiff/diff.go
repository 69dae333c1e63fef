package schemadiff

import (
	"fmt"
	"slices"
	"strings"
)

// Diff lists the differences between want and got, one human-readable line
// each, sorted; it is empty when they are identical. Things present only in
// want are reported as "missing", things present only in got as
// "unexpected", and differing properties as `<want> vs <got>`, e.g.
//
//	flow_run: column "state_type": type "VARCHAR(9)" vs "VARCHAR(10)"
//	flow_run: missing index "ix_flow_run__state_type"
//	log: unexpected column "extra"
func Diff(want, got *Schema) []string {
	var d differ
	d.keys("", "enum", keysOf(want.Enums), keysOf(got.Enums), func(name string) {
		d.list(fmt.Sprintf("enum %q", name), "labels", want.Enums[name], got.Enums[name])
	})
	d.keys("", "table", keysOf(want.Tables), keysOf(got.Tables), func(name string) {
		d.table(want.Tables[name], got.Tables[name])
	})
	slices.Sort(d.lines)
	return d.lines
}

type differ struct{ lines []string }

func (d *differ) add(format string, args ...any) {
	d.lines = append(d.lines, fmt.Sprintf(format, args...))
}

// keys reports keys only in want (missing) or only in got (unexpected) and
// calls both for keys in both.
func (d *differ) keys(prefix, kind string, want, got []string, both func(string)) {
	inGot := map[string]bool{}
	for _, k := range got {
		inGot[k] = true
	}
	inWant := map[string]bool{}
	for _, k := range want {
		inWant[k] = true
		if inGot[k] {
			both(k)
		} else {
			d.add("%smissing %s %q", prefix, kind, k)
		}
	}
	for _, k := range got {
		if !inWant[k] {
			d.add("%sunexpected %s %q", prefix, kind, k)
		}
	}
}

// value reports a differing scalar property of subject.
func (d *differ) value(subject, prop string, want, got any) {
	if want != got {
		d.add("%s: %s %s vs %s", subject, prop, quote(want), quote(got))
	}
}

// list reports a differing list property of subject.
func (d *differ) list(subject, prop string, want, got []string) {
	if !slices.Equal(want, got) {
		d.add("%s: %s %s vs %s", subject, prop, quoteList(want), quoteList(got))
	}
}

func (d *differ) table(w, g *Table) {
	p := w.Name + ": "
	d.keys(p, "column", keysOf(w.Columns), keysOf(g.Columns), func(name string) {
		wc, gc := w.Columns[name], g.Columns[name]
		s := fmt.Sprintf("%scolumn %q", p, name)
		d.value(s, "type", wc.Type, gc.Type)
		d.value(s, "not null", wc.NotNull, gc.NotNull)
		d.value(s, "default", wc.Default, gc.Default)
	})

	d.value(w.Name, "primary key name", w.PrimaryKey.Name, g.PrimaryKey.Name)
	d.list(w.Name, "primary key columns", w.PrimaryKey.Columns, g.PrimaryKey.Columns)

	d.keys(p, "unique constraint", keysOf(w.Uniques), keysOf(g.Uniques), func(key string) {
		d.list(fmt.Sprintf("%sunique constraint %q", p, key), "columns", w.Uniques[key].Columns, g.Uniques[key].Columns)
	})

	d.keys(p, "index", keysOf(w.Indexes), keysOf(g.Indexes), func(name string) {
		wi, gi := w.Indexes[name], g.Indexes[name]
		s := fmt.Sprintf("%sindex %q", p, name)
		d.value(s, "unique", wi.Unique, gi.Unique)
		d.value(s, "method", wi.Method, gi.Method)
		d.list(s, "elements", wi.Elements, gi.Elements)
		d.list(s, "include", wi.Include, gi.Include)
		d.value(s, "where", wi.Where, gi.Where)
		d.value(s, "valid", wi.Valid, gi.Valid)
	})

	d.keys(p, "foreign key", keysOf(w.ForeignKeys), keysOf(g.ForeignKeys), func(key string) {
		wf, gf := w.ForeignKeys[key], g.ForeignKeys[key]
		s := fmt.Sprintf("%sforeign key %q", p, key)
		d.list(s, "columns", wf.Columns, gf.Columns)
		d.value(s, "references", wf.RefTable, gf.RefTable)
		d.list(s, "referenced columns", wf.RefColumns, gf.RefColumns)
		d.value(s, "on delete", wf.OnDelete, gf.OnDelete)
	})
}

func quote(v any) string {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprint(v)
}

func quoteList(l []string) string {
	q := make([]string, len(l))
	for i, s := range l {
		q[i] = fmt.Sprintf("%q", s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

func keysOf[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
