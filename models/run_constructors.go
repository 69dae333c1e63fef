package models

// NewFlowRun returns a flow run of the flow flowID named name (empty: the
// hooks give it a two-word slug on create). It is the short form of the
// literal
//
//	models.FlowRun{FlowID: flowID, Run: models.Run{Name: name}}
//
// (Name and the other columns shared with task runs live in the embedded
// Run, which a composite literal must name; after construction they are
// promoted, run.Name = "…" works).
func NewFlowRun(flowID UUID, name string) FlowRun {
	return FlowRun{FlowID: flowID, Run: Run{Name: name}}
}

// NewTaskRun returns a task run of the flow run flowRunID with the given
// task key, dynamic key and name (empty: a two-word slug on create), the
// short form of
//
//	models.TaskRun{FlowRunID: &flowRunID, TaskKey: taskKey,
//		DynamicKey: dynamicKey, Run: models.Run{Name: name}}
func NewTaskRun(flowRunID UUID, taskKey, dynamicKey, name string) TaskRun {
	return TaskRun{FlowRunID: &flowRunID, TaskKey: taskKey, DynamicKey: dynamicKey, Run: Run{Name: name}}
}
