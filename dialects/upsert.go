package dialects

import (
	"context"
	"fmt"
	"reflect"

	"gorm.io/gorm"

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
	plan, err := upsertPlanOf(db, row)
	if err != nil {
		return err
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return upsertTx(tx, plan, row)
	})
}

func upsertTx[T any](tx *gorm.DB, plan *upsertPlan, row *T) error {
	s := plan.schema
	ctx := tx.Statement.Context
	rv := reflect.ValueOf(row).Elem()
	key := make([]any, len(plan.keyFields))
	nullKey := false
	for i, field := range plan.keyFields {
		v, zero := field.ValueOf(ctx, rv)
		if zero && field.FieldType.Kind() != reflect.Pointer && field.DefaultValueInterface != nil {
			// The column's default (block_schema.version 'non-versioned',
			// Prefect's DEFAULT_BLOCK_SCHEMA_VERSION) is what the insert
			// stores, so it is the key the row is read back by.
			if err := field.Set(ctx, rv, field.DefaultValueInterface); err != nil {
				return fmt.Errorf("prefectorm: upsert %s: default %s.%s: %w", s.Table, s.Table, field.DBName, err)
			}
			v, zero = field.ValueOf(ctx, rv)
		}
		if field.FieldType.Kind() == reflect.Pointer {
			if zero {
				nullKey = true
				continue
			}
			v = reflect.ValueOf(v).Elem().Interface()
		}
		key[i] = v
	}
	if nullKey {
		// A key with a NULL column never conflicts: a plain insert.
		if err := tx.Create(row).Error; err != nil {
			return fmt.Errorf("prefectorm: upsert %s: %w", s.Table, err)
		}
		return nil
	}
	// The stored row is read back below, so the INSERT needs no RETURNING.
	if err := tx.Set(models.SkipReturningSetting, true).Clauses(plan.onConflict).Create(row).Error; err != nil {
		return fmt.Errorf("prefectorm: upsert %s %s: %w", s.Table, plan.describeKey(key), err)
	}
	var stored T
	found, err := plan.readBack.take(tx, &stored, key)
	if err != nil {
		return fmt.Errorf("prefectorm: upsert %s %s: read back: %w", s.Table, plan.describeKey(key), err)
	}
	if !found {
		return fmt.Errorf("prefectorm: upsert %s %s: row vanished after insert", s.Table, plan.describeKey(key))
	}
	*row = stored
	return nil
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
		plan, err := upsertPlanOf(tx, &collection)
		if err != nil {
			return err
		}
		return upsertTx(tx, plan, &collection)
	})
}
