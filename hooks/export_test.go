package hooks

// InsertTextsOn switches the INSERT text cache (insertTexts) on and off,
// for the test that compares its statements with GORM's.
var InsertTextsOn = &insertTextsOn

// InsertTextCount returns the number of cached INSERT texts.
func InsertTextCount() int {
	n := 0
	insertTexts.Range(func(any, any) bool { n++; return true })
	return n
}
