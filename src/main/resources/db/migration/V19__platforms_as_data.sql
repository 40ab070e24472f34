-- Platforms as data (issue 25): a platform is a row, not a Java enum. The catalog is three tables the service reads at
-- start-up and again every few seconds (PlatformCatalog; docs/ADDING_A_PLATFORM.md shows an operator's insert):
--   platforms              one row per platform: id, display name, the seed's indicative summary, where its prior
--                          curves come from, and its place in lists
--   platform_aliases       other names a request may use for a platform ("x" for twitter)
--   platform_timing_data   one row per content type (the seed's table, as before): windows, frequency, spacing, the
--                          168-hour prior curve, and how an analytics export names the type
-- Global reference data like platform_timing_data: no tenant_id, no row level security, readable by the service's
-- role, written only by the owner (migrations, operators).

CREATE TABLE platforms (
    id            text PRIMARY KEY CHECK (id ~ '^[a-z][a-z0-9_]{0,31}$'),
    display_name  text NOT NULL CHECK (btrim(display_name) <> ''),
    -- the badge on an item in the web page's week view
    short_name    text NOT NULL CHECK (char_length(short_name) BETWEEN 1 AND 3),
    best_times    text NOT NULL,
    frequency     text NOT NULL,
    -- the studies the prior curves follow, or why there is none and what the prior is then (GET /platforms shows it)
    prior_source  text NOT NULL CHECK (btrim(prior_source) <> ''),
    sort_order    integer NOT NULL
);

CREATE TABLE platform_aliases (
    alias     text PRIMARY KEY CHECK (alias = lower(btrim(alias)) AND alias <> ''),
    platform  text NOT NULL REFERENCES platforms (id) ON DELETE CASCADE
);

-- The six platforms of V2, their summary moved out of the per-content-type rows (it was the same in each).
INSERT INTO platforms (id, display_name, short_name, best_times, frequency, prior_source, sort_order)
SELECT platform, min(platform_display_name), upper(left(platform, 2)), min(best_times), min(frequency),
       'bench/tools/platform_curves.py (V3): the seed''s windows, shaped by Sprout Social "Best times to post on social'
           || ' media" (2023-2025), Hootsuite "The best time to post on social media" and Later/Buffer studies of 1M+'
           || ' posts',
       min(sort_order)
FROM platform_timing_data GROUP BY platform;

UPDATE platforms SET prior_source = prior_source || '; YouTube: weekday 15:00-17:00, indexed before the evening viewing peak'
WHERE id = 'youtube';
UPDATE platforms SET prior_source = prior_source || '; TikTok: Wednesday afternoon and Sunday evening (Sprout Social 2023, Later)'
WHERE id = 'tiktok';
UPDATE platforms SET prior_source = prior_source || '; Instagram: weekdays 10:00-15:00 (Later, Sprout Social)'
WHERE id = 'instagram';
UPDATE platforms SET prior_source = prior_source || '; LinkedIn: Tuesday-Thursday mornings (Hootsuite, Sprout Social)'
WHERE id = 'linkedin';
UPDATE platforms SET prior_source = prior_source || '; X/Twitter: Tuesday-Thursday mornings (Hootsuite, Buffer''s 4.8M-tweet study)'
WHERE id = 'twitter';
UPDATE platforms SET prior_source = prior_source || '; Facebook: weekdays 08:00-18:00 (Sprout Social 2023)'
WHERE id = 'facebook';

-- the badges the web page had in a table of its own (week.js)
UPDATE platforms SET short_name = 'YT' WHERE id = 'youtube';
UPDATE platforms SET short_name = 'TT' WHERE id = 'tiktok';
UPDATE platforms SET short_name = 'IG' WHERE id = 'instagram';
UPDATE platforms SET short_name = 'IN' WHERE id = 'linkedin';
UPDATE platforms SET short_name = 'X' WHERE id = 'twitter';
UPDATE platforms SET short_name = 'FB' WHERE id = 'facebook';

INSERT INTO platform_aliases (alias, platform) VALUES ('x', 'twitter'), ('twitter/x', 'twitter');

ALTER TABLE platform_timing_data
    DROP COLUMN platform_display_name,
    DROP COLUMN best_times,
    DROP COLUMN frequency,
    ADD CONSTRAINT platform_timing_data_platform_in_catalog
        FOREIGN KEY (platform) REFERENCES platforms (id) ON DELETE CASCADE,
    ADD CONSTRAINT content_type_id CHECK (content_type ~ '^[a-z][a-z0-9_]{0,31}$'),
    ADD CONSTRAINT frequency_range CHECK (0 <= min_per_week AND min_per_week <= max_per_week),
    ADD CONSTRAINT spacing_not_negative CHECK (min_spacing_minutes >= 0),
    -- words of an analytics export's own type name that mean this content type ("reel" in "IG reel"), first row by
    -- sort_order wins; and the longest video of this type, for exports that give a duration but no type (YouTube)
    ADD COLUMN export_type_keywords text[] NOT NULL DEFAULT '{}',
    ADD COLUMN max_duration_seconds integer CHECK (max_duration_seconds > 0);

-- What ImportPreset.contentType had in a switch on the platform, as data.
UPDATE platform_timing_data SET export_type_keywords = '{video,reel}' WHERE platform = 'facebook' AND content_type = 'video';
UPDATE platform_timing_data SET export_type_keywords = '{reel,video}' WHERE platform = 'instagram' AND content_type = 'reel';
UPDATE platform_timing_data SET export_type_keywords = '{short}', max_duration_seconds = 180
WHERE platform = 'youtube' AND content_type = 'shorts';

-- A platform that tenants' rows name cannot be removed: these keys refuse the DELETE, whatever the tenant (foreign key
-- checks see every row, row level security or not), and name the table that still holds it. Recommended slots are
-- derived and go with the platform.
ALTER TABLE content_schedule_items ADD CONSTRAINT schedule_items_platform_in_catalog
    FOREIGN KEY (platform) REFERENCES platforms (id);
ALTER TABLE performance_kpi_events ADD CONSTRAINT kpi_events_platform_in_catalog
    FOREIGN KEY (platform) REFERENCES platforms (id);
ALTER TABLE optimization_trials ADD CONSTRAINT optimization_trials_platform_in_catalog
    FOREIGN KEY (platform) REFERENCES platforms (id);
ALTER TABLE recommended_schedule_slots ADD CONSTRAINT recommended_slots_platform_in_catalog
    FOREIGN KEY (platform) REFERENCES platforms (id) ON DELETE CASCADE;

GRANT SELECT ON platforms, platform_aliases TO ${app_role};
