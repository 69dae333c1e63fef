package models_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/fernet/fernet-go"

	"github.com/prefectorm/prefectorm/internal/coltype"
	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/models"
)

// BenchmarkEncryptAndInsert encrypts block data and inserts the document
// through GORM (EncryptData + Create, with prefectorm's hooks) and through
// database/sql (the same key lookup, json.dumps text, Fernet token and a
// hand-written INSERT), then checks GORM decrypts the last raw row.
func BenchmarkEncryptAndInsert(b *testing.B) {
	b.Setenv(models.EncryptionKeyEnv, "") // empty: the key comes from the configuration table
	data := map[string]any{"username": "marvin", "password": "hunter2", "region": "eu-west-1", "retries": 3}
	for _, dialect := range dbtest.Dialects {
		b.Run(dialect, func(b *testing.B) {
			db := dbtest.New(b, dialect)
			typ := models.BlockType{Name: "Bench", Slug: "bench"}
			if err := db.Create(&typ).Error; err != nil {
				b.Fatal(err)
			}
			schema := models.BlockSchema{Checksum: "sha256:bench", BlockTypeID: typ.ID}
			if err := db.Create(&schema).Error; err != nil {
				b.Fatal(err)
			}
			if _, err := models.EncryptionKey(db.DB); err != nil { // create the key row outside the timing
				b.Fatal(err)
			}
			sqlDB, err := db.DB.DB()
			if err != nil {
				b.Fatal(err)
			}
			selectKey := dbtest.Rebind(dialect, "SELECT value FROM configuration WHERE key = ?")
			insert := dbtest.Rebind(dialect, "INSERT INTO block_document (id, created, updated, name, data, is_anonymous, block_type_id, block_schema_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
			now := func() any { return coltype.SQLiteTime(models.Now().Time) }
			if dialect != "sqlite" {
				now = func() any { return time.Now().UTC() }
			}
			var rawID models.UUID // the last raw row, checked at the end
			raw := func(i int) error {
				var value string
				if err := sqlDB.QueryRow(selectKey, models.EncryptionKeyConfigKey).Scan(&value); err != nil {
					return err
				}
				var cfg struct {
					FernetKey string `json:"fernet_key"`
				}
				if err := json.Unmarshal([]byte(value), &cfg); err != nil {
					return err
				}
				key, err := fernet.DecodeKey(cfg.FernetKey)
				if err != nil {
					return err
				}
				plaintext, err := models.MarshalPythonJSON(data)
				if err != nil {
					return err
				}
				token, err := fernet.EncryptAndSign(plaintext, key)
				if err != nil {
					return err
				}
				id, ts := models.NewUUID(), now()
				_, err = sqlDB.Exec(insert, id.String(), ts, ts, fmt.Sprintf("raw-%d", i), `"`+string(token)+`"`, false, typ.ID.String(), schema.ID.String())
				rawID = id
				return err
			}
			orm := func(i int) error {
				doc := models.BlockDocument{Name: fmt.Sprintf("gorm-%d", i), BlockTypeID: typ.ID, BlockSchemaID: schema.ID}
				if err := doc.EncryptData(db.DB, data); err != nil {
					return err
				}
				return db.Create(&doc).Error
			}
			dbtest.CompareRaw(b, raw, orm)

			// The raw rows are real block documents: GORM reads and decrypts them.
			var stored models.BlockDocument
			if err := db.First(&stored, "id = ?", rawID).Error; err != nil {
				b.Fatal(err)
			}
			if got, err := stored.DecryptData(db.DB); err != nil || got["username"] != "marvin" {
				b.Fatalf("raw row decrypts to %v, %v", got, err)
			}
		})
	}
}
