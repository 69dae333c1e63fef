package schemadiff

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file holds the small SQL tokenizer and the parsers for the CREATE TABLE
// and CREATE INDEX texts that SQLite keeps in sqlite_master: constraint names,
// expression index elements and partial-index predicates exist nowhere else.

type tokKind int

const (
	tWord   tokKind = iota // keyword, bare identifier or number
	tIdent                 // quoted identifier: "x", `x` or [x]
	tString                // 'string literal'
	tPunct                 // any other single character
)

type token struct {
	kind     tokKind
	text     string // raw text, quotes included
	pos, end int    // byte offsets into the source
}

// is reports whether t is the bare keyword kw (case-insensitive).
func (t token) is(kw string) bool { return t.kind == tWord && strings.EqualFold(t.text, kw) }

// punct reports whether t is the punctuation character c.
func (t token) punct(c string) bool { return t.kind == tPunct && t.text == c }

// ident returns the identifier t names, without quotes.
func (t token) ident() string {
	s := t.text
	if t.kind != tIdent && t.kind != tString || len(s) < 2 {
		return s
	}
	switch s[0] {
	case '"':
		return strings.ReplaceAll(s[1:len(s)-1], `""`, `"`)
	case '`':
		return strings.ReplaceAll(s[1:len(s)-1], "``", "`")
	case '\'':
		return strings.ReplaceAll(s[1:len(s)-1], "''", "'")
	default: // [x]
		return s[1 : len(s)-1]
	}
}

func isWordRune(r rune) bool {
	return r == '_' || r == '$' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// tokenize splits SQL text into tokens, dropping whitespace and comments.
// An unterminated quote or comment runs to the end of the text.
func tokenize(s string) []token {
	var toks []token
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r):
			i += size
		case strings.HasPrefix(s[i:], "--"):
			if j := strings.IndexByte(s[i:], '\n'); j >= 0 {
				i += j + 1
			} else {
				i = len(s)
			}
		case strings.HasPrefix(s[i:], "/*"):
			if j := strings.Index(s[i+2:], "*/"); j >= 0 {
				i += j + 4
			} else {
				i = len(s)
			}
		case r == '"' || r == '`' || r == '\'' || r == '[':
			closer, kind := byte(r), tIdent
			if r == '[' {
				closer = ']'
			} else if r == '\'' {
				kind = tString
			}
			j := i + 1
			for j < len(s) {
				if s[j] == closer {
					// A doubled quote is an escaped quote; brackets do not nest.
					if closer != ']' && j+1 < len(s) && s[j+1] == closer {
						j += 2
						continue
					}
					j++
					break
				}
				j++
			}
			toks = append(toks, token{kind, s[i:j], i, j})
			i = j
		case isWordRune(r):
			j := i
			for j < len(s) {
				r2, n := utf8.DecodeRuneInString(s[j:])
				if !isWordRune(r2) {
					break
				}
				j += n
			}
			toks = append(toks, token{tWord, s[i:j], i, j})
			i = j
		default:
			toks = append(toks, token{tPunct, s[i : i+size], i, i + size})
			i += size
		}
	}
	return toks
}

// closeParen returns the index of the ')' matching the '(' at toks[open],
// or len(toks) when it is missing.
func closeParen(toks []token, open int) int {
	depth := 0
	for i := open; i < len(toks); i++ {
		switch {
		case toks[i].punct("("):
			depth++
		case toks[i].punct(")"):
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return len(toks)
}

// splitTop splits toks on commas outside parentheses.
func splitTop(toks []token) [][]token {
	var parts [][]token
	depth, start := 0, 0
	for i, t := range toks {
		switch {
		case t.punct("("):
			depth++
		case t.punct(")"):
			depth--
		case t.punct(",") && depth == 0:
			parts = append(parts, toks[start:i])
			start = i + 1
		}
	}
	return append(parts, toks[start:])
}

// parenList reads "( a [modifiers], b ... )" starting at toks[i] and returns
// the first identifier of each element and the index after the ')'.
func parenList(toks []token, i int) ([]string, int, error) {
	if i >= len(toks) || !toks[i].punct("(") {
		return nil, i, fmt.Errorf("expected ( at token %d", i)
	}
	end := closeParen(toks, i)
	if end == len(toks) {
		return nil, end, fmt.Errorf("unbalanced parentheses")
	}
	var names []string
	for _, el := range splitTop(toks[i+1 : end]) {
		if len(el) == 0 {
			return nil, end, fmt.Errorf("empty list element")
		}
		names = append(names, el[0].ident())
	}
	return names, end + 1, nil
}

// normalizeSQL collapses each run of whitespace outside quotes to one space,
// removes whitespace right after '(' and right before ')', and trims.
func normalizeSQL(s string) string {
	var b strings.Builder
	space := false
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if quote != 0 {
			b.WriteByte(c)
			if c == quote {
				quote = 0
			}
			continue
		}
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' {
			space = true
			continue
		}
		if space && b.Len() > 0 && c != ')' && !strings.HasSuffix(b.String(), "(") {
			b.WriteByte(' ')
		}
		space = false
		switch c {
		case '\'', '"', '`':
			quote = c
		case '[':
			quote = ']'
		}
		b.WriteByte(c)
	}
	return b.String()
}

