-- Run by Flyway after every migrate. Supabase exposes the tables of its public schema through its Data API as the
-- anon and authenticated roles, and by default grants those roles every privilege on new tables. Row level security
-- would hold there too, but a tenant's user could still read and write its own rows past the service: skip the
-- state machines, rewrite the event log, queue webhook bodies the service then signs. The service is the only way
-- in, so those roles hold nothing on its tables. Plain PostgreSQL has no such roles: nothing to do. A new table
-- goes in this list (DataApiRolesIntegrationTest fails until it does).
DO $$
DECLARE
    r text;
    t text;
BEGIN
    FOREACH r IN ARRAY ARRAY['anon', 'authenticated'] LOOP
        -- the service's own role (app_role) may be one of them on a deployment that chose so: it keeps its grants
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) AND r <> '${app_role}' THEN
            FOREACH t IN ARRAY ARRAY['content_calendar', 'content_schedule_items', 'recommended_schedule_slots',
                                     'performance_kpi_events', 'optimization_trials',
                                     'optimization_trial_assignments', 'optimization_runs', 'idempotency_keys',
                                     'schedule_events', 'tenant_event_counters', 'webhook_deliveries',
                                     'tenant_settings', 'kpi_imports',
                                     'platform_timing_data', 'flyway_schema_history'] LOOP
                IF to_regclass(t) IS NOT NULL THEN
                    EXECUTE format('REVOKE ALL ON TABLE %I FROM %I', t, r);
                END IF;
            END LOOP;
        END IF;
    END LOOP;
END
$$;
