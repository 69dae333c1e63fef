package models_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/fernet/fernet-go"
	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/internal/coltype"
	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/models"
)

// BenchmarkEncryptAndInsert encrypts block data and inserts the document
// in one transaction, through GORM (EncryptData + Create inside
// db.Transaction, with prefectorm's hooks) and through database/sql doing
// the same work: BEGIN, the key (cached per database, as EncryptionKey
// caches it: read once from the configuration row), json.dumps text, a
// Fernet token, an INSERT of every column GORM writes, COMMIT. It then
// checks GORM decrypts the last raw row.
func BenchmarkEncryptAndInsert(b *testing.B) {
	b.Setenv(models.EncryptionKeyEnv, "") // empty: the key comes from the configuration table
	data := map[string]any{"username": "marvin", "password": "hunter2", "region": "eu-west-1", "retries": 3}
	ctx := context.Background()
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
			// Create the key row outside the timing; the key is then cached
			// for db, as after any first use outside a transaction.
			if _, err := models.EncryptionKey(db.DB); err != nil {
				b.Fatal(err)
			}
			sqlDB, err := db.DB.DB()
			if err != nil {
				b.Fatal(err)
			}
			selectKey := dbtest.Rebind(dialect, "SELECT value FROM configuration WHERE key = ?")
			insert := dbtest.Rebind(dialect, `INSERT INTO block_document (name, data, is_anonymous, block_type_name, block_type_id, block_schema_id, id, created, updated)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
			now := func() any { return coltype.SQLiteTime(models.Now().Time) }
			if dialect != "sqlite" {
				now = func() any { return time.Now().UTC() }
			}
			var cachedKey *fernet.Key // the raw side's key cache
			keyOf := func(tx *sql.Tx) (*fernet.Key, error) {
				if cachedKey != nil {
					return cachedKey, nil
				}
				var value string
				if err := tx.QueryRowContext(ctx, selectKey, models.EncryptionKeyConfigKey).Scan(&value); err != nil {
					return nil, err
				}
				var cfg struct {
					FernetKey string `json:"fernet_key"`
				}
				if err := json.Unmarshal([]byte(value), &cfg); err != nil {
					return nil, err
				}
				key, err := fernet.DecodeKey(cfg.FernetKey)
				cachedKey = key
				return key, err
			}
			var rawID models.UUID // the last raw row, checked at the end
			raw := func(i int) error {
				tx, err := sqlDB.BeginTx(ctx, nil)
				if err != nil {
					return err
				}
				defer func() { _ = tx.Rollback() }()
				key, err := keyOf(tx)
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
				if _, err = tx.ExecContext(ctx, insert, fmt.Sprintf("raw-%d", i), `"`+string(token)+`"`, false, nil,
					typ.ID.String(), schema.ID.String(), id.String(), ts, ts); err != nil {
					return err
				}
				rawID = id
				return tx.Commit()
			}
			orm := func(i int) error {
				return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
					doc := models.BlockDocument{Name: fmt.Sprintf("gorm-%d", i), BlockTypeID: typ.ID, BlockSchemaID: schema.ID}
					if err := doc.EncryptData(tx, data); err != nil {
						return err
					}
					return tx.Create(&doc).Error
				})
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
