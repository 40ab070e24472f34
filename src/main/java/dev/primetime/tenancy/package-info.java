/**
 * Who is calling and which rows they may see: the database connection (DATABASE_URL, a local server or the
 * embedded default), Supabase-compatible token verification, and {@link dev.primetime.tenancy.TenantTransactions},
 * which runs each request's transaction as a role without BYPASSRLS with the caller's claims set, so that
 * PostgreSQL's row level security policies isolate tenants.
 */
package dev.primetime.tenancy;
