package hooks

import (
	"fmt"
	"reflect"
	"strconv"

	"gorm.io/gorm"
	"gorm.io/gorm/schema"

	"github.com/prefectorm/prefectorm/models"
)

// prefectDefaultTag is the gorm tag setting naming a column's application
// side default, the value Prefect's ORM writes when the attribute is not
// set (SQLAlchemy's default=, which is not the column's server default):
// "true" or "false" for a *bool, "now" for a models.Timestamp (the
// application clock, as for created).
const prefectDefaultTag = "PREFECTDEFAULT"

// fillPrefectDefaults sets the zero fields of row that have a
// prefectDefault tag to that default.
func fillPrefectDefaults(db *gorm.DB, s *schema.Schema, info *schemaInfo, row reflect.Value, ts models.Timestamp) {
	for _, f := range info.defaults {
		tag := f.TagSettings[prefectDefaultTag]
		if _, zero := f.ValueOf(db.Statement.Context, row); !zero {
			continue
		}
		v, err := prefectDefault(f, tag, ts)
		if err == nil {
			err = f.Set(db.Statement.Context, row, v)
		}
		if err != nil {
			_ = db.AddError(fmt.Errorf("prefectorm: default of %s.%s: %w", s.Table, f.DBName, err))
		}
	}
}

// prefectDefault parses a prefectDefault tag for field f.
func prefectDefault(f *schema.Field, tag string, ts models.Timestamp) (any, error) {
	switch {
	case f.IndirectFieldType == timestampType && tag == "now":
		return ts, nil
	case f.IndirectFieldType.Kind() == reflect.Bool:
		b, err := strconv.ParseBool(tag)
		if err != nil {
			return nil, err
		}
		return &b, nil
	}
	return nil, fmt.Errorf("unsupported prefectDefault %q for %s", tag, f.FieldType)
}