type parsedConstraint struct {
	name    string
	columns []string
}

type parsedFK struct {
	name       string
	columns    []string
	refTable   string
	refColumns []string // nil when the REFERENCES clause names none
	onDelete   string
}

type parsedTable struct {
	pk      *parsedConstraint
	uniques []parsedConstraint
	fks     []parsedFK
}

// parseCreateTable extracts the PRIMARY KEY, UNIQUE and FOREIGN KEY
// constraints, table-level and column-level, from a CREATE TABLE statement.
func parseCreateTable(sqlText string) (*parsedTable, error) {
	toks := tokenize(sqlText)
	open := -1
	for i, t := range toks {
		if t.punct("(") {
			open = i
			break
		}
		if t.is("AS") {
			return nil, fmt.Errorf("CREATE TABLE ... AS SELECT is not supported")
		}
	}
	if open < 0 {
		return nil, fmt.Errorf("no column list")
	}
	end := closeParen(toks, open)
	if end == len(toks) {
		return nil, fmt.Errorf("unbalanced parentheses")
	}
	pt := &parsedTable{}
	for _, item := range splitTop(toks[open+1 : end]) {
		if len(item) == 0 {
			continue
		}
		var err error
		switch f := item[0]; {
		case f.is("CONSTRAINT") || f.is("PRIMARY") || f.is("UNIQUE") || f.is("FOREIGN") || f.is("CHECK"):
			err = pt.tableConstraint(item)
		default:
			err = pt.columnConstraints(item)
		}
		if err != nil {
			return nil, err
		}
	}
	return pt, nil
}

func (pt *parsedTable) tableConstraint(toks []token) error {
	name, i := "", 0
	if toks[0].is("CONSTRAINT") {
		if len(toks) < 3 {
			return fmt.Errorf("truncated CONSTRAINT clause")
		}
		name, i = toks[1].ident(), 2
	}
	switch t := toks[i]; {
	case t.is("PRIMARY"):
		cols, _, err := parenList(toks, i+2)
		if err != nil {
			return fmt.Errorf("PRIMARY KEY %s: %w", name, err)
		}
		pt.pk = &parsedConstraint{name, cols}
	case t.is("UNIQUE"):
		cols, _, err := parenList(toks, i+1)
		if err != nil {
			return fmt.Errorf("UNIQUE %s: %w", name, err)
		}
		pt.uniques = append(pt.uniques, parsedConstraint{name, cols})
	case t.is("FOREIGN"):
		cols, j, err := parenList(toks, i+2)
		if err != nil {
			return fmt.Errorf("FOREIGN KEY %s: %w", name, err)
		}
		if j >= len(toks) || !toks[j].is("REFERENCES") {
			return fmt.Errorf("FOREIGN KEY %s: no REFERENCES", name)
		}
		fk, _, err := parseReferences(toks, j+1)
		if err != nil {
			return fmt.Errorf("FOREIGN KEY %s: %w", name, err)
		}
		fk.name, fk.columns = name, cols
		pt.fks = append(pt.fks, fk)
	}
	return nil // CHECK and anything else: not compared
}

