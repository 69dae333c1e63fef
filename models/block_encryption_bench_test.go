package models_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/fernet/fernet-go"

	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/models"
)

// BenchmarkEncryptAndInsert encrypts block data and inserts the document,
// alternately through GORM (EncryptData + Create, with prefectorm's hooks)
// and through database/sql (the same key lookup, json.dumps text, Fernet
// token and a hand-written INSERT), and reports each path's time per
// document and their ratio gorm/raw. It measures; it asserts nothing about
// speed.
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
			selectKey := "SELECT value FROM configuration WHERE key = ?"
			insert := "INSERT INTO block_document (id, created, updated, name, data, is_anonymous, block_type_id, block_schema_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
			now := func() any { return models.Now().SQLiteText() }
			if dialect != "sqlite" {
				selectKey, insert = numberPlaceholders(selectKey), numberPlaceholders(insert)
				now = func() any { return time.Now().UTC() }
			}
			rawInsert := func(name string) (models.UUID, error) {
				var value string
				if err := sqlDB.QueryRow(selectKey, models.EncryptionKeyConfigKey).Scan(&value); err != nil {
					return models.UUID{}, err
				}
				var cfg struct {
					FernetKey string `json:"fernet_key"`
				}
				if err := json.Unmarshal([]byte(value), &cfg); err != nil {
					return models.UUID{}, err
				}
				key, err := fernet.DecodeKey(cfg.FernetKey)
				if err != nil {
					return models.UUID{}, err
				}
				plaintext, err := models.MarshalPythonJSON(data)
				if err != nil {
					return models.UUID{}, err
				}
				token, err := fernet.EncryptAndSign(plaintext, key)
				if err != nil {
					return models.UUID{}, err
				}
				id, ts := models.NewUUID(), now()
				_, err = sqlDB.Exec(insert, id.String(), ts, ts, name, `"`+string(token)+`"`, false, typ.ID.String(), schema.ID.String())
				return id, err
			}

			var gormTime, rawTime time.Duration
			var rawID models.UUID
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				start := time.Now()
				doc := models.BlockDocument{Name: fmt.Sprintf("gorm-%d", i), BlockTypeID: typ.ID, BlockSchemaID: schema.ID}
				if err := doc.EncryptData(db.DB, data); err != nil {
					b.Fatal(err)
				}
				if err := db.Create(&doc).Error; err != nil {
					b.Fatal(err)
				}
				gormTime += time.Since(start)

				start = time.Now()
				if rawID, err = rawInsert(fmt.Sprintf("raw-%d", i)); err != nil {
					b.Fatal(err)
				}
				rawTime += time.Since(start)
			}
			b.StopTimer()
			b.ReportMetric(float64(gormTime.Nanoseconds())/float64(b.N), "gorm-ns/doc")
			b.ReportMetric(float64(rawTime.Nanoseconds())/float64(b.N), "raw-ns/doc")
			b.ReportMetric(float64(gormTime)/float64(rawTime), "gorm/raw")

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

// numberPlaceholders rewrites ? placeholders as PostgreSQL's $1, $2, ...
func numberPlaceholders(query string) string {
	var sb strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			fmt.Fprintf(&sb, "$%d", n)
			continue
		}
		sb.WriteRune(r)
	}
	return sb.String()
}
