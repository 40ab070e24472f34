-- V6 numbered a tenant's events at commit one row at a time: a counter upsert, an UPDATE and a NOTIFY per event,
-- all while holding the tenant's counter row. A 10-item create (11 events) paid that eleven times. Now the first
-- firing in a transaction numbers all of the transaction's events of that tenant in one go and notifies once with
-- the last number (listeners read every event after the last one they delivered); later firings find their row
-- numbered and return. Rows of this tenant without a number can only be this transaction's: every other
-- transaction's rows were numbered before it committed.
CREATE INDEX schedule_events_unnumbered ON schedule_events (tenant_id, id) WHERE event_id IS NULL;

CREATE OR REPLACE FUNCTION schedule_events_number() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    pending bigint;
    last bigint;
BEGIN
    IF (SELECT event_id FROM schedule_events WHERE id = NEW.id) IS NOT NULL THEN
        RETURN NULL;
    END IF;
    SELECT count(*) INTO pending FROM schedule_events WHERE tenant_id = NEW.tenant_id AND event_id IS NULL;
    INSERT INTO tenant_event_counters AS c (tenant_id, last_event_id) VALUES (NEW.tenant_id, pending)
    ON CONFLICT (tenant_id) DO UPDATE SET last_event_id = c.last_event_id + pending
    RETURNING c.last_event_id INTO last;
    UPDATE schedule_events e SET event_id = last - pending + n.position
    FROM (SELECT id, row_number() OVER (ORDER BY id) AS position
          FROM schedule_events WHERE tenant_id = NEW.tenant_id AND event_id IS NULL) n
    WHERE e.id = n.id;
    PERFORM pg_notify('primetime_events', NEW.tenant_id || ':' || last);
    RETURN NULL;
END
$$;
