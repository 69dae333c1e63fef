package dialects

import (
	"encoding/json"
	"fmt"
	"slices"

	"gorm.io/gorm/clause"
)

// The JSON expressions take a document operand that is a clause.Column, a
// clause.Expression, or a Go value; a Go value is encoded with encoding/json
// and bound as a parameter. A plain Go string (or *string or []byte) is
// refused, as by DateDiff: it is far more likely a column name than a JSON
// string document, and would silently be taken as the latter; pass a column
// as a clause.Column and JSON text as json.RawMessage. Keys and paths are
// always bound parameters, so any text (quotes, $, dots, SQL) is matched
// literally.
//
// Semantics follow PostgreSQL's jsonb operators on both dialects. On SQLite
// they are computed with json_each, where Prefect's own SQLite rendering
// differs in places (noted per function).

// writeJSONOperand writes a JSON document operand; wrap is true on
// PostgreSQL, where it is cast to JSONB.
func writeJSONOperand(b clause.Builder, fn string, v any, pg bool) {
	if pg {
		b.WriteString("CAST(")
	}
	switch x := v.(type) {
	case clause.Column, clause.Expression:
		b.AddVar(b, x)
	case nil:
		b.WriteString("NULL")
	case string, *string, []byte:
		b.AddError(fmt.Errorf("prefectorm: %s: unsupported JSON document operand %T (%s); use a clause.Column for a column, or json.RawMessage for JSON text",
			fn, v, describeTextOperand(v)))
		b.WriteString("NULL")
	default:
		text, err := json.Marshal(x)
		if err != nil {
			b.AddError(fmt.Errorf("prefectorm: %s: encode JSON operand %T: %w", fn, v, err))
			b.WriteString("NULL")
		} else {
			b.AddVar(b, string(text))
		}
	}
	if pg {
		b.WriteString(" AS JSONB)")
	}
}

// describeTextOperand quotes a refused text operand for the error message.
func describeTextOperand(v any) string {
	switch x := v.(type) {
	case string:
		return fmt.Sprintf("%q", x)
	case *string:
		if x == nil {
			return "nil"
		}
		return fmt.Sprintf("%q", *x)
	case []byte:
		return fmt.Sprintf("%q", x)
	}
	return fmt.Sprint(v)
}

// JSONContains is Prefect's json_contains(left, right): whether the JSON
// document left contains right, PostgreSQL's jsonb @> operator. On SQLite
// both must have the same top-level type (object, array or scalar) and every
// member of right must occur in left (for objects under the same key);
// duplicates are ignored, as by PostgreSQL. Nested objects and arrays are
// compared for equality of their JSON text, not recursively as on PostgreSQL,
// and a top-level array never contains a bare scalar. (Prefect's SQLite form
// compares only values, also for objects.)
func JSONContains(left, right any) clause.Expression {
	return jsonContainsExpr{left: left, right: right}
}

type jsonContainsExpr struct{ left, right any }

// Build writes the containment test of the dialect.
func (e jsonContainsExpr) Build(b clause.Builder) {
	if isPostgresBuilder(b) {
		b.WriteByte('(')
		writeJSONOperand(b, "JSONContains", e.left, true)
		b.WriteString(" @> ")
		writeJSONOperand(b, "JSONContains", e.right, true)
		b.WriteByte(')')
		return
	}
	b.WriteString("(json_type(")
	writeJSONOperand(b, "JSONContains", e.left, false)
	b.WriteString(") = json_type(")
	writeJSONOperand(b, "JSONContains", e.right, false)
	b.WriteString(") AND NOT EXISTS (SELECT 1 FROM json_each(")
	writeJSONOperand(b, "JSONContains", e.right, false)
	b.WriteString(") AS prefectorm_r WHERE NOT EXISTS (SELECT 1 FROM json_each(")
	writeJSONOperand(b, "JSONContains", e.left, false)
	b.WriteString(") AS prefectorm_l WHERE prefectorm_l.value IS prefectorm_r.value" +
		" AND (prefectorm_l.type = prefectorm_r.type OR (prefectorm_l.type IN ('integer','real') AND prefectorm_r.type IN ('integer','real')))" +
		" AND (typeof(prefectorm_r.key) <> 'text' OR prefectorm_l.key = prefectorm_r.key))))")
}

// JSONExtract is Prefect's json_extract(col, path) as PostgreSQL's ->> (and
// #>> for a longer path): the value at path (object keys, or array indexes as
// decimal text) as text, NULL when absent or JSON null. Strings come back
// unquoted, numbers and booleans as their JSON text. Objects and arrays come
// back as JSON text, which PostgreSQL formats with spaces and SQLite without.
// On SQLite the path is walked with json_each and bound key by key instead of
// being spliced into a '$.a.b' path, so a key may contain any character.
func JSONExtract(doc any, path ...string) clause.Expression {
	return jsonExtractExpr{doc: doc, path: path}
}

type jsonExtractExpr struct {
	doc  any
	path []string
}

