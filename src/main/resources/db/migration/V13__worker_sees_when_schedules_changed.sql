-- The sweep that recovers optimization runs whose instance stopped (OptimizationService) finds, across tenants,
-- schedules that have been optimizing for longer than any run lasts; for that the worker role reads when a
-- schedule last changed, still without its content.
GRANT SELECT (updated_at) ON content_calendar TO ${app_role}_worker;
GRANT SELECT (id, tenant_id, schedule_id, status, updated_at) ON optimization_runs TO ${app_role}_worker;
CREATE POLICY worker_discovery ON optimization_runs FOR SELECT TO ${app_role}_worker USING (true);
