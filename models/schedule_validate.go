package models

import (
	"fmt"
	"strings"
	"time"
	_ "time/tzdata" // zone names resolve on machines without a system zoneinfo

	"github.com/robfig/cron/v3"
	"github.com/teambition/rrule-go"
)

// maxRRuleLength is Prefect's limit on the length of an RRULE string.
const maxRRuleLength = 6500

// Cron grammar. Prefect validates cron strings with croniter: five fields
// (minute hour day-of-month month day-of-week, names allowed), or six with
// seconds as the last field, and the @yearly/@annually/@monthly/@weekly/
// @daily/@midnight/@hourly nicknames. github.com/robfig/cron/v3 (the parser
// Kubernetes CronJobs use) reads the same standard grammar; a croniter-style
// sixth seconds field is moved to the front, where robfig's seconds field
// is. robfig's own extensions croniter lacks (@every, TZ=/CRON_TZ=
// prefixes) are refused here, and croniter's extensions robfig lacks (L and
// # in day fields, 7 for Sunday) are refused too: stricter, never looser.
var (
	cronFiveFields = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)
	cronSixFields  = cron.NewParser(cron.Second | cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow)
)

// croniterNicknames are the @-expressions croniter accepts.
var croniterNicknames = map[string]bool{
	"@yearly": true, "@annually": true, "@monthly": true, "@weekly": true,
	"@daily": true, "@midnight": true, "@hourly": true,
}

// ValidateCron applies Prefect's cron string rule: a valid cron
// expression, without croniter's random (R) or hashed (H) fields, which
// Prefect refuses.
func ValidateCron(expr string) error {
	fields := strings.Fields(expr)
	for _, f := range fields {
		if strings.EqualFold(f, "H") || strings.EqualFold(f, "R") {
			return invalid("cron", expr, "Random and Hashed expressions are unsupported")
		}
	}
	fail := func(reason string) error {
		return invalid("cron", expr, "Invalid cron string: "+reason)
	}
	switch {
	case len(fields) == 0:
		return fail("empty")
	case strings.HasPrefix(fields[0], "TZ=") || strings.HasPrefix(fields[0], "CRON_TZ="):
		return fail("a time zone prefix is not cron syntax (use the schedule's timezone)")
	case strings.HasPrefix(fields[0], "@"):
		if len(fields) != 1 || !croniterNicknames[fields[0]] {
			return fail("unknown @ expression (want @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly)")
		}
		return nil
	}
	var err error
	switch len(fields) {
	case 5:
		_, err = cronFiveFields.Parse(strings.Join(fields, " "))
	case 6:
		_, err = cronSixFields.Parse(strings.Join(append([]string{fields[5]}, fields[:5]...), " "))
	default:
		return fail(fmt.Sprintf("want 5 fields (or 6 with seconds last), got %d", len(fields)))
	}
	if err != nil {
		return fail(err.Error())
	}
	return nil
}

// rruleProperties are the content lines dateutil's rrulestr accepts.
var rruleProperties = map[string]bool{"DTSTART": true, "RRULE": true, "EXRULE": true, "RDATE": true, "EXDATE": true}

// ValidateRRule applies Prefect's RRULE string rule, parsing with
// github.com/teambition/rrule-go the way dateutil's rrulestr reads the
// text: whitespace-separated content lines, where a single line without a
// property name (or "RRULE:") is one rule, and otherwise every line is a
// DTSTART, RRULE, EXRULE, RDATE or EXDATE property; at most maxRRuleLength
// characters.
func ValidateRRule(s string) error {
	fail := func(reason string) error {
		return invalid("rrule", s, "Invalid RRule string: "+reason)
	}
	if len(s) > maxRRuleLength {
		return fail(fmt.Sprintf("Max length is %d, got %d", maxRRuleLength, len(s)))
	}
	lines := strings.Fields(s)
	if len(lines) == 0 {
		return fail("empty string")
	}
	if len(lines) == 1 && (!strings.Contains(lines[0], ":") || strings.HasPrefix(strings.ToUpper(lines[0]), "RRULE:")) {
		if err := validateRule(strings.TrimPrefix(strings.TrimPrefix(lines[0], "RRULE:"), "rrule:")); err != nil {
			return fail(err.Error())
		}
		return nil
	}
	var dtstart, rest []string
	for _, line := range lines {
		colon := strings.Index(line, ":")
		if colon < 0 {
			return fail(fmt.Sprintf("line %q has no property name", line))
		}
		name := strings.ToUpper(line[:colon])
		if semi := strings.Index(name, ";"); semi >= 0 {
			name = name[:semi]
		}
		switch {
		case !rruleProperties[name]:
			return fail(fmt.Sprintf("unsupported property: %s", name))
		case name == "DTSTART":
			dtstart = append(dtstart, line)
		case name == "EXRULE":
			if err := validateRule(line[colon+1:]); err != nil {
				return fail(err.Error())
			}
		default:
			rest = append(rest, line)
		}
	}
	if len(dtstart) > 1 {
		return fail("more than one DTSTART")
	}
	if _, err := rrule.StrSliceToRRuleSet(append(dtstart, rest...)); err != nil {
		return fail(err.Error())
	}
	return nil
}

// validateRule parses one RRULE value (FREQ=...;...).
func validateRule(value string) error {
	opt, err := rrule.StrToROption(value)
	if err != nil {
		return err
	}
	_, err = rrule.NewRRule(*opt)
	return err
}

// ValidateTimezone requires name to be an IANA zone name, as Prefect's
// schedules do (pendulum's list of zones, read here through
// time.LoadLocation with the embedded time/tzdata). "Local" and the posix/
// and right/ trees of a system zoneinfo are not zone names to Prefect.
func ValidateTimezone(name string) error {
	reason := `Invalid timezone (specify in IANA tzdata format, for example, America/New_York)`
	if name == "" || name == "Local" || name == "posixrules" || name == "localtime" ||
		strings.HasPrefix(name, "posix/") || strings.HasPrefix(name, "right/") {
		return invalid("timezone", name, reason)
	}
	if _, err := time.LoadLocation(name); err != nil {
		return invalid("timezone", name, reason)
	}
	return nil
}

// Validate applies Prefect's schedule rules: a variant is present; an
// interval is positive; a cron string passes ValidateCron and an rrule
// string ValidateRRule; a timezone, when set, passes ValidateTimezone
// (interval and cron schedules accept "" as Prefect's validator does, an
// rrule schedule does not).
func (s Schedule) Validate() error {
	switch v := s.variant.(type) {
	case nil:
		return invalid("", nil, "empty schedule (want an interval, cron or rrule schedule)")
	case IntervalSchedule:
		if v.Interval <= 0 {
			return invalid("interval", v.Interval, fmt.Sprintf("the interval must be positive (got %s)", time.Duration(v.Interval)))
		}
		return validateOptionalTimezone(v.Timezone)
	case CronSchedule:
		if v.Cron == "" {
			return invalid("cron", v.Cron, "empty cron string")
		}
		if err := ValidateCron(v.Cron); err != nil {
			return err
		}
		return validateOptionalTimezone(v.Timezone)
	case RRuleSchedule:
		if v.RRule == "" {
			return invalid("rrule", v.RRule, "empty rrule string")
		}
		if err := ValidateRRule(v.RRule); err != nil {
			return err
		}
		return ValidateTimezone(v.EffectiveTimezone())
	}
	return nil
}

// validateOptionalTimezone checks a set, non-empty timezone.
func validateOptionalTimezone(tz *string) error {
	if tz == nil || *tz == "" {
		return nil
	}
	return ValidateTimezone(*tz)
}
