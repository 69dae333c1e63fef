package dialects

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/schema"
)

// upsertPlan is everything Upsert needs to know about one model on one
// database handle's configuration, worked out once: the table's schema, the
// fields of its conflict key, its ON CONFLICT clause and its read-back.
type upsertPlan struct {
	schema *schema.Schema
	// keyFields are the fields of the conflict columns, in their order.
	keyFields []*schema.Field
	// onConflict is the table's rule (conflictUpdates) as a clause.
	onConflict clause.OnConflict
	readBack   *readBack
}

// upsertPlanKey identifies a plan: the model's type and the dialector of
// the database it is used on (one per opened database, shared by all its
// sessions and transactions).
type upsertPlanKey struct {
	model     reflect.Type
	dialector gorm.Dialector
}

// upsertPlans caches plans by upsertPlanKey: up to ten (one per upsertable
// table) per opened database, kept for the life of the process as GORM's
// schemas are.
var upsertPlans sync.Map // upsertPlanKey -> *upsertPlan

// upsertPlanOf returns the plan of row's model on db, or an error naming a
// table that is not upsertable.
func upsertPlanOf(db *gorm.DB, row any) (*upsertPlan, error) {
	key := upsertPlanKey{reflect.TypeOf(row), db.Dialector}
	cacheable := reflect.TypeOf(db.Dialector).Comparable()
	if cacheable {
		if v, ok := upsertPlans.Load(key); ok {
			return v.(*upsertPlan), nil
		}
	}
	d, err := Of(db)
	if err != nil {
		return nil, err
	}
	stmt := &gorm.Statement{DB: db}
	if err := stmt.Parse(row); err != nil {
		return nil, fmt.Errorf("prefectorm: parse %T: %w", row, err)
	}
	s := stmt.Schema
	conflict := d.UpsertColumns(s.Table)
	if conflict == nil {
		return nil, fmt.Errorf("prefectorm: upsert: table %s has no conflict key (upsertable: flow, flow_run, task_run, deployment, block_type, block_schema, block_document, concurrency_limit, artifact_collection, saved_search)", s.Table)
	}
	plan := &upsertPlan{schema: s, readBack: newReadBack(db, s, conflict)}
	for _, c := range conflict {
		field := s.LookUpField(c.Name)
		if field == nil {
			return nil, fmt.Errorf("prefectorm: upsert: %s has no field for conflict column %s", s.Table, c.Name)
		}
		plan.keyFields = append(plan.keyFields, field)
	}
	plan.onConflict = clause.OnConflict{Columns: conflict}
	switch updates := conflictUpdates[s.Table]; {
	case updates == nil:
		plan.onConflict.DoNothing = true
	case slices.Equal(updates, allColumns):
		plan.onConflict.DoUpdates = clause.AssignmentColumns(nonKeyColumns(s, conflict))
	default:
		plan.onConflict.DoUpdates = clause.AssignmentColumns(append(slices.Clone(updates), "updated"))
	}
	if !cacheable {
		return plan, nil
	}
	v, _ := upsertPlans.LoadOrStore(key, plan)
	return v.(*upsertPlan), nil
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

// describeKey renders a conflict key for error messages: (name=etl).
func (p *upsertPlan) describeKey(key []any) string {
	var out strings.Builder
	out.WriteByte('(')
	for i, f := range p.keyFields {
		if i > 0 {
			out.WriteString(", ")
		}
		fmt.Fprintf(&out, "%s=%v", f.DBName, key[i])
	}
	out.WriteByte(')')
	return out.String()
}
