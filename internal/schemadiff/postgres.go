package schemadiff

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
)

// The queries below read pg_catalog directly. Names inside rendered types,
// defaults and expressions (format_type, pg_get_expr, pg_get_indexdef) are
// schema-qualified only when not on the session's search_path, so compare
// schemas inspected with the same search_path.

const pgTablesQuery = `
SELECT c.relname
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')`

const pgColumnsQuery = `
SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
       COALESCE(pg_get_expr(d.adbin, d.adrelid), '')
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped`

// Column lists come back as JSON arrays in key order.
const pgConstraintsQuery = `
SELECT t.relname, con.conname, con.contype, con.confdeltype, COALESCE(r.relname, ''),
       (SELECT json_agg(a.attname ORDER BY k.i)
          FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, i)
          JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum),
       (SELECT json_agg(a.attname ORDER BY k.i)
          FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, i)
          JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum)
FROM pg_constraint con
JOIN pg_class t ON t.oid = con.conrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
LEFT JOIN pg_class r ON r.oid = con.confrelid
WHERE n.nspname = $1 AND con.contype IN ('p', 'u', 'f')`

// Indexes that back a PRIMARY KEY or UNIQUE constraint of their own table are
// left out. (A foreign key's conindid names the referenced table's index, so
// it must not count.)
const pgIndexesQuery = `
SELECT t.relname, i.relname, ix.indisunique, ix.indisvalid, am.amname, ix.indnkeyatts,
       COALESCE(pg_get_expr(ix.indpred, ix.indrelid, true), '')
FROM pg_index ix
JOIN pg_class i ON i.oid = ix.indexrelid
JOIN pg_class t ON t.oid = ix.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
JOIN pg_am am ON am.oid = i.relam
WHERE n.nspname = $1 AND t.relkind IN ('r', 'p')
  AND NOT EXISTS (SELECT 1 FROM pg_constraint con
                  WHERE con.conindid = ix.indexrelid AND con.conrelid = ix.indrelid
                    AND con.contype IN ('p', 'u'))`

// One row per index column (key columns first, then INCLUDE columns). The
// element text is pg_get_indexdef(..., k, true), which renders a column or an
// expression without its collation, operator class or ordering; those are
// added here the way pg_get_indexdef renders the whole index: a COLLATE when
// it differs from the column's (or the expression type's) collation, the
// operator class when it is not the default for the type, then DESC and
// NULLS FIRST/LAST from indoption.
const pgIndexColumnsQuery = `
SELECT i.relname, k.n, k.n <= ix.indnkeyatts,
       pg_get_indexdef(ix.indexrelid, k.n, true),
       COALESCE(ix.indoption[k.n - 1], 0),
       COALESCE(CASE WHEN NOT oc.opcdefault THEN quote_ident(oc.opcname) END, ''),
       COALESCE(CASE WHEN co.oid IS DISTINCT FROM COALESCE(ta.attcollation, ty.typcollation)
                     THEN quote_ident(co.collname) END, '')
FROM pg_index ix
JOIN pg_class i ON i.oid = ix.indexrelid
JOIN pg_class t ON t.oid = ix.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
CROSS JOIN LATERAL generate_series(1, ix.indnatts) AS k(n)
JOIN pg_attribute ia ON ia.attrelid = ix.indexrelid AND ia.attnum = k.n
JOIN pg_type ty ON ty.oid = ia.atttypid
LEFT JOIN pg_attribute ta ON ta.attrelid = ix.indrelid AND ta.attnum = ix.indkey[k.n - 1] AND ix.indkey[k.n - 1] <> 0
LEFT JOIN pg_opclass oc ON oc.oid = ix.indclass[k.n - 1]
LEFT JOIN pg_collation co ON co.oid = NULLIF(ix.indcollation[k.n - 1], 0)
WHERE n.nspname = $1 AND t.relkind IN ('r', 'p')
ORDER BY i.relname, k.n`

const pgEnumsQuery = `
SELECT t.typname, e.enumlabel
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
JOIN pg_enum e ON e.enumtypid = t.oid
WHERE n.nspname = $1
ORDER BY t.typname, e.enumsortorder`

// PostgreSQL index option bits (pg_index.indoption).
const (
	indoptionDesc       = 1
	indoptionNullsFirst = 2
)

var pgDeleteActions = map[string]string{
	"a": "NO ACTION",
	"r": "RESTRICT",
	"c": "CASCADE",
	"n": "SET NULL",
	"d": "SET DEFAULT",
}

