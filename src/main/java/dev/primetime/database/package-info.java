/**
 * Where the data is and whether the service may start: the one connection pool pointed at {@code DATABASE_URL},
 * a local server or an embedded one ({@link dev.primetime.database.DatabaseLocator}), the migration login, the
 * start-up check of the runtime login's privileges, {@code ENVIRONMENT} ({@link
 * dev.primetime.database.DeploymentEnvironment}), and the one-line start-up refusals ({@link
 * dev.primetime.database.StartupRefusedException}) every module throws when a setting cannot work.
 */
@ApplicationModule(allowedDependencies = {"web"})
package dev.primetime.database;

import org.springframework.modulith.ApplicationModule;
