-- Issue 18: history is read in the audience's time zone when the model is fitted, not filed under an hour of the
-- week when it arrives; outcomes per objective need the reach of a post; history comes in bulk from analytics exports.

-- Per tenant: the audience's zone (one for all platforms, optionally one per platform) and the objective the
-- recommendations and the optimizer rank by. One row per tenant, absent until the first PUT /settings.
CREATE TABLE tenant_settings (
    tenant_id                   text PRIMARY KEY DEFAULT primetime_tenant_id(),
    audience_timezone           text,
    -- {"instagram": "Asia/Kolkata", ...}: per platform, over audience_timezone
    platform_audience_timezones jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(platform_audience_timezones) = 'object'),
    objective                   text CHECK (objective IN ('interactions', 'engagement_rate', 'views', 'watch_time_seconds')),
    version                     integer NOT NULL DEFAULT 1,
    updated_at                  timestamptz NOT NULL
);
ALTER TABLE tenant_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant_settings
    USING (tenant_id = (SELECT primetime_tenant_id()))
    WITH CHECK (tenant_id = (SELECT primetime_tenant_id()));
GRANT SELECT, INSERT, UPDATE, DELETE ON tenant_settings TO ${app_role};

-- reach: how many people saw a post (engagement_rate divides by it); the wide column keeps both views of a row adding up
ALTER TABLE performance_kpi_events DROP CONSTRAINT IF EXISTS performance_kpi_events_metric_check;
ALTER TABLE performance_kpi_events ADD CONSTRAINT performance_kpi_events_metric_check
    CHECK (metric IN ('impressions', 'views', 'likes', 'comments', 'shares', 'saves', 'clicks', 'watch_time_seconds',
                      'reach'));
ALTER TABLE performance_kpi_events ADD COLUMN reach bigint NOT NULL DEFAULT 0 CHECK (reach >= 0);

-- From now on timezone (and hour_of_week) are set only when the event itself named its audience's zone: the model
-- reads every other event's instant in the audience's zone when it fits. Rows written before kept the zone they were
-- given by default then; they cannot be told apart from named ones, so they keep acting as named.
COMMENT ON COLUMN performance_kpi_events.timezone IS
    'The zone the event named for its audience (overrides the tenant''s audience zone for this post); NULL: read in the audience''s zone at fit time';

-- Imports of analytics exports (POST /kpi-events/import): one row per import, written in its own transactions while
-- the import runs, so GET /kpi-events/imports/{id} shows its progress before the import's own transaction commits.
CREATE TABLE kpi_imports (
    id             uuid PRIMARY KEY,
    tenant_id      text NOT NULL DEFAULT primetime_tenant_id(),
    preset         text NOT NULL,
    dry_run        boolean NOT NULL,
    status         text NOT NULL CHECK (status IN ('running', 'completed', 'rejected', 'failed')),
    rows_read      bigint NOT NULL DEFAULT 0,
    events_read    bigint NOT NULL DEFAULT 0,
    events_stored  bigint NOT NULL DEFAULT 0,
    duplicates     bigint NOT NULL DEFAULT 0,
    bad_rows       bigint NOT NULL DEFAULT 0,
    -- the first bad rows, "row 17: published_at: ..."
    errors         jsonb NOT NULL DEFAULT '[]'::jsonb,
    started_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    finished_at    timestamptz,
    CONSTRAINT kpi_imports_finished CHECK ((status = 'running') = (finished_at IS NULL))
);
CREATE INDEX kpi_imports_listing ON kpi_imports (tenant_id, started_at, id);
ALTER TABLE kpi_imports ENABLE ROW LEVEL SECURITY;
ALTER TABLE kpi_imports FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON kpi_imports
    USING (tenant_id = (SELECT primetime_tenant_id()))
    WITH CHECK (tenant_id = (SELECT primetime_tenant_id()));
GRANT SELECT, INSERT, UPDATE, DELETE ON kpi_imports TO ${app_role};
