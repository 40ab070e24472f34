-- Optimization runs answered with 202 (issue 5): one row per asynchronous run, so GET /optimize/{run_id} reads the
-- status, the best objective found so far and, once finished, the same body a synchronous run returns. A cancel
-- (DELETE) is recorded here first, so the instance solving the run sees it whichever instance received it.
CREATE TABLE optimization_runs (
    id                  uuid PRIMARY KEY,
    tenant_id           text NOT NULL DEFAULT primetime_tenant_id(),
    schedule_id         uuid NOT NULL REFERENCES content_calendar (id) ON DELETE CASCADE,
    status              text NOT NULL CHECK (status IN ('running', 'completed', 'canceled', 'failed')),
    time_limit_ms       bigint NOT NULL,
    objective_before    double precision NOT NULL,
    best_score          text,
    best_objective      double precision,
    -- set by DELETE; apply_partial says whether the best solution so far is written
    cancel_requested_at timestamptz,
    apply_partial       boolean,
    -- the 200 body of a synchronous run, once the run has written (or chosen not to write) its times
    result              jsonb,
    -- {"error_code", "error_message", "error_class"} when the run ended without a result
    error               jsonb,
    started_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    finished_at         timestamptz,
    CONSTRAINT optimization_runs_finished CHECK ((status = 'running') = (finished_at IS NULL))
);
CREATE INDEX optimization_runs_schedule ON optimization_runs (tenant_id, schedule_id, started_at);

ALTER TABLE optimization_runs ENABLE ROW LEVEL SECURITY;
ALTER TABLE optimization_runs FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON optimization_runs
    USING (tenant_id = (SELECT primetime_tenant_id()))
    WITH CHECK (tenant_id = (SELECT primetime_tenant_id()));
GRANT SELECT, INSERT, UPDATE, DELETE ON optimization_runs TO ${app_role};
