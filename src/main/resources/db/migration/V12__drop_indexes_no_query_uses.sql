-- Two indexes that no query uses any more, each written on every insert (a 10-item create paid 21 index
-- insertions for them): schedule_events (tenant_id, id) from before events were numbered per tenant, since readers
-- go by (tenant_id, event_id); content_schedule_items (status, scheduled_time), since dispatch finds due items
-- through the partial index content_schedule_items_undispatched and everything else goes by schedule.
DROP INDEX schedule_events_tenant;
DROP INDEX content_schedule_items_due;
