package hooks_test

import (
	"os"
	"strings"
	"testing"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/models"
)

// secret is the plaintext the refused writes carry; errors must not show it.
const secret = "s3cr3t-hunter2"

// blockDoc returns an unsaved block document with encrypted data, on a fresh
// block type and schema.
func blockDoc(t *testing.T, db dbtest.DB, name string) models.BlockDocument {
	t.Helper()
	typ := models.BlockType{Name: name, Slug: name}
	if err := db.Create(&typ).Error; err != nil {
		t.Fatal(err)
	}
	schema := models.BlockSchema{Checksum: "sha256:" + name, BlockTypeID: typ.ID}
	if err := db.Create(&schema).Error; err != nil {
		t.Fatal(err)
	}
	doc := models.BlockDocument{Name: name, BlockTypeID: typ.ID, BlockSchemaID: schema.ID}
	if err := doc.EncryptData(db.DB, map[string]any{"password": "kept"}); err != nil {
		t.Fatal(err)
	}
	return doc
}

func countBlockDocs(t *testing.T, db dbtest.DB) int64 {
	t.Helper()
	var n int64
	if err := db.Model(&models.BlockDocument{}).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// dataPatch is a struct of another type than BlockDocument whose Data field
// GORM maps to block_document.data in Model(&doc).UpdateColumns(dataPatch{…})
// (Updates panics in GORM's SetColumn for a Dest of another type).
type dataPatch struct {
	Data models.JSON[any]
}

// keyFromConfiguration makes the tests independent of the environment.
func keyFromConfiguration(t *testing.T) {
	for _, name := range []string{models.EncryptionKeyEnv, models.LegacyEncryptionKeyEnv} {
		t.Setenv(name, "")
		if err := os.Unsetenv(name); err != nil {
			t.Fatal(err)
		}
	}
}

func TestBlockDataRefusesPlaintext(t *testing.T) {
	keyFromConfiguration(t)
	plainMap := map[string]any{"password": secret}
	plainJSON := models.NewJSON[any](plainMap)
	notToken := models.NewJSON[any](secret)
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		tests := []struct {
			name     string
			create   bool // the write creates rows (else it updates the stored document)
			write    func(db *gorm.DB, doc *models.BlockDocument) error
			wantKind string
		}{
			{"create struct with an object", true, func(db *gorm.DB, doc *models.BlockDocument) error {
				doc.Data = plainJSON
				return db.Create(doc).Error
			}, "a JSON object"},
			{"create struct with a non-token string", true, func(db *gorm.DB, doc *models.BlockDocument) error {
				doc.Data = notToken
				return db.Create(doc).Error
			}, "a JSON string that is not a Fernet token"},
			{"create batch with one bad row", true, func(db *gorm.DB, doc *models.BlockDocument) error {
				bad := *doc
				bad.ID, bad.Name, bad.Data = models.UUID{}, doc.Name+"-2", plainJSON
				return db.Create(&[]models.BlockDocument{*doc, bad}).Error
			}, "a JSON object"},
			{"create selected null data", true, func(db *gorm.DB, doc *models.BlockDocument) error {
				doc.Data = models.JSON[any]{}
				return db.Select("*").Create(doc).Error
			}, "SQL NULL"},
			{"create map", true, func(db *gorm.DB, doc *models.BlockDocument) error {
				return db.Model(&models.BlockDocument{}).Create(map[string]any{
					"id": models.NewUUID(), "name": doc.Name, "block_type_id": doc.BlockTypeID,
					"block_schema_id": doc.BlockSchemaID, "data": plainJSON,
				}).Error
			}, "a JSON object"},
			{"Save", false, func(db *gorm.DB, doc *models.BlockDocument) error {
				doc.Data = plainJSON
				return db.Save(doc).Error
			}, "a JSON object"},
			{"Updates struct", false, func(db *gorm.DB, doc *models.BlockDocument) error {
				return db.Model(doc).Updates(models.BlockDocument{Data: plainJSON}).Error
			}, "a JSON object"},
			{"Updates map", false, func(db *gorm.DB, doc *models.BlockDocument) error {
				return db.Model(doc).Updates(map[string]any{"data": plainJSON}).Error
			}, "a JSON object"},
			{"Updates map by field name", false, func(db *gorm.DB, doc *models.BlockDocument) error {
				return db.Model(doc).Updates(map[string]any{"Data": notToken}).Error
			}, "a JSON string that is not a Fernet token"},
			{"Update with a JSON array", false, func(db *gorm.DB, doc *models.BlockDocument) error {
				return db.Model(doc).Update("data", models.NewJSON[any]([]any{secret})).Error
			}, "a JSON array"},
			{"Update with a bare token string", false, func(db *gorm.DB, doc *models.BlockDocument) error {
				return db.Model(doc).Update("data", doc.Data.V.(string)).Error
			}, "text that is not JSON"},
			{"Update with JSON text of an object", false, func(db *gorm.DB, doc *models.BlockDocument) error {
				return db.Model(doc).Update("data", `{"password": "`+secret+`"}`).Error
			}, "a JSON object"},
			{"Update with a number", false, func(db *gorm.DB, doc *models.BlockDocument) error {
				return db.Model(doc).Update("data", models.NewJSON[any](4711)).Error
			}, "a JSON number"},
			{"Update with an expression", false, func(db *gorm.DB, doc *models.BlockDocument) error {
				return db.Model(doc).Update("data", gorm.Expr("?", `"`+secret+`"`)).Error
			}, "an SQL expression"},
			{"UpdateColumn", false, func(db *gorm.DB, doc *models.BlockDocument) error {
				return db.Model(doc).UpdateColumn("data", plainJSON).Error
			}, "a JSON object"},
			{"Update by upper-case column", false, func(db *gorm.DB, doc *models.BlockDocument) error {
				return db.Model(doc).Update("DATA", plainJSON).Error
			}, "a JSON object"},
			{"Update by mixed-case column", false, func(db *gorm.DB, doc *models.BlockDocument) error {
				return db.Model(doc).Update("dAtA", plainJSON).Error
			}, "a JSON object"},
			{"Update by qualified column", false, func(db *gorm.DB, doc *models.BlockDocument) error {
				return db.Model(doc).Update("block_document.data", plainJSON).Error
			}, "a JSON object"},
			{"UpdateColumns struct of another type", false, func(db *gorm.DB, doc *models.BlockDocument) error {
				return db.Model(doc).UpdateColumns(dataPatch{Data: plainJSON}).Error
			}, "a JSON object"},
			{"Clauses SET", false, func(db *gorm.DB, doc *models.BlockDocument) error {
				return db.Model(doc).Clauses(clause.Set{{Column: clause.Column{Name: "Data"}, Value: plainJSON}}).
					Updates(map[string]any{"name": doc.Name}).Error
			}, "a JSON object"},
			{"Table update map", false, func(db *gorm.DB, doc *models.BlockDocument) error {
				return db.Table("block_document").Where("id = ?", doc.ID).Updates(map[string]any{"DATA": plainJSON}).Error
			}, "a JSON object"},
			{"create map by upper-case key", true, func(db *gorm.DB, doc *models.BlockDocument) error {
				return db.Model(&models.BlockDocument{}).Create(map[string]any{
					"id": models.NewUUID(), "name": doc.Name, "block_type_id": doc.BlockTypeID,
					"block_schema_id": doc.BlockSchemaID, "DATA": plainJSON,
				}).Error
			}, "a JSON object"},
			{"create pointer to map batch by field name", true, func(db *gorm.DB, doc *models.BlockDocument) error {
				return db.Model(&models.BlockDocument{}).Create(&[]map[string]any{{
					"id": models.NewUUID(), "name": doc.Name, "block_type_id": doc.BlockTypeID,
					"block_schema_id": doc.BlockSchemaID, "Data": notToken,
				}}).Error
			}, "a JSON string that is not a Fernet token"},
			{"Table create map", true, func(db *gorm.DB, doc *models.BlockDocument) error {
				return db.Table("block_document").Create(map[string]any{
					"id": models.NewUUID(), "name": doc.Name, "block_type_id": doc.BlockTypeID,
					"block_schema_id": doc.BlockSchemaID, "created": models.Now(), "updated": models.Now(), "Data": plainJSON,
				}).Error
			}, "a JSON object"},
			{"on conflict update map", false, func(db *gorm.DB, doc *models.BlockDocument) error {
				return db.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "id"}},
					DoUpdates: clause.Assignments(map[string]any{"data": plainJSON})}).Create(doc).Error
			}, "a JSON object"},
			{"on conflict update by field name", false, func(db *gorm.DB, doc *models.BlockDocument) error {
				return db.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "id"}},
					DoUpdates: clause.Assignments(map[string]any{"Data": notToken})}).Create(doc).Error
			}, "a JSON string that is not a Fernet token"},
			{"on conflict update from another column", false, func(db *gorm.DB, doc *models.BlockDocument) error {
				return db.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "id"}},
					DoUpdates: []clause.Assignment{{Column: clause.Column{Name: "data"}, Value: clause.Column{Table: "excluded", Name: "name"}}}}).Create(doc).Error
			}, "a Go clause.Column"},
			{"batch Update", false, func(db *gorm.DB, doc *models.BlockDocument) error {
				return db.Model(&models.BlockDocument{}).Where("name = ?", doc.Name).Update("data", plainJSON).Error
			}, "a JSON object"},
		}
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				doc := blockDoc(t, db, "refuse-"+string(rune('a'+i)))
				if !tt.create {
					if err := db.Create(&doc).Error; err != nil {
						t.Fatal(err)
					}
				}
				before := countBlockDocs(t, db)
				token := doc.Data.V.(string)
				err := tt.write(db.DB, &doc)
				if err == nil {
					t.Fatal("write succeeded, want it refused")
				}
				msg := err.Error()
				if !strings.Contains(msg, "block_document.data") || !strings.Contains(msg, "refusing to write "+tt.wantKind) {
					t.Errorf("error %q, want one naming block_document.data and %q", msg, tt.wantKind)
				}
				if strings.Contains(msg, secret) || strings.Contains(msg, token) {
					t.Errorf("error %q shows the value", msg)
				}
				if n := countBlockDocs(t, db); n != before {
					t.Errorf("%d block documents after the refused write, want %d", n, before)
				}
				if !tt.create {
					if got := rawText(t, db, "block_document", "data", doc.ID); got != `"`+token+`"` {
						t.Errorf("stored data changed to %q", got)
					}
				}
			})
		}
	})
}

