-- Issue 21: how an item got its time (placement "queue" or "best", with the reason), and the series a recurring
-- item belongs to.
ALTER TABLE content_schedule_items
    ADD COLUMN placement        text CHECK (placement IN ('queue', 'best')),
    ADD COLUMN placement_reason text,
    ADD COLUMN series_id        uuid;

-- Placement asks "which times of this platform are taken, across all of the tenant's schedules".
CREATE INDEX content_schedule_items_platform_time ON content_schedule_items (tenant_id, platform, scheduled_time);
CREATE INDEX content_schedule_items_series ON content_schedule_items (tenant_id, series_id) WHERE series_id IS NOT NULL;
