-- primetime_tenant_id() is read by every row-level-security check and every tenant_id default. Written with a
-- sub-SELECT (V11) it could not be inlined, so PostgreSQL ran it as a SQL function, which parses and plans its
-- body again in every statement that calls it: about a tenth of a millisecond each, three times in a schedule
-- read (pgbench, one client running the read's five statements: 1.0 ms -> 0.32 ms per transaction). As one expression without a
-- sub-SELECT it is inlined into the statement that calls it. Same answer: the plain setting first, else
-- app_metadata.tenant_id, else sub from the claims (only parsed when the plain setting is absent).
CREATE OR REPLACE FUNCTION primetime_tenant_id() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT coalesce(
        nullif(current_setting('request.primetime.tenant', true), ''),
        nullif(coalesce(
            nullif(current_setting('request.jwt.claims', true), '')::jsonb -> 'app_metadata' ->> 'tenant_id',
            nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub'), ''))
$$;
