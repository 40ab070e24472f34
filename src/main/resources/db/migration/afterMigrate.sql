-- Run by Flyway after every migrate, as the login that migrates (the owner of the service's objects).

-- 1. The runtime login. The service's connections (DATABASE_URL) switch to the app role for each request and to the
-- worker role for background searches, so that login must be a member of both. When it is not the login that
-- migrates (the documented production setup: DATABASE_MIGRATION_URL owns, DATABASE_URL only uses), the owner keeps
-- no membership: it needs none to own and migrate, and a member is subject to the roles' policies, so it would see
-- whatever the worker sees. runtime_login is the runtime pool's own login (empty: the same login as this one). It
-- also reads the platform catalog's shared reference data itself (PlatformCatalog, outside any tenant transaction).
DO $$
DECLARE
    login text := nullif('${runtime_login}', '');
    r text;
BEGIN
    IF login IS NOT NULL AND login <> current_user AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = login) THEN
        FOREACH r IN ARRAY ARRAY['${app_role}', '${app_role}_worker'] LOOP
            IF NOT EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                           JOIN pg_roles u ON u.oid = m.member WHERE g.rolname = r AND u.rolname = login) THEN
                EXECUTE format('GRANT %I TO %I', r, login);
            END IF;
            -- the membership V1/V6 granted it (PostgreSQL 16+ also keeps the one CREATEROLE gives a role's creator,
            -- without INHERIT or SET, which the owner cannot revoke and which gives it nothing)
            IF EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                       JOIN pg_roles u ON u.oid = m.member
                       WHERE g.rolname = r AND u.rolname = current_user AND m.grantor = u.oid) THEN
                EXECUTE format('REVOKE %I FROM %I', r, current_user);
            END IF;
        END LOOP;
        EXECUTE format('GRANT SELECT ON TABLE platform_timing_data, platforms, platform_aliases TO %I', login);
    END IF;
END
$$;

-- 2. The service's functions. PostgreSQL lets every role (PUBLIC) execute a new function; the service's roles are
-- the only callers these need (a trigger function needs no EXECUTE to fire).
REVOKE ALL ON FUNCTION primetime_tenant_id() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION primetime_tenant_id() TO ${app_role}, ${app_role}_worker;
REVOKE ALL ON FUNCTION schedule_events_number() FROM PUBLIC;

-- 3. Supabase exposes its public schema through the Data API as the anon and authenticated roles, and by default
-- privileges grants those roles everything on new tables, sequences and functions there. Row level security would
-- hold, but a tenant's user could still read and write its own rows past the service (skip the state machines,
-- rewrite the event log, queue webhook bodies the service then signs), set schedule_events' identity sequence
-- back under the service's numbering, or call its functions. The service is the only way in: those roles hold
-- nothing on its tables, their sequences or its functions, and the default privileges of the login that migrates
-- no longer give them what it creates next. Plain PostgreSQL has no such roles: nothing to do. A new table goes in
-- this list (DataApiRolesIntegrationTest fails until it does). Supabase's service_role is left alone: it has
-- BYPASSRLS and its key is the project's master key (see docs/SECURITY.md).
DO $$
DECLARE
    tables text[] := ARRAY['content_calendar', 'content_schedule_items', 'recommended_schedule_slots',
                           'performance_kpi_events', 'optimization_trials', 'optimization_trial_assignments',
                           'optimization_runs', 'idempotency_keys', 'schedule_events', 'tenant_event_counters',
                           'webhook_deliveries', 'tenant_settings', 'kpi_imports', 'posting_queues',
                           'platform_timing_data', 'platforms', 'platform_aliases', 'flyway_schema_history'];
    r text;
    t text;
    s text;
BEGIN
    FOREACH r IN ARRAY ARRAY['anon', 'authenticated'] LOOP
        -- the service's own role (app_role) may be one of them on a deployment that chose so: it keeps its grants
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) AND r <> '${app_role}' THEN
            FOREACH t IN ARRAY tables LOOP
                IF to_regclass(t) IS NOT NULL THEN
                    EXECUTE format('REVOKE ALL ON TABLE %I FROM %I', t, r);
                END IF;
            END LOOP;
            -- the sequences the tables own (schedule_events' identity)
            FOR s IN SELECT seq.oid::regclass::text
                     FROM pg_class seq
                     JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = seq.oid
                                     AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
                     JOIN pg_class tab ON tab.oid = d.refobjid
                     WHERE seq.relkind = 'S' AND tab.relname = ANY (tables)
                       AND tab.relnamespace = current_schema()::regnamespace LOOP
                EXECUTE format('REVOKE ALL ON SEQUENCE %s FROM %I', s, r);
            END LOOP;
            EXECUTE format('REVOKE ALL ON FUNCTION primetime_tenant_id(), schedule_events_number() FROM %I', r);
            EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA %I REVOKE ALL ON TABLES FROM %I',
                           current_user, current_schema(), r);
            EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA %I REVOKE ALL ON SEQUENCES FROM %I',
                           current_user, current_schema(), r);
            EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA %I REVOKE ALL ON FUNCTIONS FROM %I',
                           current_user, current_schema(), r);
        END IF;
    END LOOP;
END
$$;
