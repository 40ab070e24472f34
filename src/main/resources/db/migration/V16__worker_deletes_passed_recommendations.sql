-- Every authenticated GET /recommendations stores its slots, and nothing else ever deletes them. Once a slot's time
-- has passed it can no longer be accepted, so the retention sweep (RecommendedSlotRetention) deletes it across
-- tenants; for that the worker role sees when slots expire and whether they were accepted, never their content, and
-- may delete only slots that were not accepted (an accepted one records where its item came from).
GRANT SELECT (id, tenant_id, expires_at, accepted_item_id), DELETE ON recommended_schedule_slots TO ${app_role}_worker;
CREATE POLICY worker_discovery ON recommended_schedule_slots FOR SELECT TO ${app_role}_worker USING (true);
CREATE POLICY worker_retention ON recommended_schedule_slots FOR DELETE TO ${app_role}_worker
    USING (accepted_item_id IS NULL);
-- so each batch of the sweep finds its rows without reading the whole table
CREATE INDEX recommended_schedule_slots_unaccepted_expiry ON recommended_schedule_slots (expires_at)
    WHERE accepted_item_id IS NULL;
