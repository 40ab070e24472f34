-- Least privilege in the database (issue 24).
--
-- 1. The worker role (V6, V13, V16) saw every row of the tables it searches (USING (true)), and so did every login
-- that is a member of it, such as the owner that ran V6 (a non-superuser owner without claims saw every tenant's
-- schedules, whole, since it owns them, and could delete any tenant's events). Each policy now holds only for a
-- session that has switched to the worker role (current_user), not for a login that merely inherits it, and admits
-- only the rows its background job looks for; the columns it may read are still only those V6/V13/V16 grant.
--   dispatch (DueItemDispatch): running or completing schedules, and their scheduled items not yet announced
--   the abandoned-run sweep (OptimizationService): optimizing or canceling schedules, and running runs
--   webhook delivery (WebhookDeliveries): pending deliveries
--   event retention (EventRetention): events at least an hour old (the shortest retention allowed)
--   recommendation retention (RecommendedSlotRetention): unaccepted slots whose time has passed
DROP POLICY worker_discovery ON content_calendar;
CREATE POLICY worker_discovery ON content_calendar FOR SELECT TO ${app_role}_worker
    USING (current_user = '${app_role}_worker' AND status IN ('running', 'completing', 'optimizing', 'canceling'));

DROP POLICY worker_discovery ON content_schedule_items;
CREATE POLICY worker_discovery ON content_schedule_items FOR SELECT TO ${app_role}_worker
    USING (current_user = '${app_role}_worker' AND status = 'scheduled' AND due_emitted_at IS NULL);

DROP POLICY worker_discovery ON webhook_deliveries;
CREATE POLICY worker_discovery ON webhook_deliveries FOR SELECT TO ${app_role}_worker
    USING (current_user = '${app_role}_worker' AND state = 'pending');

DROP POLICY worker_discovery ON optimization_runs;
CREATE POLICY worker_discovery ON optimization_runs FOR SELECT TO ${app_role}_worker
    USING (current_user = '${app_role}_worker' AND status = 'running');

DROP POLICY worker_discovery ON schedule_events;
CREATE POLICY worker_discovery ON schedule_events FOR SELECT TO ${app_role}_worker
    USING (current_user = '${app_role}_worker' AND created_at < now() - interval '1 hour');
DROP POLICY worker_retention ON schedule_events;
CREATE POLICY worker_retention ON schedule_events FOR DELETE TO ${app_role}_worker
    USING (current_user = '${app_role}_worker' AND created_at < now() - interval '1 hour');

DROP POLICY worker_discovery ON recommended_schedule_slots;
CREATE POLICY worker_discovery ON recommended_schedule_slots FOR SELECT TO ${app_role}_worker
    USING (current_user = '${app_role}_worker' AND accepted_item_id IS NULL AND expires_at < now());
DROP POLICY worker_retention ON recommended_schedule_slots;
CREATE POLICY worker_retention ON recommended_schedule_slots FOR DELETE TO ${app_role}_worker
    USING (current_user = '${app_role}_worker' AND accepted_item_id IS NULL AND expires_at < now());

-- 2. The tenant of the caller. V11 read the plain setting request.primetime.tenant before the claims, and any
-- session can set any setting: a session that may read the tables (Supabase's Data API roles, say, should they be
-- granted them) could name any tenant with it. The setting is now believed only from the service's own roles, which
-- set it from the verified claims in the same statement (TenantTransactions); everyone else gets the tenant from the
-- claims, as PostgREST sets them. Still one expression, so it is inlined into every statement (V15).
CREATE OR REPLACE FUNCTION primetime_tenant_id() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT coalesce(
        CASE WHEN current_user IN ('${app_role}', '${app_role}_worker')
             THEN nullif(current_setting('request.primetime.tenant', true), '') END,
        nullif(coalesce(
            nullif(current_setting('request.jwt.claims', true), '')::jsonb -> 'app_metadata' ->> 'tenant_id',
            nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub'), ''))
$$;
