package migrations

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/schema"

	"github.com/prefectorm/prefectorm/dialects"
	"github.com/prefectorm/prefectorm/internal/schemaddl"
	"github.com/prefectorm/prefectorm/internal/tableddl"
	postgresmigrations "github.com/prefectorm/prefectorm/migrations/postgres"
	sqlitemigrations "github.com/prefectorm/prefectorm/migrations/sqlite"
	"github.com/prefectorm/prefectorm/models"
)

// CreateSchema creates Prefect's whole schema on db from the models: the
// dialect's prelude (extensions, enum types), every missing table with its
// primary key, UNIQUE constraints and foreign keys, every missing index, and
// the dialect-specific indexes, and Prefect's alembic_version table with the
// Alembic revision of the version the models describe (Prefect 3.8.3's head,
// when the table is missing or empty), so that Prefect and Upgrade both
// recognise the database. It runs in one transaction and
// issues no DDL when everything already exists.
//
// CreateSchema follows the current models and keeps no version record;
// Upgrade adopts a database it built as being at Prefect's version (0020
// for the 3.8.3 models) and then runs the own-index versions, which find
// their indexes built.
//
// By default CreateSchema also builds prefectorm's own indexes, those of
// the own-index versions up to ModelsVersion (see PrefectSchemaOnly), in
// the same transaction (on PostgreSQL without CONCURRENTLY). With
// PrefectSchemaOnly it builds exactly Prefect's schema and drops own
// indexes it finds. Other options are ignored.
func CreateSchema(ctx context.Context, db *gorm.DB, dialect dialects.Dialect, opts ...Option) error {
	d, err := schemaddl.Of(dialect)
	if err != nil {
		return err
	}
	cfg := newConfig(opts)
	db = db.WithContext(ctx)
	plan, err := planSchema(db, d)
	if err != nil {
		return err
	}
	own, err := planOwnIndexes(db, dialect, cfg.prefectOnly)
	if err != nil {
		return err
	}
	if plan.empty() && len(own) == 0 {
		return nil
	}
	return db.Transaction(func(tx *gorm.DB) error {
		for _, ddl := range d.SchemaPrelude() {
			if err := tx.Exec(ddl).Error; err != nil {
				return fmt.Errorf("prefectorm: schema prelude %q: %w", ddl, err)
			}
		}
		for _, t := range plan.tables {
			if err := tx.Exec(t.createSQL(d)).Error; err != nil {
				return fmt.Errorf("prefectorm: create table %s: %w", t.schema.Table, err)
			}
		}
		for _, fk := range plan.foreignKeys {
			if err := tx.Exec(fk).Error; err != nil {
				return fmt.Errorf("prefectorm: add foreign key: %w", err)
			}
		}
		for _, idx := range plan.indexes {
			if err := tx.Exec(idx).Error; err != nil {
				return fmt.Errorf("prefectorm: create index: %w", err)
			}
		}
		if plan.alembicTable {
			if err := tx.Exec(alembicTableDDL).Error; err != nil {
				return fmt.Errorf("prefectorm: create table %s: %w", alembicTable, err)
			}
		}
		if plan.alembicRow {
			revision, err := modelsRevision(d)
			if err != nil {
				return err
			}
			if err := tx.Exec("INSERT INTO "+alembicTable+" (version_num) VALUES (?)", revision).Error; err != nil {
				return fmt.Errorf("prefectorm: write revision %q to %s: %w", revision, alembicTable, err)
			}
		}
		for _, step := range own {
			if err := step.run(tx); err != nil {
				return fmt.Errorf("prefectorm: own indexes of version %q: %w", step.id, err)
			}
		}
		return nil
	})
}

// ownIndexStep is one own-index version's script CreateSchema runs.
type ownIndexStep struct {
	id  string
	run func(*gorm.DB) error
}

// planOwnIndexes returns the own-index versions up to ModelsVersion whose
// up script CreateSchema runs (some of their indexes are missing), or with
// prefectOnly, newest first, those whose down script it runs (some of their
// indexes exist).
func planOwnIndexes(db *gorm.DB, d dialects.Dialect, prefectOnly bool) ([]ownIndexStep, error) {
	modelsID := map[string]string{"sqlite": sqlitemigrations.ModelsVersion, "postgres": postgresmigrations.ModelsVersion}[d.Name()]
	migs := map[string]func(*gorm.DB) error{}
	rollbacks := map[string]func(*gorm.DB) error{}
	for _, m := range d.Migrations() {
		migs[m.ID], rollbacks[m.ID] = m.Migrate, m.Rollback
	}
	m := db.Migrator()
	var out []ownIndexStep
	for _, spec := range specsOf(d) {
		if !spec.OwnIndex || spec.ID > modelsID {
			continue
		}
		present, missing := 0, 0
		for _, idx := range spec.Indexes {
			if m.HasTable(idx.Table) && m.HasIndex(idx.Table, idx.Name) {
				present++
			} else {
				missing++
			}
		}
		switch {
		case prefectOnly && present > 0:
			out = append([]ownIndexStep{{spec.ID, rollbacks[spec.ID]}}, out...)
		case !prefectOnly && missing > 0:
			out = append(out, ownIndexStep{spec.ID, migs[spec.ID]})
		}
	}
	for _, step := range out {
		if step.run == nil {
			return nil, fmt.Errorf("prefectorm: no %s migration for own-index version %q", d.Name(), step.id)
		}
	}
	return out, nil
}

