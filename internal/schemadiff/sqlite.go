package schemadiff

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
)

// Every query result is read completely before the next query starts, so
// that a caller's *sql.DB limited to one connection (":memory:") works.

func inspectSQLite(ctx context.Context, db *sql.DB) (*Schema, error) {
	type master struct{ name, sql string }
	var tables []master
	err := queryAll(ctx, db, func(r *sql.Rows) error {
		var m master
		var text sql.NullString
		if err := r.Scan(&m.name, &text); err != nil {
			return err
		}
		m.sql = text.String
		tables = append(tables, m)
		return nil
	}, `SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("schemadiff: sqlite tables: %w", err)
	}

	s := &Schema{Tables: map[string]*Table{}, Enums: map[string][]string{}}
	for _, m := range tables {
		if skipTable(m.name) {
			continue
		}
		t, err := sqliteTable(ctx, db, m.name, m.sql)
		if err != nil {
			return nil, fmt.Errorf("schemadiff: sqlite table %q: %w", m.name, err)
		}
		s.Tables[t.Name] = t
	}
	return s, nil
}

func sqliteTable(ctx context.Context, db *sql.DB, name, createSQL string) (*Table, error) {
	parsed, err := parseCreateTable(createSQL)
	if err != nil {
		return nil, fmt.Errorf("parse CREATE TABLE: %w", err)
	}
	t := &Table{
		Name:        name,
		Columns:     map[string]Column{},
		Uniques:     map[string]Constraint{},
		Indexes:     map[string]Index{},
		ForeignKeys: map[string]ForeignKey{},
	}

	// Columns and primary key columns.
	pkCols, err := sqliteColumns(ctx, db, name, t.Columns)
	if err != nil {
		return nil, err
	}
	if len(pkCols) > 0 {
		if parsed.pk == nil || !equalFold(parsed.pk.columns, pkCols) {
			return nil, fmt.Errorf("primary key %v in the catalog not found in CREATE TABLE text", pkCols)
		}
		t.PrimaryKey = Constraint{Name: parsed.pk.name, Columns: pkCols}
	}

	// Indexes, and UNIQUE constraints through their automatic indexes.
	type indexRow struct {
		name, origin string
		unique       bool
	}
	var list []indexRow
	err = queryAll(ctx, db, func(r *sql.Rows) error {
		var x indexRow
		if err := r.Scan(&x.name, &x.unique, &x.origin); err != nil {
			return err
		}
		list = append(list, x)
		return nil
	}, `SELECT name, "unique", origin FROM pragma_index_list(?)`, name)
	if err != nil {
		return nil, fmt.Errorf("index list: %w", err)
	}
	usedUnique := make([]bool, len(parsed.uniques))
	for _, x := range list {
		switch x.origin {
		case "pk":
			// Backs the primary key, read above.
		case "u":
			cols, err := sqliteIndexColumns(ctx, db, x.name)
			if err != nil {
				return nil, err
			}
			c := Constraint{Columns: cols}
			found := false
			for i, u := range parsed.uniques {
				if !usedUnique[i] && equalFold(u.columns, cols) {
					usedUnique[i], found, c.Name = true, true, u.name
					break
				}
			}
			if !found {
				return nil, fmt.Errorf("UNIQUE %v (%s) in the catalog not found in CREATE TABLE text", cols, x.name)
			}
			t.Uniques[constraintKey(c.Name, c.Columns)] = c
		default: // "c": CREATE INDEX
			ix, err := sqliteIndex(ctx, db, x.name, x.unique)
			if err != nil {
				return nil, err
			}
			t.Indexes[ix.Name] = ix
		}
	}

	fks, err := sqliteForeignKeys(ctx, db, name, parsed.fks)
	if err != nil {
		return nil, err
	}
	for _, fk := range fks {
		t.ForeignKeys[constraintKey(fk.Name, fk.Columns)] = fk
	}
	return t, nil
}

// sqliteColumns fills cols and returns the primary key columns in key order.
func sqliteColumns(ctx context.Context, db *sql.DB, table string, cols map[string]Column) ([]string, error) {
	type pkCol struct {
		name string
		pos  int
	}
	var pk []pkCol
	err := queryAll(ctx, db, func(r *sql.Rows) error {
		var (
			c       Column
			dflt    sql.NullString
			pkPos   int
			hidden  int
			notNull int
		)
		if err := r.Scan(&c.Name, &c.Type, &notNull, &dflt, &pkPos, &hidden); err != nil {
			return err
		}
		if hidden == 1 { // hidden column of a virtual table
			return nil
		}
		c.NotNull = notNull != 0
		if dflt.Valid {
			c.Default = normalizeSQL(dflt.String)
		}
		cols[c.Name] = c
		if pkPos > 0 {
			pk = append(pk, pkCol{c.Name, pkPos})
		}
		return nil
	}, `SELECT name, type, "notnull", dflt_value, pk, hidden FROM pragma_table_xinfo(?) ORDER BY cid`, table)
	if err != nil {
		return nil, fmt.Errorf("columns: %w", err)
	}
	sort.Slice(pk, func(i, j int) bool { return pk[i].pos < pk[j].pos })
	var names []string
	for _, c := range pk {
		names = append(names, c.name)
	}
	return names, nil
}

// sqliteIndexColumns returns the key column names of an index.
func sqliteIndexColumns(ctx context.Context, db *sql.DB, index string) ([]string, error) {
	var cols []string
	err := queryAll(ctx, db, func(r *sql.Rows) error {
		var name sql.NullString
		if err := r.Scan(&name); err != nil {
			return err
		}
		cols = append(cols, name.String)
		return nil
	}, `SELECT name FROM pragma_index_xinfo(?) WHERE "key" ORDER BY seqno`, index)
	if err != nil {
		return nil, fmt.Errorf("index %s: %w", index, err)
	}
	return cols, nil
}

// sqliteIndex reads an index created with CREATE INDEX.
func sqliteIndex(ctx context.Context, db *sql.DB, name string, unique bool) (Index, error) {
	ix := Index{Name: name, Unique: unique, Valid: true}
	var text sql.NullString
	if err := db.QueryRowContext(ctx, `SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?`, name).Scan(&text); err != nil {
		return ix, fmt.Errorf("index %s: %w", name, err)
	}
	elements, where, err := parseCreateIndex(text.String)
	if err != nil {
		return ix, fmt.Errorf("index %s: parse CREATE INDEX: %w", name, err)
	}
	ix.Where = where
	err = queryAll(ctx, db, func(r *sql.Rows) error {
		var (
			seq, cid, desc int
			col, coll      sql.NullString
		)
		if err := r.Scan(&seq, &cid, &col, &desc, &coll); err != nil {
			return err
		}
		var el string
		switch cid {
		case -2: // expression: only the CREATE INDEX text has it
			if seq >= len(elements) {
				return fmt.Errorf("expression element %d not in CREATE INDEX text", seq)
			}
			ix.Elements = append(ix.Elements, elements[seq])
			return nil
		case -1:
			el = "rowid"
		default:
			el = col.String
		}
		if coll.Valid && !strings.EqualFold(coll.String, "BINARY") {
			el += " COLLATE " + coll.String
		}
		if desc != 0 {
			el += " DESC"
		}
		ix.Elements = append(ix.Elements, el)
		return nil
	}, `SELECT seqno, cid, name, "desc", coll FROM pragma_index_xinfo(?) WHERE "key" ORDER BY seqno`, name)
	if err != nil {
		return ix, fmt.Errorf("index %s: %w", name, err)
	}
	return ix, nil
}

// sqliteForeignKeys reads the foreign keys of a table from the catalog and
// names them by matching the constraints parsed from the CREATE TABLE text.
func sqliteForeignKeys(ctx context.Context, db *sql.DB, table string, parsed []parsedFK) ([]ForeignKey, error) {
	var fks []ForeignKey
	var ids []int
	err := queryAll(ctx, db, func(r *sql.Rows) error {
		var (
			id, seq   int
			ref, from string
			to        sql.NullString
			onDelete  string
		)
		if err := r.Scan(&id, &seq, &ref, &from, &to, &onDelete); err != nil {
			return err
		}
		if len(ids) == 0 || ids[len(ids)-1] != id {
			ids = append(ids, id)
			fks = append(fks, ForeignKey{RefTable: ref, OnDelete: strings.ToUpper(onDelete)})
		}
		fk := &fks[len(fks)-1]
		fk.Columns = append(fk.Columns, from)
		if to.Valid {
			fk.RefColumns = append(fk.RefColumns, to.String)
		}
		return nil
	}, `SELECT id, seq, "table", "from", "to", on_delete FROM pragma_foreign_key_list(?) ORDER BY id, seq`, table)
	if err != nil {
		return nil, fmt.Errorf("foreign keys: %w", err)
	}

	used := make([]bool, len(parsed))
	for i := range fks {
		fk := &fks[i]
		if len(fk.RefColumns) == 0 { // REFERENCES t: the referenced primary key
			refCols := map[string]Column{}
			if fk.RefColumns, err = sqliteColumns(ctx, db, fk.RefTable, refCols); err != nil {
				return nil, fmt.Errorf("foreign key to %s: %w", fk.RefTable, err)
			}
		}
		found := false
		for j, p := range parsed {
			if used[j] || !equalFold(p.columns, fk.Columns) || !strings.EqualFold(p.refTable, fk.RefTable) {
				continue
			}
			if p.onDelete != fk.OnDelete {
				return nil, fmt.Errorf("foreign key %s %v: ON DELETE %s in CREATE TABLE text but %s in the catalog", p.name, p.columns, p.onDelete, fk.OnDelete)
			}
			used[j], found, fk.Name = true, true, p.name
			break
		}
		if !found {
			return nil, fmt.Errorf("foreign key %v -> %s in the catalog not found in CREATE TABLE text", fk.Columns, fk.RefTable)
		}
	}
	for j, p := range parsed {
		if !used[j] {
			return nil, fmt.Errorf("foreign key %s %v in CREATE TABLE text not in the catalog", p.name, p.columns)
		}
	}
	return fks, nil
}

// queryAll runs a query and calls scan for each row, closing the rows before
// returning.
func queryAll(ctx context.Context, db *sql.DB, scan func(*sql.Rows) error, query string, args ...any) error {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

func equalFold(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !strings.EqualFold(a[i], b[i]) {
			return false
		}
	}
	return true
}
