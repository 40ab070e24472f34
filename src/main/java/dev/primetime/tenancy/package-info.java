/**
 * Who is calling and which rows they may see: Supabase-compatible token verification, the {@link
 * dev.primetime.tenancy.Caller}, and {@link dev.primetime.tenancy.TenantTransactions}, which runs each request's
 * transaction as a role without BYPASSRLS with the caller's claims set, so that PostgreSQL's row level security
 * policies isolate tenants. The connection itself comes from the {@code database} module.
 */
@ApplicationModule(allowedDependencies = {"database", "web"})
package dev.primetime.tenancy;

import org.springframework.modulith.ApplicationModule;
