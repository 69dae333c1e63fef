-- Version 0011_remove_flow_run_notifications (PostgreSQL), frozen: Prefect's Alembic revision 4160a4841eed
-- (Prefect 3.4.0): turns every flow run notification policy into an
-- automation (trigger and actions as Prefect's migration builds them), then
-- drops flow_run_notification_queue and flow_run_notification_policy.
-- Never edit this file: later schema changes are new versions. Statements
-- end with a semicolon at the end of a line.
-- alembic: 4160a4841eed

INSERT INTO automation (name, description, enabled, trigger, actions)
SELECT
	'Flow Run State Change Notification',
	'Migrated from a flow run notification policy',
	p.is_active,
	jsonb_build_object(
		'id', gen_random_uuid()::text,
		'type', 'event',
		'after', '[]'::jsonb,
		'match', jsonb_build_object('prefect.resource.id', 'prefect.flow-run.*'),
		'expect', CASE WHEN jsonb_array_length(p.state_names) > 0
			THEN (SELECT jsonb_agg(s.event ORDER BY s.first) FROM (
				SELECT 'prefect.flow-run.' || e.name AS event, min(e.n) AS first
				FROM jsonb_array_elements_text(p.state_names) WITH ORDINALITY AS e(name, n)
				GROUP BY 1) s)
			ELSE jsonb_build_array('prefect.flow-run.*') END,
		'within', 10,
		'posture', 'Reactive',
		'for_each', jsonb_build_array('prefect.resource.id'),
		'threshold', 1,
		'match_related', CASE WHEN jsonb_array_length(p.tags) > 0
			THEN jsonb_build_object(
				'prefect.resource.id', (SELECT jsonb_agg('prefect.tag.' || t.tag ORDER BY t.n) FROM jsonb_array_elements_text(p.tags) WITH ORDINALITY AS t(tag, n)),
				'prefect.resource.role', 'tag')
			ELSE '{}'::jsonb END
	),
	jsonb_build_array(jsonb_build_object(
		'body', CASE WHEN p.message_template IS NULL OR p.message_template = '' THEN '
Flow run {{ flow.name }}/{{ flow_run.name }} observed in state `{{ flow_run.state.name }}` at {{ flow_run.state.timestamp }}.
Flow ID: {{ flow_run.flow_id }}
Flow run ID: {{ flow_run.id }}
Flow run URL: {{ flow_run|ui_url }}
State message: {{ flow_run.state.message }}
'
		ELSE replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(p.message_template, '{{', chr(1)), '}}', chr(2)), '{flow_run_notification_policy_id}', 'Event ID {{ event.id }}'), '{flow_id}', '{{ flow.id }}'), '{flow_name}', '{{ flow.name }}'), '{flow_run_url}', '{{ flow_run|ui_url }}'), '{flow_run_id}', '{{ flow_run.id }}'), '{flow_run_name}', '{{ flow_run.name }}'), '{flow_run_parameters}', '{{ flow_run.parameters }}'), '{flow_run_state_type}', '{{ flow_run.state.type }}'), '{flow_run_state_name}', '{{ flow_run.state.name }}'), '{flow_run_state_timestamp}', '{{ flow_run.state.timestamp }}'), '{flow_run_state_message}', '{{ flow_run.state.message }}'), chr(1), '{'), chr(2), '}') END,
		'type', 'send-notification',
		'subject', 'Prefect flow run notification',
		'block_document_id', p.block_document_id::text
	))
FROM flow_run_notification_policy p
ORDER BY p.created, p.id;
DELETE FROM flow_run_notification_policy;
DROP TABLE flow_run_notification_queue;
DROP TABLE flow_run_notification_policy;
UPDATE alembic_version SET version_num = '4160a4841eed';
