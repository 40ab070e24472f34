-- A tenant's posting queue names a platform of the catalog, as its items do (V19): removing a platform that a queue
-- still names is refused, naming the table, instead of leaving queues that GET /queues lists for a platform nobody
-- can post to. (A queue is the tenant's own setting: refused, not cascaded, like the tenant's items.)
ALTER TABLE posting_queues ADD CONSTRAINT posting_queues_platform_in_catalog
    FOREIGN KEY (platform) REFERENCES platforms (id);
