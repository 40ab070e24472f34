-- The tenant of the caller is read by every policy check and every tenant_id default, several times per request;
-- parsing the whole claims JSON each time was a fifth of a schedule read's database time. The service now also
-- sets the tenant it derived from the same verified claims as a plain setting, request.primetime.tenant, in the
-- same statement as the claims (so the two never disagree), and this function reads it first. Anything else
-- that sets only request.jwt.claims (PostgREST, psql) gets the tenant from the claims as before.
CREATE OR REPLACE FUNCTION primetime_tenant_id() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT coalesce(
        nullif(current_setting('request.primetime.tenant', true), ''),
        (SELECT nullif(coalesce(c -> 'app_metadata' ->> 'tenant_id', c ->> 'sub'), '')
         FROM (SELECT nullif(current_setting('request.jwt.claims', true), '')::jsonb AS c) claims))
$$;
