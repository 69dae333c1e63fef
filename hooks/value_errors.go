package hooks

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/models"
)

// scanColumnName finds the column in database/sql's Scan error
// ("sql: Scan error on column index 2, name \"start_time\": …").
var scanColumnName = regexp.MustCompile(`Scan error on column index \d+, name ("(?:[^"\\]|\\.)*")`)

// registerValueErrors names the table.column in every *models.ValueError a
// GORM statement's scan returns (a column type's Scan cannot know it).
// Finds, first/take/last, Scan and RETURNING reads are all covered.
func registerValueErrors(db *gorm.DB) error {
	const name = "prefectorm:value_errors"
	for _, p := range []struct {
		processor interface {
			Register(string, func(*gorm.DB)) error
		}
		after string
	}{
		{db.Callback().Query().After("gorm:query"), "query"},
		{db.Callback().Create().After("gorm:create"), "create"},
		{db.Callback().Update().After("gorm:update"), "update"},
		{db.Callback().Delete().After("gorm:delete"), "delete"},
	} {
		if err := p.processor.Register(name, nameValueErrorColumn); err != nil {
			return fmt.Errorf("prefectorm: register %s after %s: %w", name, p.after, err)
		}
	}
	return nil
}

// nameValueErrorColumn fills in ValueError.Column from the database/sql
// error wrapping it and the statement's table.
func nameValueErrorColumn(db *gorm.DB) {
	if db.Error == nil {
		return
	}
	var ve *models.ValueError
	if !errors.As(db.Error, &ve) || ve.Column != "" {
		return
	}
	m := scanColumnName.FindStringSubmatch(db.Error.Error())
	if m == nil {
		return
	}
	column, err := strconv.Unquote(m[1])
	if err != nil {
		return
	}
	table := db.Statement.Table
	if s := db.Statement.Schema; s != nil {
		if f := s.LookUpField(column); f != nil && f.DBName == column {
			table = s.Table
		}
	}
	if table != "" {
		column = table + "." + column
	}
	// database/sql's wrapper fixed its text when it wrapped ve: rebuild it.
	before := ve.Error()
	ve.Column = column
	db.Error = &columnError{msg: strings.Replace(db.Error.Error(), before, ve.Error(), 1), err: db.Error}
}

// columnError is a statement's error with a ValueError's column filled in.
type columnError struct {
	msg string
	err error
}

func (e *columnError) Error() string { return e.msg }
func (e *columnError) Unwrap() error { return e.err }