// alembicTableDDL is alembic_version as Alembic creates it.
const alembicTableDDL = `CREATE TABLE "alembic_version" ("version_num" VARCHAR(32) NOT NULL, CONSTRAINT "alembic_version_pkc" PRIMARY KEY ("version_num"))`

// schemaPlan is the DDL CreateSchema still has to run.
type schemaPlan struct {
	tables      []tableDef
	foreignKeys []string
	indexes     []string
	// alembicTable and alembicRow: alembic_version is missing, or empty.
	alembicTable, alembicRow bool
}

func (p schemaPlan) empty() bool {
	return len(p.tables) == 0 && len(p.foreignKeys) == 0 && len(p.indexes) == 0 && !p.alembicRow
}

// planSchema compares the models with the database catalog.
func planSchema(db *gorm.DB, d schemaddl.Dialect) (schemaPlan, error) {
	var plan schemaPlan
	m := db.Migrator()
	for _, model := range models.All() {
		stmt := &gorm.Statement{DB: db}
		if err := stmt.Parse(model); err != nil {
			return plan, fmt.Errorf("prefectorm: parse model %T: %w", model, err)
		}
		t := tableDef{db: db, schema: stmt.Schema, model: model}
		exists := m.HasTable(model)
		if !exists {
			plan.tables = append(plan.tables, t)
		}
		if d.DeferForeignKeys() || !exists {
			for _, fk := range t.foreignKeys() {
				if exists && m.HasConstraint(model, fk.Name) {
					continue
				}
				if d.DeferForeignKeys() {
					plan.foreignKeys = append(plan.foreignKeys, "ALTER TABLE "+quote(t.schema.Table)+" ADD "+fk.sql)
				}
			}
		}
		for _, idx := range t.indexes() {
			if !exists || !m.HasIndex(model, idx.Name) {
				plan.indexes = append(plan.indexes, idx.sql)
			}
		}
	}
	for _, idx := range d.SchemaIndexes() {
		if !m.HasTable(idx.Table) || !m.HasIndex(idx.Table, idx.Name) {
			plan.indexes = append(plan.indexes, idx.SQL)
		}
	}
	if !m.HasTable(alembicTable) {
		plan.alembicTable, plan.alembicRow = true, true
	} else {
		var n int64
		if err := db.Table(alembicTable).Count(&n).Error; err != nil {
			return plan, fmt.Errorf("prefectorm: read %s: %w", alembicTable, err)
		}
		plan.alembicRow = n == 0
	}
	return plan, nil
}

// tableDef renders one model's CREATE TABLE and CREATE INDEX statements.
type tableDef struct {
	db     *gorm.DB
	schema *schema.Schema
	model  any
}

// namedSQL is a named constraint or index with its DDL fragment.
type namedSQL struct {
	Name string
	sql  string
}

// createSQL returns CREATE TABLE with columns, the named primary key, UNIQUE
// constraints, unless the dialect defers them the foreign keys, and the
// CHECK constraints. A NOT
// NULL field whose gorm tag says `NULLABLE:<dialect>` is nullable on that
// dialect, where Prefect's migrations left it so.
func (t tableDef) createSQL(d schemaddl.Dialect) string {
	s := t.schema
	var parts []string
	for _, name := range s.DBNames {
		f := s.FieldsByDBName[name]
		if f.IgnoreMigration {
			continue
		}
		col := quote(name) + " " + columnType(t.db, f)
		if def := d.ColumnDefault(f); def != "" {
			col += " DEFAULT " + def
		}
		if (f.NotNull && f.TagSettings["NULLABLE"] != d.Name()) || f.PrimaryKey {
			col += " NOT NULL"
		}
		parts = append(parts, col)
	}
	pk := make([]string, len(s.PrimaryFields))
	for i, f := range s.PrimaryFields {
		pk[i] = quote(f.DBName)
	}
	parts = append(parts, "CONSTRAINT "+quote(d.NamingStrategy().PrimaryKeyName(s.Table))+" PRIMARY KEY ("+strings.Join(pk, ", ")+")")
	for _, u := range t.uniqueConstraints() {
		parts = append(parts, u.sql)
	}
	if !d.DeferForeignKeys() {
		for _, fk := range t.foreignKeys() {
			parts = append(parts, fk.sql)
		}
	}
	for _, c := range t.checkConstraints() {
		parts = append(parts, c.sql)
	}
	return "CREATE TABLE " + quote(s.Table) + " (\n\t" + strings.Join(parts, ",\n\t") + "\n)"
}