func TestBlockDataAcceptsTokens(t *testing.T) {
	keyFromConfiguration(t)
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		tests := []struct {
			name  string
			write func(db *gorm.DB, doc *models.BlockDocument, token string) error
		}{
			{"Save", func(db *gorm.DB, doc *models.BlockDocument, token string) error {
				doc.Data = models.NewJSON[any](token)
				return db.Save(doc).Error
			}},
			{"Update JSON", func(db *gorm.DB, doc *models.BlockDocument, token string) error {
				return db.Model(doc).Update("data", models.NewJSON[any](token)).Error
			}},
			{"Updates map with JSON text", func(db *gorm.DB, doc *models.BlockDocument, token string) error {
				return db.Model(doc).Updates(map[string]any{"data": `"` + token + `"`}).Error
			}},
			{"Updates struct", func(db *gorm.DB, doc *models.BlockDocument, token string) error {
				return db.Model(doc).Updates(models.BlockDocument{Data: models.NewJSON[any](token)}).Error
			}},
			{"Update by upper-case column", func(db *gorm.DB, doc *models.BlockDocument, token string) error {
				return db.Model(doc).Update("DATA", models.NewJSON[any](token)).Error
			}},
			{"on conflict update from the inserted row", func(db *gorm.DB, doc *models.BlockDocument, token string) error {
				doc.Data = models.NewJSON[any](token)
				return db.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "id"}},
					DoUpdates: clause.AssignmentColumns([]string{"data"})}).Create(doc).Error
			}},
			{"on conflict update with a token", func(db *gorm.DB, doc *models.BlockDocument, token string) error {
				return db.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "id"}},
					DoUpdates: clause.Assignments(map[string]any{"data": models.NewJSON[any](token)})}).Create(doc).Error
			}},
			{"Updates other columns", func(db *gorm.DB, doc *models.BlockDocument, _ string) error {
				return db.Model(doc).Updates(map[string]any{"is_anonymous": true}).Error
			}},
		}
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				doc := blockDoc(t, db, "accept-"+string(rune('a'+i)))
				if err := db.Create(&doc).Error; err != nil {
					t.Fatal(err)
				}
				if got := rawText(t, db, "block_document", "data", doc.ID); got != `"`+doc.Data.V.(string)+`"` {
					t.Fatalf("created data %q", got)
				}
				want := doc.Data.V.(string)
				next := doc
				if err := next.EncryptData(db.DB, map[string]any{"password": "rotated"}); err != nil {
					t.Fatal(err)
				}
				if tt.name != "Updates other columns" {
					want = next.Data.V.(string)
				}
				if err := tt.write(db.DB, &doc, next.Data.V.(string)); err != nil {
					t.Fatal(err)
				}
				if got := rawText(t, db, "block_document", "data", doc.ID); got != `"`+want+`"` {
					t.Errorf("stored data %q, want %q", got, `"`+want+`"`)
				}
			})
		}
	})
}
