-- Version 0011_remove_flow_run_notifications (SQLite), frozen: Prefect's Alembic revision 7655f31c5157
-- (Prefect 3.4.0): turns every flow run notification policy into an
-- automation (trigger and actions as Prefect's migration builds them), then
-- drops flow_run_notification_queue and flow_run_notification_policy.
-- Never edit this file: later schema changes are new versions. Statements
-- end with a semicolon at the end of a line.
-- alembic: 7655f31c5157

INSERT INTO automation (name, description, enabled, trigger, actions)
SELECT
	'Flow Run State Change Notification',
	'Migrated from a flow run notification policy',
	p.is_active,
	json_object(
		'id', (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))),2) || '-' || substr('89ab',abs(random()) % 4 + 1, 1) || substr(lower(hex(randomblob(2))),2) || '-' || lower(hex(randomblob(6)))),
		'type', 'event',
		'after', json_array(),
		'match', json_object('prefect.resource.id', 'prefect.flow-run.*'),
		'expect', CASE WHEN json_array_length(p.state_names) > 0
			THEN json((SELECT json_group_array(DISTINCT 'prefect.flow-run.' || value) FROM json_each(p.state_names)))
			ELSE json_array('prefect.flow-run.*') END,
		'within', 10,
		'posture', 'Reactive',
		'for_each', json_array('prefect.resource.id'),
		'threshold', 1,
		'match_related', CASE WHEN json_array_length(p.tags) > 0
			THEN json_object(
				'prefect.resource.id', json((SELECT json_group_array('prefect.tag.' || value) FROM json_each(p.tags))),
				'prefect.resource.role', 'tag')
			ELSE json_object() END
	),
	json_array(json_object(
		'body', CASE WHEN p.message_template IS NULL OR p.message_template = '' THEN '
Flow run {{ flow.name }}/{{ flow_run.name }} observed in state `{{ flow_run.state.name }}` at {{ flow_run.state.timestamp }}.
Flow ID: {{ flow_run.flow_id }}
Flow run ID: {{ flow_run.id }}
Flow run URL: {{ flow_run|ui_url }}
State message: {{ flow_run.state.message }}
'
		ELSE replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(p.message_template, '{{', char(1)), '}}', char(2)), '{flow_run_notification_policy_id}', 'Event ID {{ event.id }}'), '{flow_id}', '{{ flow.id }}'), '{flow_name}', '{{ flow.name }}'), '{flow_run_url}', '{{ flow_run|ui_url }}'), '{flow_run_id}', '{{ flow_run.id }}'), '{flow_run_name}', '{{ flow_run.name }}'), '{flow_run_parameters}', '{{ flow_run.parameters }}'), '{flow_run_state_type}', '{{ flow_run.state.type }}'), '{flow_run_state_name}', '{{ flow_run.state.name }}'), '{flow_run_state_timestamp}', '{{ flow_run.state.timestamp }}'), '{flow_run_state_message}', '{{ flow_run.state.message }}'), char(1), '{'), char(2), '}') END,
		'type', 'send-notification',
		'subject', 'Prefect flow run notification',
		'block_document_id', p.block_document_id
	))
FROM flow_run_notification_policy p
ORDER BY p.created, p.id;
DELETE FROM flow_run_notification_policy;
DROP TABLE flow_run_notification_queue;
DROP TABLE flow_run_notification_policy;
UPDATE alembic_version SET version_num = '7655f31c5157';
