package models

// MarshalPythonJSON exposes marshalPythonJSON to the tests of package
// models_test.
var MarshalPythonJSON = marshalPythonJSON
