-- Engagement arrives one metric at a time ({metric, value}); the wide per-metric columns of V1 stay filled in
-- for the row's metric so either view of the table adds up. hour_of_week is the post's local hour of the week
-- (Monday 00:00 = 0) in the audience's time zone, fixed when the event is recorded.
ALTER TABLE performance_kpi_events
    ADD COLUMN content_id   text,
    ADD COLUMN metric       text CHECK (metric IN ('impressions', 'views', 'likes', 'comments', 'shares', 'saves',
                                                   'clicks', 'watch_time_seconds')),
    ADD COLUMN value        double precision CHECK (value >= 0),
    ADD COLUMN timezone     text,
    ADD COLUMN hour_of_week smallint CHECK (hour_of_week BETWEEN 0 AND 167);
ALTER TABLE performance_kpi_events ADD CONSTRAINT performance_kpi_events_names_a_post
    CHECK (item_id IS NOT NULL OR content_id IS NOT NULL);
CREATE INDEX performance_kpi_events_posts ON performance_kpi_events (tenant_id, platform, content_type, published_at);
CREATE INDEX performance_kpi_events_listing ON performance_kpi_events (tenant_id, created_at, id);

ALTER TABLE recommended_schedule_slots
    ADD COLUMN expected_engagement double precision,
    ADD COLUMN basis               text CHECK (basis IN ('platform_defaults', 'tenant_history')),
    ADD COLUMN model_version       text,
    ADD COLUMN accepted_item_id    uuid,
    ADD COLUMN accepted_at         timestamptz;