// Build writes jsonb_extract_path_text on PostgreSQL and nested json_each
// look-ups on SQLite.
func (e jsonExtractExpr) Build(b clause.Builder) {
	if len(e.path) == 0 {
		b.AddError(fmt.Errorf("prefectorm: JSONExtract: empty path (want at least one key)"))
		b.WriteString("NULL")
		return
	}
	if isPostgresBuilder(b) {
		b.WriteString("jsonb_extract_path_text(")
		writeJSONOperand(b, "JSONExtract", e.doc, true)
		for _, key := range e.path {
			b.WriteString(", ")
			b.AddVar(b, key)
		}
		b.WriteByte(')')
		return
	}
	e.buildSQLite(b, len(e.path))
}

// buildSQLite writes the look-up of the first n path keys: every level but
// the last yields a container's JSON text (or NULL), the last the value as
// text.
func (e jsonExtractExpr) buildSQLite(b clause.Builder, n int) {
	if n == 0 {
		writeJSONOperand(b, "JSONExtract", e.doc, false)
		return
	}
	if n == len(e.path) {
		b.WriteString("(SELECT CASE prefectorm_e.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(prefectorm_e.value AS TEXT) END")
	} else {
		b.WriteString("(SELECT CASE WHEN prefectorm_e.type IN ('object','array') THEN prefectorm_e.value END")
	}
	b.WriteString(" FROM json_each(")
	e.buildSQLite(b, n-1)
	b.WriteString(") AS prefectorm_e WHERE CAST(prefectorm_e.key AS TEXT) = ")
	b.AddVar(b, e.path[n-1])
	b.WriteByte(')')
}

// JSONHasAnyKey is Prefect's json_has_any_key(doc, keys): whether any of keys
// is a top-level key of the object doc or a string element of the array doc,
// PostgreSQL's ?| operator (rendered as jsonb_exists_any, since a literal ?
// is GORM's placeholder). Prefect's SQLite form matches values, also of
// objects; this one matches object keys on SQLite too. No keys: false.
func JSONHasAnyKey(doc any, keys ...string) clause.Expression {
	return jsonHasKeysExpr{doc: doc, keys: keys}
}

// JSONHasAllKeys is Prefect's json_has_all_keys(doc, keys): whether every one
// of keys is a top-level key of the object doc or a string element of the
// array doc, PostgreSQL's ?& operator (rendered as jsonb_exists_all). No
// keys: true for any non-NULL document.
func JSONHasAllKeys(doc any, keys ...string) clause.Expression {
	return jsonHasKeysExpr{doc: doc, keys: keys, all: true}
}

type jsonHasKeysExpr struct {
	doc  any
	keys []string
	all  bool
}

// sqliteJSONKey is the json_each member that ?| and ?& match: the key of an
// object member, the text of a string element of an array (or of a scalar).
const sqliteJSONKey = "CASE WHEN typeof(prefectorm_k.key) = 'text' THEN prefectorm_k.key WHEN prefectorm_k.type = 'text' THEN prefectorm_k.value END"

// Build writes jsonb_exists_any/jsonb_exists_all on PostgreSQL and a
// json_each look-up on SQLite.
func (e jsonHasKeysExpr) Build(b clause.Builder) {
	fn := "JSONHasAnyKey"
	if e.all {
		fn = "JSONHasAllKeys"
	}
	if isPostgresBuilder(b) {
		if e.all {
			b.WriteString("jsonb_exists_all(")
		} else {
			b.WriteString("jsonb_exists_any(")
		}
		writeJSONOperand(b, fn, e.doc, true)
		b.WriteString(", ARRAY[")
		for i, key := range e.keys {
			if i > 0 {
				b.WriteByte(',')
			}
			b.AddVar(b, key)
		}
		b.WriteString("]::text[])")
		return
	}
	keys := slices.Clone(e.keys)
	slices.Sort(keys)
	keys = slices.Compact(keys)
	// NULL for a NULL document, as on PostgreSQL.
	b.WriteString("(CASE WHEN ")
	writeJSONOperand(b, fn, e.doc, false)
	b.WriteString(" IS NULL THEN NULL ELSE ")
	switch {
	case len(keys) == 0 && e.all:
		b.WriteString("1")
	case len(keys) == 0:
		b.WriteString("0")
	case e.all:
		b.WriteString("(SELECT count(DISTINCT " + sqliteJSONKey + ") FROM json_each(")
		writeJSONOperand(b, fn, e.doc, false)
		b.WriteString(") AS prefectorm_k WHERE (" + sqliteJSONKey + ") IN (")
		writeKeyList(b, keys)
		b.WriteString(")) = ")
		b.AddVar(b, len(keys))
	default:
		b.WriteString("EXISTS (SELECT 1 FROM json_each(")
		writeJSONOperand(b, fn, e.doc, false)
		b.WriteString(") AS prefectorm_k WHERE (" + sqliteJSONKey + ") IN (")
		writeKeyList(b, keys)
		b.WriteString("))")
	}
	b.WriteString(" END)")
}

func writeKeyList(b clause.Builder, keys []string) {
	for i, key := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		b.AddVar(b, key)
	}
}