// uniqueConstraints returns the single-column (`unique` tag) and
// multi-column (internal/tableddl) UNIQUE constraints, sorted by name.
func (t tableDef) uniqueConstraints() []namedSQL {
	var out []namedSQL
	for _, u := range t.schema.ParseUniqueConstraints() {
		out = append(out, namedSQL{u.Name, "CONSTRAINT " + quote(u.Name) + " UNIQUE (" + quote(u.Field.DBName) + ")"})
	}
	for _, u := range tableddl.UniqueConstraints(t.schema.Table) {
		out = append(out, namedSQL{u.Name, "CONSTRAINT " + quote(u.Name) + " UNIQUE (" + quoteList(u.Columns) + ")"})
	}
	sortByName(out)
	return out
}

// checkConstraints returns the named CHECK constraints of the gorm `check`
// tags (`check:<name>,<expression>`), sorted by name.
func (t tableDef) checkConstraints() []namedSQL {
	var out []namedSQL
	for name, c := range t.schema.ParseCheckConstraints() {
		out = append(out, namedSQL{name, "CONSTRAINT " + quote(name) + " CHECK (" + c.Constraint + ")"})
	}
	sortByName(out)
	return out
}

// foreignKeys returns the FOREIGN KEY constraints of the table's own
// columns, from the GORM relationships that declare them, sorted by name.
func (t tableDef) foreignKeys() []namedSQL {
	var out []namedSQL
	seen := map[string]bool{}
	for _, rel := range t.schema.Relationships.Relations {
		c := rel.ParseConstraint()
		if c == nil || c.Schema != t.schema || seen[c.Name] {
			continue
		}
		seen[c.Name] = true
		cols := make([]string, len(c.ForeignKeys))
		for i, f := range c.ForeignKeys {
			cols[i] = f.DBName
		}
		refs := make([]string, len(c.References))
		for i, f := range c.References {
			refs[i] = f.DBName
		}
		sql := "CONSTRAINT " + quote(c.Name) + " FOREIGN KEY(" + quoteList(cols) + ") REFERENCES " +
			quote(c.ReferenceSchema.Table) + " (" + quoteList(refs) + ")"
		if c.OnDelete != "" {
			sql += " ON DELETE " + c.OnDelete
		}
		out = append(out, namedSQL{c.Name, sql})
	}
	sortByName(out)
	return out
}

// indexes returns CREATE INDEX statements for the gorm index tags (a
// `where:` setting makes a partial index) and the table's internal/tableddl
// indexes.
func (t tableDef) indexes() []namedSQL {
	s := t.schema
	var out []namedSQL
	for _, idx := range s.ParseIndexes() {
		elems := make([]string, len(idx.Fields))
		for i, f := range idx.Fields {
			e := quote(f.DBName)
			if f.Expression != "" {
				e = f.Expression
			}
			if f.Collate != "" {
				e += " COLLATE " + f.Collate
			}
			if f.Sort != "" {
				e += " " + strings.ToUpper(f.Sort)
			}
			elems[i] = e
		}
		sql := createIndexSQL(idx.Name, s.Table, idx.Class == "UNIQUE", strings.Join(elems, ", "))
		if idx.Where != "" {
			sql += " WHERE " + idx.Where
		}
		out = append(out, namedSQL{idx.Name, sql})
	}
	for _, idx := range tableddl.Indexes(s.Table) {
		elems := make([]string, len(idx.Columns))
		for i, c := range idx.Columns {
			name, dir, _ := strings.Cut(c, " ")
			elems[i] = strings.TrimSpace(quote(name) + " " + dir)
		}
		out = append(out, namedSQL{idx.Name, createIndexSQL(idx.Name, s.Table, idx.Unique, strings.Join(elems, ", "))})
	}
	sortByName(out)
	return out
}

func createIndexSQL(name, table string, unique bool, elements string) string {
	kind := "INDEX"
	if unique {
		kind = "UNIQUE INDEX"
	}
	return "CREATE " + kind + " " + quote(name) + " ON " + quote(table) + " (" + elements + ")"
}

// columnType returns a field's DDL type: the custom type's GormDBDataType,
// else the dialector's type (the `type` tag).
func columnType(db *gorm.DB, f *schema.Field) string {
	type dbDataTyper interface {
		GormDBDataType(*gorm.DB, *schema.Field) string
	}
	if typer, ok := reflect.New(f.IndirectFieldType).Interface().(dbDataTyper); ok {
		if t := typer.GormDBDataType(db, f); t != "" {
			return t
		}
	}
	return db.Dialector.DataTypeOf(f)
}

// quote double-quotes an identifier, as both SQLite and PostgreSQL accept.
func quote(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = quote(n)
	}
	return strings.Join(q, ", ")
}

func sortByName(items []namedSQL) {
	slices.SortFunc(items, func(a, b namedSQL) int { return strings.Compare(a.Name, b.Name) })
}

// modelsRevision returns the Alembic revision of the version whose schema
// the models describe (the dialect's ModelsVersion).
func modelsRevision(d dialects.Dialect) (string, error) {
	id := map[string]string{"sqlite": sqlitemigrations.ModelsVersion, "postgres": postgresmigrations.ModelsVersion}[d.Name()]
	for _, s := range specsOf(d) {
		if s.ID == id {
			return s.Alembic, nil
		}
	}
	return "", fmt.Errorf("prefectorm: no %s version %q for the models' schema", d.Name(), id)
}
