package models_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"reflect"
	"testing"

	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/models"
)

var updateFernet = flag.Bool("update-fernet", false, "rewrite testdata/fernet/go_tokens.json from the Python golden plaintexts")

// pythonFernet is the interpreter whose cryptography package plays Prefect.
const pythonFernet = "/usr/bin/python3"

// requirePythonCryptography skips the test when pythonFernet cannot import
// cryptography, or fails it when CI=true.
func requirePythonCryptography(t *testing.T) {
	t.Helper()
	out, err := exec.Command(pythonFernet, "-c", "import cryptography; print(cryptography.__version__)").CombinedOutput()
	if err == nil {
		t.Logf("%s with cryptography %s", pythonFernet, bytes.TrimSpace(out))
		return
	}
	reason := pythonFernet + " with the cryptography package is not available (" + err.Error() + ")"
	if os.Getenv("CI") == "true" {
		t.Fatal(reason)
	}
	t.Skip("skipping: " + reason)
}

// pythonDecrypt is one item of testdata/fernet/decrypt_tokens.py's answer.
type pythonDecrypt struct {
	Plaintext *string         `json:"plaintext"`
	Data      json.RawMessage `json:"data"`
	Error     string          `json:"error"`
}

func TestGoTokensDecryptInPython(t *testing.T) {
	requirePythonCryptography(t)
	type item struct {
		Key       string `json:"key"`
		Token     string `json:"token"`
		name      string
		plaintext string
	}
	var items []item
	committed := readGolden(t, "go_tokens.json")
	for _, c := range committed.Cases {
		items = append(items, item{Key: committed.Key, Token: c.Token, name: "committed " + c.Name, plaintext: c.Plaintext})
	}
	fresh := goTokensFromPythonCases(t)
	for _, c := range fresh.Cases {
		items = append(items, item{Key: fresh.Key, Token: c.Token, name: "fresh " + c.Name, plaintext: c.Plaintext})
	}
	// And tokens written through EncryptData and the database, under each
	// dialect's generated configuration key.
	noKeyEnv(t)
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		typeID, schemaID := blockParents(t, db)
		data := map[string]any{"password": "hunter2", "nested": map[string]any{"n": 1.5, "s": "ünïcode"}}
		doc := models.BlockDocument{Name: "to-python", BlockTypeID: typeID, BlockSchemaID: schemaID}
		if err := doc.EncryptData(db.DB, data); err != nil {
			t.Fatal(err)
		}
		if err := db.Create(&doc).Error; err != nil {
			t.Fatal(err)
		}
		var stored models.BlockDocument
		if err := db.First(&stored, "id = ?", doc.ID).Error; err != nil {
			t.Fatal(err)
		}
		key, err := models.EncryptionKey(db.DB)
		if err != nil {
			t.Fatal(err)
		}
		items = append(items, item{Key: key.Encode(), Token: stored.Data.V.(string), name: "database " + db.Dialect.Name(),
			plaintext: `{"nested": {"n": 1.5, "s": "\u00fcn\u00efcode"}, "password": "hunter2"}`})
	})

	request, err := json.Marshal(items)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(pythonFernet, "../testdata/fernet/decrypt_tokens.py")
	cmd.Stdin = bytes.NewReader(request)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("decrypt_tokens.py: %v\n%s", err, stderr.String())
	}
	var answers []pythonDecrypt
	if err := json.Unmarshal(out, &answers); err != nil {
		t.Fatalf("decrypt_tokens.py answer: %v", err)
	}
	if len(answers) != len(items) {
		t.Fatalf("%d answers for %d tokens", len(answers), len(items))
	}
	for i, it := range items {
		a := answers[i]
		if a.Error != "" || a.Plaintext == nil {
			t.Errorf("%s: Python failed to decrypt: %s", it.name, a.Error)
			continue
		}
		if *a.Plaintext != it.plaintext {
			t.Errorf("%s: Python decrypted %q, want %q", it.name, *a.Plaintext, it.plaintext)
		}
		if got, want := decodeJSON(t, string(a.Data)), decodeJSON(t, it.plaintext); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: Python's json.loads gave %#v, want %#v", it.name, got, want)
		}
	}
}