// columnConstraints handles the inline PRIMARY KEY, UNIQUE and REFERENCES
// clauses of a column definition.
func (pt *parsedTable) columnConstraints(toks []token) error {
	col := []string{toks[0].ident()}
	pending := ""
	for i := 1; i < len(toks); {
		t := toks[i]
		switch {
		case t.punct("("):
			i = closeParen(toks, i) + 1
			continue
		case t.is("CONSTRAINT") && i+1 < len(toks):
			pending = toks[i+1].ident()
			i += 2
			continue
		case t.is("PRIMARY"):
			pt.pk = &parsedConstraint{pending, col}
			pending = ""
		case t.is("UNIQUE"):
			pt.uniques = append(pt.uniques, parsedConstraint{pending, col})
			pending = ""
		case t.is("REFERENCES"):
			fk, next, err := parseReferences(toks, i+1)
			if err != nil {
				return fmt.Errorf("column %s REFERENCES: %w", col[0], err)
			}
			fk.name, fk.columns = pending, col
			pt.fks = append(pt.fks, fk)
			pending = ""
			i = next
			continue
		case t.is("NOT") || t.is("NULL") || t.is("CHECK") || t.is("DEFAULT") || t.is("COLLATE") || t.is("GENERATED") || t.is("AS"):
			pending = ""
		}
		i++
	}
	return nil
}

// parseReferences reads "tbl [(cols)] [ON DELETE|UPDATE action] [MATCH x]
// [[NOT] DEFERRABLE [INITIALLY DEFERRED|IMMEDIATE]]" from toks[i].
func parseReferences(toks []token, i int) (parsedFK, int, error) {
	fk := parsedFK{onDelete: "NO ACTION"}
	if i >= len(toks) {
		return fk, i, fmt.Errorf("no referenced table")
	}
	fk.refTable = toks[i].ident()
	i++
	if i+1 < len(toks) && toks[i].punct(".") { // schema-qualified
		fk.refTable = toks[i+1].ident()
		i += 2
	}
	if i < len(toks) && toks[i].punct("(") {
		cols, next, err := parenList(toks, i)
		if err != nil {
			return fk, i, err
		}
		fk.refColumns, i = cols, next
	}
	for i < len(toks) {
		switch t := toks[i]; {
		case t.is("ON") && i+2 < len(toks):
			event := toks[i+1]
			var action string
			action, i = readAction(toks, i+2)
			if event.is("DELETE") {
				fk.onDelete = action
			}
		case t.is("MATCH"):
			i += 2
		case t.is("NOT") && i+1 < len(toks) && toks[i+1].is("DEFERRABLE"):
			i += 2
		case t.is("DEFERRABLE"), t.is("INITIALLY"), t.is("DEFERRED"), t.is("IMMEDIATE"):
			i++
		default:
			return fk, i, nil
		}
	}
	return fk, i, nil
}

// readAction reads a referential action at toks[i] and returns it upper-cased
// with single spaces, and the index after it.
func readAction(toks []token, i int) (string, int) {
	w := strings.ToUpper(toks[i].text)
	if (w == "SET" || w == "NO") && i+1 < len(toks) {
		return w + " " + strings.ToUpper(toks[i+1].text), i + 2
	}
	return w, i + 1
}

// parseCreateIndex returns the element texts of a CREATE INDEX statement
// (normalised, a trailing ASC dropped) and its WHERE predicate, if any.
func parseCreateIndex(sqlText string) (elements []string, where string, err error) {
	toks := tokenize(sqlText)
	on := -1
	for i, t := range toks {
		if t.is("ON") {
			on = i
			break
		}
	}
	if on < 0 {
		return nil, "", fmt.Errorf("no ON clause")
	}
	open := -1
	for i := on + 1; i < len(toks); i++ {
		if toks[i].punct("(") {
			open = i
			break
		}
	}
	if open < 0 {
		return nil, "", fmt.Errorf("no column list")
	}
	end := closeParen(toks, open)
	if end == len(toks) {
		return nil, "", fmt.Errorf("unbalanced parentheses")
	}
	for _, el := range splitTop(toks[open+1 : end]) {
		if len(el) == 0 {
			return nil, "", fmt.Errorf("empty index element")
		}
		if n := len(el); n > 1 && el[n-1].is("ASC") {
			el = el[:n-1]
		}
		elements = append(elements, normalizeSQL(sqlText[el[0].pos:el[len(el)-1].end]))
	}
	rest := toks[end+1:]
	for len(rest) > 0 && rest[len(rest)-1].punct(";") {
		rest = rest[:len(rest)-1]
	}
	if len(rest) > 1 && rest[0].is("WHERE") {
		where = normalizeSQL(sqlText[rest[1].pos:rest[len(rest)-1].end])
	}
	return elements, where, nil
}
