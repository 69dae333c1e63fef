package hooks

import (
	"reflect"
	"sync"

	"gorm.io/gorm/schema"

	"github.com/prefectorm/prefectorm/models"
)

// schemaInfo is what the hooks need to know about a model's fields,
// computed once per *schema.Schema (reflection over every field) so that a
// row only pays for the checks themselves.
type schemaInfo struct {
	// id, created and updated are Base's fields when they have prefectorm's
	// column types (models.UUID, models.Timestamp), else nil.
	id, created, updated *schema.Field
	// defaults are the fields with a prefectDefault tag.
	defaults []*schema.Field
	// enums are the columns holding a models.Enum, enum the same by column.
	enums []*schema.Field
	enum  map[string]bool
	// documents are the JSON columns holding a typed document with Prefect
	// rules (typedDocument), document the same by column.
	documents []*schema.Field
	document  map[string]bool
	// rowRules tells whether the model implements models.RowValidator.
	rowRules bool
	// relations are the fields of the model's associations (see
	// holdsAssociations).
	relations []*schema.Field
}

// schemaInfos caches schemaInfo by *schema.Schema. Schemas live in GORM's
// schema caches for the life of the process, and so do their entries here.
var schemaInfos sync.Map // *schema.Schema -> *schemaInfo

// infoOf returns the cached schemaInfo of s, computing it on first use.
func infoOf(s *schema.Schema) *schemaInfo {
	if v, ok := schemaInfos.Load(s); ok {
		return v.(*schemaInfo)
	}
	info := &schemaInfo{enum: map[string]bool{}, document: map[string]bool{}}
	info.id = typedField(s, "id", uuidType)
	info.created = typedField(s, "created", timestampType)
	info.updated = typedField(s, "updated", timestampType)
	for _, f := range s.Fields {
		if f.DBName == "" {
			continue
		}
		if _, ok := f.TagSettings[prefectDefaultTag]; ok {
			info.defaults = append(info.defaults, f)
		}
		if isEnumField(f) {
			info.enums = append(info.enums, f)
			info.enum[f.DBName] = true
		}
		if documentField(f) {
			info.documents = append(info.documents, f)
			info.document[f.DBName] = true
		}
	}
	info.relations = relationFields(s)
	if s.ModelType != nil && s.ModelType.Kind() == reflect.Struct {
		_, info.rowRules = reflect.New(s.ModelType).Elem().Interface().(models.RowValidator)
	}
	v, _ := schemaInfos.LoadOrStore(s, info)
	return v.(*schemaInfo)
}

// validates reports whether the model has anything the document and row
// rule checks look at.
func (info *schemaInfo) validates() bool { return len(info.documents) > 0 || info.rowRules }

// typedField returns s's field of column when it has type typ.
func typedField(s *schema.Schema, column string, typ reflect.Type) *schema.Field {
	if f := s.LookUpField(column); f != nil && f.FieldType == typ {
		return f
	}
	return nil
}
