package dialects

import (
	"context"
	"fmt"
	"reflect"
	"slices"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/schema"

	"github.com/prefectorm/prefectorm/models"
)

// conflictUpdates is what an upsert does to the stored row when the key is
// taken, following Prefect's server/models: nil leaves it untouched (ON
// CONFLICT DO NOTHING), allColumns overwrites every column but id, created
// and the key, and a list overwrites those columns (and updated).
var conflictUpdates = map[string][]string{
	"flow":                nil,
	"flow_run":            nil,
	"task_run":            nil,
	"block_schema":        nil,
	"deployment":          allColumns,
	"block_type":          allColumns,
	"block_document":      allColumns,
	"artifact_collection": allColumns,
	"concurrency_limit":   {"concurrency_limit"},
	"saved_search":        {"filters"},
}

// allColumns marks a table whose upsert overwrites every non-key column.
var allColumns = []string{"*"}

// Upsert inserts row into one of Prefect's ten upsertable tables or, when a
// row with the same conflict key (the dialect's UpsertColumns) is stored,
// applies Prefect's rule for that table: flow, flow_run, task_run and
// block_schema keep the stored row untouched; concurrency_limit updates
// concurrency_limit, saved_search updates filters, and deployment,
// block_type, block_document and artifact_collection overwrite every column
// but id, created and the key. updated is bumped whenever the stored row
// changes. Either way row is replaced by the stored row, read back in the
// same transaction, so callers racing on one key all get the one winning row.
// A key with a NULL column never conflicts (a flow run without an
// idempotency key, a task run without a flow run) and is simply inserted. A
// zero key column with a column default (a block schema without a Version)
// first gets that default ('non-versioned'), as the insert would store it.
func Upsert[T any](ctx context.Context, db *gorm.DB, row *T) error {
	s, conflict, err := upsertTarget(db, row)
	if err != nil {
		return err
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return upsertTx(tx, s, conflict, row)
	})
}

// upsertTarget returns row's table schema and the dialect's conflict
// columns for it, or an error naming a table that is not upsertable.
func upsertTarget(db *gorm.DB, row any) (*schema.Schema, []clause.Column, error) {
	d, err := Of(db)
	if err != nil {
		return nil, nil, err
	}
	s, err := parseSchema(db, row)
	if err != nil {
		return nil, nil, err
	}
	conflict := d.UpsertColumns(s.Table)
	if conflict == nil {
		return nil, nil, fmt.Errorf("prefectorm: upsert: table %s has no conflict key (upsertable: flow, flow_run, task_run, deployment, block_type, block_schema, block_document, concurrency_limit, artifact_collection, saved_search)", s.Table)
	}
	return s, conflict, nil
}

func upsertTx[T any](tx *gorm.DB, s *schema.Schema, conflict []clause.Column, row *T) error {
	key := map[string]any{}
	nullKey := false
	rv := reflect.ValueOf(row).Elem()
	for _, c := range conflict {
		field := s.LookUpField(c.Name)
		v, zero := field.ValueOf(tx.Statement.Context, rv)
		if zero && field.FieldType.Kind() != reflect.Pointer && field.DefaultValueInterface != nil {
			// The column's default (block_schema.version 'non-versioned',
			// Prefect's DEFAULT_BLOCK_SCHEMA_VERSION) is what the insert
			// stores, so it is the key the row is read back by.
			if err := field.Set(tx.Statement.Context, rv, field.DefaultValueInterface); err != nil {
				return fmt.Errorf("prefectorm: upsert %s: default %s.%s: %w", s.Table, s.Table, c.Name, err)
			}
			v, zero = field.ValueOf(tx.Statement.Context, rv)
		}
		if field.FieldType.Kind() == reflect.Pointer {
			if zero {
				nullKey = true
				continue
			}
			v = reflect.ValueOf(v).Elem().Interface()
		}
		key[c.Name] = v
	}
	if nullKey {
		if err := tx.Create(row).Error; err != nil {
			return fmt.Errorf("prefectorm: upsert %s: %w", s.Table, err)
		}
		return nil
	}
	onConflict := clause.OnConflict{Columns: conflict}
	switch updates := conflictUpdates[s.Table]; {
	case updates == nil:
		onConflict.DoNothing = true
	case slices.Equal(updates, allColumns):
		onConflict.DoUpdates = clause.AssignmentColumns(nonKeyColumns(s, conflict))
	default:
		onConflict.DoUpdates = clause.AssignmentColumns(append(slices.Clone(updates), "updated"))
	}
	// The stored row is read back below, so the INSERT needs no RETURNING.
	if err := tx.Set(models.SkipReturningSetting, true).Clauses(onConflict).Create(row).Error; err != nil {
		return fmt.Errorf("prefectorm: upsert %s %s: %w", s.Table, describeKey(conflict, key), err)
	}
	var stored T
	args := make([]any, len(conflict))
	for i, c := range conflict {
		args[i] = key[c.Name]
	}
	found, err := readBackOf(tx, s, conflict).take(tx, &stored, args)
	if err != nil {
		return fmt.Errorf("prefectorm: upsert %s %s: read back: %w", s.Table, describeKey(conflict, key), err)
	}
	if !found {
		return fmt.Errorf("prefectorm: upsert %s %s: row vanished after insert", s.Table, describeKey(conflict, key))
	}
	*row = stored
	return nil
}

// parseSchema returns the GORM schema of a model, from db's schema cache.
func parseSchema(db *gorm.DB, model any) (*schema.Schema, error) {
	stmt := &gorm.Statement{DB: db}
	if err := stmt.Parse(model); err != nil {
		return nil, fmt.Errorf("prefectorm: parse %T: %w", model, err)
	}
	return stmt.Schema, nil
}

// nonKeyColumns lists the columns an overwriting upsert sets: all but id,
// created and the conflict key.
func nonKeyColumns(s *schema.Schema, conflict []clause.Column) []string {
	var cols []string
	for _, name := range s.DBNames {
		if name == "id" || name == "created" || slices.ContainsFunc(conflict, func(c clause.Column) bool { return c.Name == name }) {
			continue
		}
		cols = append(cols, name)
	}
	return cols
}

// describeKey renders a conflict key for error messages: (name="etl").
func describeKey(conflict []clause.Column, key map[string]any) string {
	out := "("
	for i, c := range conflict {
		if i > 0 {
			out += ", "
		}
		out += fmt.Sprintf("%s=%v", c.Name, key[c.Name])
	}
	return out + ")"
}

// CreateArtifact inserts an artifact and, when it has a key, upserts its
// artifact_collection row so the collection tracks the latest artifact of
// that key (latest_id and a copy of the artifact's columns), in one
// transaction, as Prefect's create_artifact does.
func CreateArtifact(ctx context.Context, db *gorm.DB, artifact *models.Artifact) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(artifact).Error; err != nil {
			return fmt.Errorf("prefectorm: insert artifact: %w", err)
		}
		if artifact.Key == nil {
			return nil
		}
		collection := models.ArtifactCollection{
			Key: *artifact.Key, LatestID: artifact.ID, TaskRunID: artifact.TaskRunID, FlowRunID: artifact.FlowRunID,
			Type: artifact.Type, Data: artifact.Data, Description: artifact.Description, Metadata: artifact.Metadata,
		}
		s, conflict, err := upsertTarget(tx, &collection)
		if err != nil {
			return err
		}
		return upsertTx(tx, s, conflict, &collection)
	})
}
