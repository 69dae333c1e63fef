package models_test

import (
	"context"
	"testing"

	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/migrations"
	"github.com/prefectorm/prefectorm/models"
)

// TestDroppedModels: the models of the tables Prefect 3.4.0 dropped are not
// created by CreateSchema, and still read and write a database migrated to
// the Prefect 3.0 version, where deleting the block document removes its
// policies.
func TestDroppedModels(t *testing.T) {
	for _, dialect := range dbtest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			created := dbtest.New(t, dialect)
			for _, m := range models.Dropped() {
				if created.Migrator().HasTable(m) {
					t.Errorf("CreateSchema created the dropped table of %T", m)
				}
			}
			db := dbtest.Open(t, dbtest.URL(t, dialect))
			if err := migrations.Upgrade(context.Background(), db.DB, db.Dialect, migrations.To("0001_prefect_3_0"), migrations.WithLogger(nil)); err != nil {
				t.Fatal(err)
			}
			typ := models.BlockType{Name: "Slack", Slug: "slack"}
			mustCreate(t, db, &typ)
			schema := models.BlockSchema{Checksum: "sha256:slack", BlockTypeID: typ.ID}
			mustCreate(t, db, &schema)
			doc := models.BlockDocument{Name: "ops", BlockTypeID: typ.ID, BlockSchemaID: schema.ID}
			mustCreate(t, db, &doc)
			off := false
			policy := models.FlowRunNotificationPolicy{BlockDocumentID: doc.ID, IsActive: &off,
				StateNames: models.NewJSON([]string{"Failed"}), Tags: models.NewJSON([]string{"etl"})}
			mustCreate(t, db, &policy)
			queued := models.FlowRunNotificationQueue{FlowRunNotificationPolicyID: policy.ID, FlowRunStateID: models.NewUUID()}
			mustCreate(t, db, &queued)
			var got models.FlowRunNotificationPolicy
			if err := db.First(&got, "id = ?", policy.ID).Error; err != nil {
				t.Fatal(err)
			}
			if got.IsActive == nil || *got.IsActive || len(got.StateNames.V) != 1 || got.StateNames.V[0] != "Failed" {
				t.Errorf("policy read back %+v", got)
			}
			if err := db.Delete(&doc).Error; err != nil {
				t.Fatal(err)
			}
			if rowExists(t, db, "flow_run_notification_policy", policy.ID) {
				t.Error("the policy survived its block document (want ON DELETE CASCADE)")
			}
			if !rowExists(t, db, "flow_run_notification_queue", queued.ID) {
				t.Error("the queued notification was deleted (its ids have no foreign key)")
			}
		})
	}
}
