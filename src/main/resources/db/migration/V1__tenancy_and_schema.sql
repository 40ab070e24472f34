-- Primetime schema. Tenant isolation is row level security: every tenant-owned table has a tenant_id,
-- ENABLE + FORCE ROW LEVEL SECURITY and a policy that compares it with the caller's claims, read from
-- current_setting('request.jwt.claims', true) exactly as Supabase/PostgREST set them. Requests run as
-- ${app_role}, a role without BYPASSRLS, so a query that forgets WHERE tenant_id still sees one tenant.

-- The role requests switch to. Roles are cluster-wide: another database on the same server may have
-- created it already (tests create one database per run).
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${app_role}') THEN
        CREATE ROLE ${app_role} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END
$$;
-- The connecting user must be a member to SET ROLE to it (a no-op notice for superusers).
GRANT ${app_role} TO CURRENT_USER;

-- Supabase has auth.uid() and auth.jwt(); plain PostgreSQL gets compatible ones, created only when absent.
CREATE SCHEMA IF NOT EXISTS auth;
DO $$
BEGIN
    IF to_regprocedure('auth.jwt()') IS NULL THEN
        CREATE FUNCTION auth.jwt() RETURNS jsonb LANGUAGE sql STABLE AS
        $f$ SELECT coalesce(nullif(current_setting('request.jwt.claims', true), '')::jsonb, '{}'::jsonb) $f$;
    END IF;
    IF to_regprocedure('auth.uid()') IS NULL THEN
        CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS
        $f$ SELECT CASE WHEN sub ~* '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$' THEN sub::uuid END
            FROM (SELECT coalesce(nullif(current_setting('request.jwt.claim.sub', true), ''),
                                  nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub') AS sub) s $f$;
    END IF;
END
$$;
GRANT USAGE ON SCHEMA auth TO ${app_role};

-- The tenant of the caller: app_metadata.tenant_id when the token has one (an organisation), else sub.
CREATE FUNCTION primetime_tenant_id() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT nullif(coalesce(c -> 'app_metadata' ->> 'tenant_id', c ->> 'sub'), '')
    FROM (SELECT nullif(current_setting('request.jwt.claims', true), '')::jsonb AS c) claims
$$;

CREATE TABLE content_calendar (
    id                        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id                 text NOT NULL DEFAULT primetime_tenant_id(),
    title                     text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    description               text,
    timezone                  text NOT NULL,
    status                    text NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'running', 'optimizing', 'completing', 'completed',
                          'canceling', 'canceled', 'failed')),
    -- where an optimizing schedule returns when the run ends
    status_before_optimizing  text CHECK (status_before_optimizing IN ('pending', 'running')),
    metadata                  jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(metadata) = 'object'),
    video_job_id              text,
    bulk_job_id               text,
    failure_reason            text,
    version                   integer NOT NULL DEFAULT 1,
    created_at                timestamptz NOT NULL,
    updated_at                timestamptz NOT NULL
);
CREATE INDEX content_calendar_tenant_created ON content_calendar (tenant_id, created_at, id);
CREATE INDEX content_calendar_tenant_status ON content_calendar (tenant_id, status);

CREATE TABLE content_schedule_items (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id         text NOT NULL DEFAULT primetime_tenant_id(),
    schedule_id       uuid NOT NULL REFERENCES content_calendar (id) ON DELETE CASCADE,
    content_id        text NOT NULL,
    platform          text NOT NULL,
    content_type      text,
    scheduled_time    timestamptz,
    earliest_time     timestamptz,
    latest_time       timestamptz,
    priority          integer NOT NULL DEFAULT 0,
    pinned            boolean NOT NULL DEFAULT false,
    status            text NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'scheduled', 'published', 'skipped', 'failed')),
    metadata          jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(metadata) = 'object'),
    external_post_id  text,
    external_url      text,
    error             text,
    version           integer NOT NULL DEFAULT 1,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    CHECK (earliest_time IS NULL OR latest_time IS NULL OR earliest_time <= latest_time)
);
CREATE INDEX content_schedule_items_schedule ON content_schedule_items (tenant_id, schedule_id, scheduled_time, id);
CREATE INDEX content_schedule_items_due ON content_schedule_items (status, scheduled_time);

