-- Issue 21: a tenant's posting queue per platform, weekly wall-clock slots in the queue's zone. An item placed by
-- queue takes the earliest of its future slots that no live item of the tenant on that platform occupies.
CREATE TABLE posting_queues (
    tenant_id     text NOT NULL DEFAULT primetime_tenant_id(),
    platform      text NOT NULL,
    timezone      text NOT NULL,
    content_type  text,
    -- [{"day": "tue", "time": "10:00"}, ...] in timezone's wall clock, sorted, distinct, 1 to 100 of them
    slots         jsonb NOT NULL CHECK (jsonb_typeof(slots) = 'array' AND jsonb_array_length(slots) BETWEEN 1 AND 100),
    version       integer NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, platform)
);
ALTER TABLE posting_queues ENABLE ROW LEVEL SECURITY;
ALTER TABLE posting_queues FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON posting_queues
    USING (tenant_id = (SELECT primetime_tenant_id()))
    WITH CHECK (tenant_id = (SELECT primetime_tenant_id()));
GRANT SELECT, INSERT, UPDATE, DELETE ON posting_queues TO ${app_role};
