package plancheck_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/prefectorm/prefectorm/internal/dbtest"
	"github.com/prefectorm/prefectorm/internal/plancheck"
	"github.com/prefectorm/prefectorm/models"
)

// TestRecord records what a function sends on both dialects: its SELECTs
// and UPDATEs with their arguments, not its INSERTs nor what runs outside
// Run; Rules.Check explains what it recorded and honours exemptions.
func TestRecord(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		ctx := context.Background()
		rec, err := plancheck.Record(db.DB)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := plancheck.Record(db.DB); err != nil { // a second recorder on the same database
			t.Fatal(err)
		}
		flow := models.Flow{Name: "recorded"}
		if err := db.Create(&flow).Error; err != nil {
			t.Fatal(err)
		}
		boom := errors.New("boom")
		stmts, err := rec.Run(func() error {
			if err := db.Create(&models.Flow{Name: "inserted"}).Error; err != nil {
				return err
			}
			for _, names := range [][]string{{"a"}, {"a", "b"}} {
				var flows []models.Flow
				if err := db.Where("name IN ?", names).Find(&flows).Error; err != nil {
					return err
				}
			}
			if err := db.Model(&models.Flow{}).Where("id = ?", flow.ID).Update("name", "renamed").Error; err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("Run returned %v, want fn's error", err)
		}
		if len(stmts) != 3 || !strings.HasPrefix(stmts[0].SQL, "SELECT") || !strings.HasPrefix(stmts[2].SQL, "UPDATE") {
			t.Fatalf("recorded %q, want 2 SELECTs and an UPDATE", stmts)
		}
		if !slices.Contains(stmts[0].Vars, any("a")) {
			t.Errorf("SELECT vars %v, want the name", stmts[0].Vars)
		}
		if d := plancheck.Distinct(stmts); len(d) != 2 {
			t.Errorf("Distinct: %d statements, want 2 (the two IN lists are one shape)", len(d))
		}
		if again, _ := rec.Run(func() error { return nil }); len(again) != 0 {
			t.Errorf("an empty run recorded %q", again)
		}
		rules := plancheck.Rules{Large: []string{"flow"}, IndexScans: plancheck.IndexScansFail}
		for _, s := range stmts {
			v, err := rules.Check(ctx, db.DB, s)
			if err != nil {
				t.Fatalf("check %s: %v", s.SQL, err)
			}
			if len(v.Plan.Nodes) == 0 {
				t.Errorf("empty plan of %s", s.SQL)
			}
		}
		scan := plancheck.Statement{SQL: "SELECT * FROM flow WHERE tags IS NOT NULL"}
		if v, err := rules.Check(ctx, db.DB, scan); err != nil || len(v.Problems) == 0 {
			t.Errorf("a scan of flow: problems %q, err %v\n%s", v.Problems, err, v.Plan)
		}
		rules.Exempt = []plancheck.Exemption{{Prefix: "SELECT * FROM flow WHERE tags", Reason: "a test"}}
		if v, err := rules.Check(ctx, db.DB, scan); err != nil || len(v.Problems) != 0 || v.Exempt != "a test" {
			t.Errorf("an exempt scan: %+v, %v", v, err)
		}
		rules.Exempt[0].Reason = ""
		if _, err := rules.Check(ctx, db.DB, scan); err == nil {
			t.Error("an exemption without a reason was accepted")
		}
		if _, err := plancheck.ExplainStatement(ctx, db.DB, scan, plancheck.ExplainOptions{NoSeqScan: true}); err != nil {
			t.Errorf("NoSeqScan: %v", err)
		}
	})
}