-- Global heuristics, the same for every tenant: no tenant_id, readable by everyone, written by migrations.
CREATE TABLE platform_timing_data (
    platform                 text NOT NULL,
    content_type             text NOT NULL,
    platform_display_name    text NOT NULL,
    content_type_name        text NOT NULL,
    best_times               text NOT NULL,
    frequency                text NOT NULL,
    -- [{"days": ["mon", ...], "start": "15:00", "end": "17:00", "weight": 1.0}] in the audience's local time
    posting_windows          jsonb NOT NULL,
    min_per_week             integer NOT NULL,
    max_per_week             integer NOT NULL,
    min_spacing_minutes      integer NOT NULL,
    sort_order               integer NOT NULL,
    PRIMARY KEY (platform, content_type)
);

CREATE TABLE recommended_schedule_slots (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id     text NOT NULL DEFAULT primetime_tenant_id(),
    platform      text NOT NULL,
    content_type  text,
    slot_time     timestamptz NOT NULL,
    timezone      text NOT NULL,
    score         double precision NOT NULL,
    confidence    double precision NOT NULL CHECK (confidence BETWEEN 0 AND 1),
    reason        text NOT NULL,
    generated_at  timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL
);
CREATE INDEX recommended_schedule_slots_lookup ON recommended_schedule_slots (tenant_id, platform, slot_time);

CREATE TABLE performance_kpi_events (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id           text NOT NULL DEFAULT primetime_tenant_id(),
    external_event_id   text,
    schedule_id         uuid,
    item_id             uuid,
    platform            text NOT NULL,
    content_type        text,
    published_at        timestamptz NOT NULL,
    observed_at         timestamptz NOT NULL,
    impressions         bigint NOT NULL DEFAULT 0 CHECK (impressions >= 0),
    views               bigint NOT NULL DEFAULT 0 CHECK (views >= 0),
    likes               bigint NOT NULL DEFAULT 0 CHECK (likes >= 0),
    comments            bigint NOT NULL DEFAULT 0 CHECK (comments >= 0),
    shares              bigint NOT NULL DEFAULT 0 CHECK (shares >= 0),
    saves               bigint NOT NULL DEFAULT 0 CHECK (saves >= 0),
    clicks              bigint NOT NULL DEFAULT 0 CHECK (clicks >= 0),
    watch_time_seconds  double precision NOT NULL DEFAULT 0 CHECK (watch_time_seconds >= 0),
    metadata            jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at          timestamptz NOT NULL,
    UNIQUE (tenant_id, external_event_id)
);
CREATE INDEX performance_kpi_events_history ON performance_kpi_events (tenant_id, platform, published_at);

CREATE TABLE optimization_trials (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id    text NOT NULL DEFAULT primetime_tenant_id(),
    schedule_id  uuid REFERENCES content_calendar (id) ON DELETE SET NULL,
    name         text NOT NULL,
    status       text NOT NULL,
    metric       text NOT NULL,
    variants     jsonb NOT NULL,
    results      jsonb NOT NULL DEFAULT '{}'::jsonb,
    winner       text,
    started_at   timestamptz,
    ended_at     timestamptz,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);
CREATE INDEX optimization_trials_tenant ON optimization_trials (tenant_id, created_at, id);

-- Stripe-style idempotency: the first response to (tenant, key) is kept for 24 hours and replayed.
CREATE TABLE idempotency_keys (
    tenant_id         text NOT NULL DEFAULT primetime_tenant_id(),
    idempotency_key   text NOT NULL,
    method            text NOT NULL,
    path              text NOT NULL,
    request_hash      text NOT NULL,
    response_status   integer,
    response_body     text,
    created_at        timestamptz NOT NULL,
    expires_at        timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, idempotency_key)
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);

-- Every change, for real-time delivery and catch-up after a reconnect.
CREATE TABLE schedule_events (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id    text NOT NULL DEFAULT primetime_tenant_id(),
    schedule_id  uuid,
    item_id      uuid,
    event_type   text NOT NULL,
    payload      jsonb NOT NULL,
    created_at   timestamptz NOT NULL
);
CREATE INDEX schedule_events_tenant ON schedule_events (tenant_id, id);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['content_calendar', 'content_schedule_items', 'recommended_schedule_slots',
                             'performance_kpi_events', 'optimization_trials', 'idempotency_keys',
                             'schedule_events']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = (SELECT primetime_tenant_id())) '
                       'WITH CHECK (tenant_id = (SELECT primetime_tenant_id()))', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO ${app_role}', t);
    END LOOP;
END
$$;
GRANT SELECT ON platform_timing_data TO ${app_role};
GRANT EXECUTE ON FUNCTION primetime_tenant_id() TO ${app_role};
