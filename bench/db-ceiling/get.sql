-- GET /calendar/{id} as the service sends it (captured with log_statement = all): the caller's claims and the two
-- reads travel in one round trip and run as one implicit transaction (the extended protocol's unit up to its Sync).
\startpipeline
SELECT set_config('role', :role, true), set_config('request.jwt.claims', :claims, true), set_config('request.jwt.claim.sub', :sub, true), set_config('request.primetime.tenant', :tenant, true);
SELECT c.id, c.title, c.description, c.timezone, c.status, c.status_before_optimizing, c.metadata::text AS metadata,
c.video_job_id, c.bulk_job_id, c.version, c.created_at, c.updated_at, 0 AS item_count
 FROM content_calendar c WHERE c.id = :id;
SELECT id, schedule_id, content_id, platform, content_type, scheduled_time, earliest_time, latest_time, priority,
pinned, status, metadata::text AS metadata, external_post_id, external_url, error, version, created_at, updated_at,
placement, placement_reason, series_id
 FROM content_schedule_items WHERE schedule_id = :id ORDER BY coalesce(scheduled_time, 'infinity'::timestamptz), id;
\endpipeline
