/**
 * How an instance works in the background: {@link dev.primetime.background.PeriodicJob}, the one way to run a round
 * of work again and again (the retention sweeps, the dispatch loops) with the application's lifecycle. Depends on
 * no other module.
 */
@ApplicationModule(allowedDependencies = {})
package dev.primetime.background;

import org.springframework.modulith.ApplicationModule;
