-- A/B trials (issue 5): what a trial compares and how it decides, and which post went into which variant.
-- The posteriors are computed on read from performance_kpi_events joined with the assignments, so a KPI event
-- counts for a trial the moment it is stored and nothing has to be kept in step.
ALTER TABLE optimization_trials
    ADD COLUMN platform              text,
    ADD COLUMN content_type          text,
    ADD COLUMN allocation            text CHECK (allocation IN ('thompson', 'uniform')),
    ADD COLUMN min_posts_per_variant integer CHECK (min_posts_per_variant >= 1),
    ADD COLUMN min_lift              double precision CHECK (min_lift > 0),
    ADD COLUMN seed                  bigint;
ALTER TABLE optimization_trials ADD CONSTRAINT optimization_trials_status
    CHECK (status IN ('running', 'stopped', 'concluded'));

CREATE TABLE optimization_trial_assignments (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id    text NOT NULL DEFAULT primetime_tenant_id(),
    trial_id     uuid NOT NULL REFERENCES optimization_trials (id) ON DELETE CASCADE,
    variant      text NOT NULL,
    -- a schedule item, or a post known only by its content id on the trial's platform
    item_id      uuid,
    content_id   text,
    assigned_at  timestamptz NOT NULL,
    CONSTRAINT optimization_trial_assignments_one_post CHECK ((item_id IS NULL) <> (content_id IS NULL))
);
CREATE UNIQUE INDEX optimization_trial_assignments_item ON optimization_trial_assignments (trial_id, item_id)
    WHERE item_id IS NOT NULL;
CREATE UNIQUE INDEX optimization_trial_assignments_content ON optimization_trial_assignments (trial_id, content_id)
    WHERE content_id IS NOT NULL;
CREATE INDEX performance_kpi_events_item ON performance_kpi_events (item_id) WHERE item_id IS NOT NULL;

ALTER TABLE optimization_trial_assignments ENABLE ROW LEVEL SECURITY;
ALTER TABLE optimization_trial_assignments FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON optimization_trial_assignments
    USING (tenant_id = (SELECT primetime_tenant_id()))
    WITH CHECK (tenant_id = (SELECT primetime_tenant_id()));
GRANT SELECT, INSERT, UPDATE, DELETE ON optimization_trial_assignments TO ${app_role};
