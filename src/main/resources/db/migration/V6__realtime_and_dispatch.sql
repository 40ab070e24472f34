-- Real-time delivery of the event log, and dispatch of due items.

-- 1. Per-tenant event numbers, handed out at commit.
-- schedule_events.id is one identity for all tenants, and concurrent transactions commit its values out of
-- order (id 11 visible while id 10 is still in flight), so a reader that remembers "the last id I sent" could skip
-- a row forever. Each tenant's events are numbered instead (event_id) by a deferred constraint trigger, that is at
-- COMMIT, from a counter row that the committing transaction then holds until it has committed: a tenant's events
-- become visible in number order and without holes, so "every event after N" is exact for resume and live
-- delivery alike, and a socket can tell a hole from a late row. A rolled-back transaction never takes a number.
-- Because the counter is only taken at commit, after every other lock, it adds no lock-order (deadlock) risk and
-- serializes only the last moment of each commit, however long the transaction ran before.
CREATE TABLE tenant_event_counters (
    tenant_id      text PRIMARY KEY DEFAULT primetime_tenant_id(),
    last_event_id  bigint NOT NULL
);

ALTER TABLE schedule_events ADD COLUMN event_id bigint;
UPDATE schedule_events e SET event_id = n.seq
FROM (SELECT id, row_number() OVER (PARTITION BY tenant_id ORDER BY id) AS seq FROM schedule_events) n
WHERE e.id = n.id;
INSERT INTO tenant_event_counters (tenant_id, last_event_id)
SELECT tenant_id, max(event_id) FROM schedule_events GROUP BY tenant_id;
-- NULL only inside the inserting transaction, until it commits; nobody else ever sees such a row
CREATE UNIQUE INDEX schedule_events_tenant_event ON schedule_events (tenant_id, event_id);
-- retention sweeps by age
CREATE INDEX schedule_events_created ON schedule_events (created_at);

-- 2. Fan-out to every instance: NOTIFY is delivered at commit, so a listener never hears of a row it cannot read.
-- The payload is "<tenant>:<event_id>"; listeners read the rows themselves.
CREATE FUNCTION schedule_events_number() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    n bigint;
BEGIN
    INSERT INTO tenant_event_counters AS c (tenant_id, last_event_id) VALUES (NEW.tenant_id, 1)
    ON CONFLICT (tenant_id) DO UPDATE SET last_event_id = c.last_event_id + 1
    RETURNING c.last_event_id INTO n;
    UPDATE schedule_events SET event_id = n WHERE id = NEW.id;
    PERFORM pg_notify('primetime_events', NEW.tenant_id || ':' || n);
    RETURN NULL;
END
$$;
-- deferred row triggers fire at commit in the order the rows were inserted, so numbers follow insertion order
CREATE CONSTRAINT TRIGGER schedule_events_number AFTER INSERT ON schedule_events
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION schedule_events_number();

-- 3. Dispatch bookkeeping: when item.due went out for an item (at most once, claimed with FOR UPDATE SKIP LOCKED).
ALTER TABLE content_schedule_items ADD COLUMN due_emitted_at timestamptz;
CREATE INDEX content_schedule_items_undispatched ON content_schedule_items (scheduled_time)
    WHERE status = 'scheduled' AND due_emitted_at IS NULL;

-- One webhook delivery per due item (UNIQUE item_id), retried with backoff until delivered or given up.
CREATE TABLE webhook_deliveries (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id        text NOT NULL DEFAULT primetime_tenant_id(),
    schedule_id      uuid NOT NULL,
    item_id          uuid NOT NULL UNIQUE,
    body             text NOT NULL,
    state            text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL,
    last_error       text,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['tenant_event_counters', 'webhook_deliveries']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = (SELECT primetime_tenant_id())) '
                       'WITH CHECK (tenant_id = (SELECT primetime_tenant_id()))', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO ${app_role}', t);
    END LOOP;
END
$$;

-- 4. The worker role: background work has no caller, yet must find which tenants have work. This role sees only
-- the columns that say where work is (never content), across tenants; the work itself then runs per tenant as the
-- app role with that tenant's claims. It may also delete events past the retention period.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${app_role}_worker') THEN
        CREATE ROLE ${app_role}_worker NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END
$$;
GRANT ${app_role}_worker TO CURRENT_USER;
GRANT EXECUTE ON FUNCTION primetime_tenant_id() TO ${app_role}_worker;
GRANT SELECT (id, tenant_id, status) ON content_calendar TO ${app_role}_worker;
GRANT SELECT (id, tenant_id, schedule_id, status, scheduled_time, due_emitted_at) ON content_schedule_items
    TO ${app_role}_worker;
GRANT SELECT (id, tenant_id, state, next_attempt_at) ON webhook_deliveries TO ${app_role}_worker;
GRANT SELECT (id, tenant_id, created_at), DELETE ON schedule_events TO ${app_role}_worker;
CREATE POLICY worker_discovery ON content_calendar FOR SELECT TO ${app_role}_worker USING (true);
CREATE POLICY worker_discovery ON content_schedule_items FOR SELECT TO ${app_role}_worker USING (true);
CREATE POLICY worker_discovery ON webhook_deliveries FOR SELECT TO ${app_role}_worker USING (true);
CREATE POLICY worker_discovery ON schedule_events FOR SELECT TO ${app_role}_worker USING (true);
CREATE POLICY worker_retention ON schedule_events FOR DELETE TO ${app_role}_worker USING (true);
