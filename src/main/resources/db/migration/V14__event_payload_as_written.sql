-- An event's payload is written once and only ever read back whole, as text, to be sent to sockets: json keeps
-- the text as the service wrote it (checked to be JSON) where jsonb parsed it into its binary form on every insert
-- and printed it again on every read. Every change writes one or more events, so this is on the hot path.
ALTER TABLE schedule_events ALTER COLUMN payload TYPE json USING payload::json;
