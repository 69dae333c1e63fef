package dialects_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/internal/coltype"
	"github.com/prefectorm/prefectorm/models"
)

// hotFixture is the scripted data set of the hot-path suite: flow runs and
// task runs in every state with start times, expected and next scheduled
// times (ties included), logs and events with several resources. The
// expected results are computed from these Go values.
type hotFixture struct {
	flows       []models.Flow
	deployments []models.Deployment
	flowRuns    []models.FlowRun
	taskRuns    []models.TaskRun
	logs        []models.Log
	events      []models.Event
	resources   []models.EventResource
}

var allStateTypes = func() []models.StateType {
	var out []models.StateType
	for _, l := range coltype.StateType.Labels {
		out = append(out, models.StateType(l))
	}
	return out
}()

func stateTitle(t models.StateType) string {
	s := strings.ToLower(string(t))
	return strings.ToUpper(s[:1]) + s[1:]
}

func newHotFixture() *hotFixture {
	f := &hotFixture{}
	for i := range 4 { // flow 3 has no runs
		f.flows = append(f.flows, models.Flow{Base: models.Base{ID: uid("hot-flow", i)}, Name: fmt.Sprintf("hot-flow-%d", i)})
	}
	for i := range 2 {
		f.deployments = append(f.deployments, models.Deployment{Base: models.Base{ID: uid("hot-deployment", i)},
			Name: fmt.Sprintf("hot-deployment-%d", i), FlowID: f.flows[i].ID})
	}
	for i := range 63 {
		st := allStateTypes[i%len(allStateTypes)]
		run := models.FlowRun{Base: models.Base{ID: uid("hot-flow-run", i)}, FlowID: f.flows[(i+i/9)%3].ID}
		run.Name = fmt.Sprintf("hot-run-%d", i)
		if i%5 != 0 {
			run.DeploymentID = &f.deployments[i%2].ID
		}
		if i%11 != 10 { // a few runs without a state
			run.StateType = st.Ptr()
			name := stateTitle(st)
			run.StateName = &name
		}
		expected := ms(time.Duration(i)*7*time.Minute + time.Duration(i%3)*1500*time.Millisecond)
		if i%13 != 12 {
			run.ExpectedStartTime = ts(expected)
		}
		switch st {
		case models.StateScheduled, models.StatePending:
		default:
			if i%7 != 6 {
				run.StartTime = ts(expected.Add(time.Duration(i%4) * 250 * time.Millisecond))
			}
		}
		if st == models.StateScheduled {
			run.NextScheduledStartTime = ts(ms(time.Duration((i*37)%17) * time.Minute))
			if i == 36 {
				run.NextScheduledStartTime = nil
			}
		}
		run.TotalRunTime = models.Interval(time.Duration(i) * time.Second)
		if run.StateType != nil {
			run.StateTimestamp = ts(expected.Add(3 * time.Minute))
		}
		f.flowRuns = append(f.flowRuns, run)
	}
	// Two scheduled runs of flow 0 tie on the next scheduled time.
	f.flowRuns[0].NextScheduledStartTime = ts(ms(-time.Hour))
	f.flowRuns[27].NextScheduledStartTime = ts(ms(-time.Hour))
	for i := range 90 {
		st := allStateTypes[(i*5)%len(allStateTypes)]
		tr := models.NewTaskRun(f.flowRuns[i%63].ID, fmt.Sprintf("task-%d", i), "0", fmt.Sprintf("task-%d", i))
		tr.ID = uid("hot-task-run", i)
		if i%8 != 7 {
			tr.StateType = st.Ptr()
		}
		if i%6 != 5 {
			tr.StartTime = ts(ms(time.Duration(i)*3*time.Minute + time.Duration(i*13)*time.Millisecond))
		}
		f.taskRuns = append(f.taskRuns, tr)
	}
	for i := range 40 {
		run := f.flowRuns[0].ID
		if i%4 == 3 {
			run = f.flowRuns[1].ID
		}
		f.logs = append(f.logs, models.Log{Base: models.Base{ID: uid("hot-log", i)}, Name: "prefect.flow_runs", Level: 10 * (1 + i%5),
			FlowRunID: &run, Message: fmt.Sprintf("line %d", i), Timestamp: *ts(ms(time.Duration(i/3) * time.Second))})
	}
	for i := range 45 {
		id := uid("hot-event", i)
		occurred := *ts(ms(time.Duration(i/2) * time.Minute))
		primary := fmt.Sprintf("prefect.flow-run.%d", i%5)
		related := fmt.Sprintf("prefect.deployment.%d", i%3)
		f.events = append(f.events, models.Event{Base: models.Base{ID: id}, Occurred: occurred, Event: fmt.Sprintf("prefect.flow-run.%s", []string{"Running", "Completed"}[i%2]),
			ResourceID: primary, Resource: models.NewJSON(map[string]string{"prefect.resource.id": primary}),
			RelatedResourceIDs: models.NewJSON([]string{related}),
			Related:            models.NewJSON([]map[string]string{{"prefect.resource.id": related, "prefect.resource.role": "deployment"}}),
			Payload:            models.NewJSON(map[string]any{}), Received: occurred, Recorded: occurred})
		f.resources = append(f.resources,
			models.EventResource{Base: models.Base{ID: uid("hot-resource", 2*i)}, Occurred: occurred, ResourceID: primary, ResourceRole: "",
				Resource: models.NewPlainJSON(map[string]string{}), EventID: id},
			models.EventResource{Base: models.Base{ID: uid("hot-resource", 2*i+1)}, Occurred: occurred, ResourceID: related, ResourceRole: "deployment",
				Resource: models.NewPlainJSON(map[string]string{}), EventID: id})
	}
	return f
}

func (f *hotFixture) insert(t testing.TB, db *gorm.DB) {
	t.Helper()
	for _, rows := range []any{&f.flows, &f.deployments, &f.flowRuns, &f.taskRuns, &f.logs, &f.events, &f.resources} {
		if err := db.CreateInBatches(rows, 50).Error; err != nil {
			t.Fatalf("insert %T: %v", rows, err)
		}
	}
}

func cmpUUID(a, b models.UUID) int { return bytes.Compare(a[:], b[:]) }