func inspectPostgres(ctx context.Context, db *sql.DB) (*Schema, error) {
	var schema sql.NullString
	if err := db.QueryRowContext(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		return nil, fmt.Errorf("schemadiff: current_schema: %w", err)
	}
	if !schema.Valid { // empty search_path
		schema.String = "public"
	}
	nsp := schema.String

	s := &Schema{Tables: map[string]*Table{}, Enums: map[string][]string{}}
	table := func(name string) *Table { return s.Tables[name] } // nil for skipped tables

	err := queryAll(ctx, db, func(r *sql.Rows) error {
		var name string
		if err := r.Scan(&name); err != nil {
			return err
		}
		if !skipTable(name) {
			s.Tables[name] = &Table{
				Name:        name,
				Columns:     map[string]Column{},
				Uniques:     map[string]Constraint{},
				Indexes:     map[string]Index{},
				ForeignKeys: map[string]ForeignKey{},
			}
		}
		return nil
	}, pgTablesQuery, nsp)
	if err != nil {
		return nil, fmt.Errorf("schemadiff: postgres tables: %w", err)
	}

	err = queryAll(ctx, db, func(r *sql.Rows) error {
		var tname string
		var c Column
		if err := r.Scan(&tname, &c.Name, &c.Type, &c.NotNull, &c.Default); err != nil {
			return err
		}
		if t := table(tname); t != nil {
			t.Columns[c.Name] = c
		}
		return nil
	}, pgColumnsQuery, nsp)
	if err != nil {
		return nil, fmt.Errorf("schemadiff: postgres columns: %w", err)
	}

	err = queryAll(ctx, db, func(r *sql.Rows) error {
		var (
			tname, name, typ, del, ref string
			cols, refCols              []byte
		)
		if err := r.Scan(&tname, &name, &typ, &del, &ref, &cols, &refCols); err != nil {
			return err
		}
		t := table(tname)
		if t == nil {
			return nil
		}
		var c, rc []string
		if err := unmarshalList(cols, &c); err != nil {
			return err
		}
		if err := unmarshalList(refCols, &rc); err != nil {
			return err
		}
		switch typ {
		case "p":
			t.PrimaryKey = Constraint{Name: name, Columns: c}
		case "u":
			t.Uniques[name] = Constraint{Name: name, Columns: c}
		case "f":
			t.ForeignKeys[name] = ForeignKey{Name: name, Columns: c, RefTable: ref, RefColumns: rc, OnDelete: pgDeleteActions[del]}
		}
		return nil
	}, pgConstraintsQuery, nsp)
	if err != nil {
		return nil, fmt.Errorf("schemadiff: postgres constraints: %w", err)
	}

	indexes := map[string]*Index{} // by index name; names are unique per schema
	owner := map[string]*Table{}
	err = queryAll(ctx, db, func(r *sql.Rows) error {
		var tname string
		var nkey int
		ix := &Index{}
		if err := r.Scan(&tname, &ix.Name, &ix.Unique, &ix.Valid, &ix.Method, &nkey, &ix.Where); err != nil {
			return err
		}
		if t := table(tname); t != nil {
			indexes[ix.Name], owner[ix.Name] = ix, t
		}
		return nil
	}, pgIndexesQuery, nsp)
	if err != nil {
		return nil, fmt.Errorf("schemadiff: postgres indexes: %w", err)
	}

	err = queryAll(ctx, db, func(r *sql.Rows) error {
		var (
			iname, def, opclass, coll string
			k, opt                    int
			key                       bool
		)
		if err := r.Scan(&iname, &k, &key, &def, &opt, &opclass, &coll); err != nil {
			return err
		}
		ix := indexes[iname]
		if ix == nil {
			return nil
		}
		if !key {
			ix.Include = append(ix.Include, def)
			return nil
		}
		if coll != "" {
			def += " COLLATE " + coll
		}
		if opclass != "" {
			def += " " + opclass
		}
		if opt&indoptionDesc != 0 {
			def += " DESC"
			if opt&indoptionNullsFirst == 0 {
				def += " NULLS LAST"
			}
		} else if opt&indoptionNullsFirst != 0 {
			def += " NULLS FIRST"
		}
		ix.Elements = append(ix.Elements, def)
		return nil
	}, pgIndexColumnsQuery, nsp)
	if err != nil {
		return nil, fmt.Errorf("schemadiff: postgres index columns: %w", err)
	}
	for name, ix := range indexes {
		owner[name].Indexes[name] = *ix
	}

	err = queryAll(ctx, db, func(r *sql.Rows) error {
		var typ, label string
		if err := r.Scan(&typ, &label); err != nil {
			return err
		}
		s.Enums[typ] = append(s.Enums[typ], label)
		return nil
	}, pgEnumsQuery, nsp)
	if err != nil {
		return nil, fmt.Errorf("schemadiff: postgres enums: %w", err)
	}
	return s, nil
}

// unmarshalList decodes a JSON array of strings; SQL NULL gives nil.
func unmarshalList(data []byte, dst *[]string) error {
	if len(data) == 0 {
		*dst = nil
		return nil
	}
	return json.Unmarshal(data, dst)
}
