-- POST /calendar with 10 items as the service sends it (captured with log_statement = all): BEGIN, the claims and
-- both inserts in one round trip; the events (numbered per tenant, with their NOTIFY) and the COMMIT together in a
-- second (so the tenant's counter row is held only while the database runs those two; docs/realtime.md, Ordering).
-- The one difference: the service makes its UUIDs itself, pgbench cannot, so one SELECT outside the transaction makes
-- them first (a round trip that reads nothing; it makes the ceiling a little lower, the ratio a little kinder).
SELECT s AS sid, i::text AS iids, array_fill(s, ARRAY[11])::text AS esids, array_prepend(NULL::uuid, i)::text AS eiids,
       array_fill(now()::text, ARRAY[11])::text AS ecreated, now()::text AS now
FROM (SELECT gen_random_uuid() AS s, (SELECT array_agg(gen_random_uuid()) FROM generate_series(1, 10)) AS i) ids \gset
\startpipeline
BEGIN;
SELECT set_config('role', :role, true), set_config('request.jwt.claims', :claims, true), set_config('request.jwt.claim.sub', :sub, true), set_config('request.primetime.tenant', :tenant, true);
INSERT INTO content_calendar AS c (id, title, description, timezone, metadata, video_job_id, bulk_job_id,
                                   created_at, updated_at)
VALUES (:sid, :title, NULL, :timezone, :metadata::jsonb, NULL, NULL, :now, :now)
RETURNING c.id, c.title, c.description, c.timezone, c.status, c.status_before_optimizing,
          c.metadata::text AS metadata, c.video_job_id, c.bulk_job_id, c.version, c.created_at,
          c.updated_at, :count::int AS item_count;
INSERT INTO content_schedule_items (id, schedule_id, content_id, platform, content_type, scheduled_time,
    earliest_time, latest_time, priority, pinned, status, metadata, created_at, updated_at, placement,
    placement_reason, series_id)
SELECT i.id, :sid, i.content_id, i.platform, i.content_type, i.scheduled_time::timestamptz,
       i.earliest_time::timestamptz, i.latest_time::timestamptz, i.priority, i.pinned, i.status,
       i.metadata::jsonb, :now, :now, i.placement, i.placement_reason, i.series_id::uuid
FROM unnest(:iids::text[]::uuid[], :contents::text[], :platforms::text[], :types::text[], :times::text[], :earliest::text[], :latest::text[],
            :priorities::text[]::int[], :pinned::text[]::boolean[], :statuses::text[], :metadatas::text[], :nones::text[], :nones::text[], :nones::text[])
    AS i(id, content_id, platform, content_type, scheduled_time, earliest_time, latest_time, priority,
         pinned, status, metadata, placement, placement_reason, series_id)
RETURNING id, schedule_id, content_id, platform, content_type, scheduled_time, earliest_time, latest_time, priority,
pinned, status, metadata::text AS metadata, external_post_id, external_url, error, version, created_at, updated_at,
placement, placement_reason, series_id;
\endpipeline
\startpipeline
WITH counter AS (
    INSERT INTO tenant_event_counters AS c (tenant_id, last_event_id) VALUES (primetime_tenant_id(), :events)
    ON CONFLICT (tenant_id) DO UPDATE SET last_event_id = c.last_event_id + excluded.last_event_id
    RETURNING c.tenant_id, c.last_event_id),
logged AS (
    INSERT INTO schedule_events (tenant_id, event_id, schedule_id, item_id, event_type, payload, created_at)
    SELECT counter.tenant_id, counter.last_event_id - :events + e.position, e.schedule_id, e.item_id,
           e.event_type, e.payload::json, e.created_at::timestamptz
    FROM counter,
         unnest(:esids::uuid[], :eiids::uuid[], :etypes::text[], :payloads::text[], :ecreated::text[]) WITH ORDINALITY
             AS e(schedule_id, item_id, event_type, payload, created_at, position)
    RETURNING 1)
SELECT pg_notify('primetime_events', counter.tenant_id || ':' || counter.last_event_id) FROM counter;
COMMIT;
\endpipeline
