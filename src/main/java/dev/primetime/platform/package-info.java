/**
 * The platform catalog: which platforms exist, their other names, content types and posting heuristics (the seed's
 * best times and frequency, windows, spacing, the hour-of-week prior curves), read from the {@code platforms},
 * {@code platform_aliases} and {@code platform_timing_data} tables at start-up and every few seconds after. A platform
 * is a row: other features validate platforms and content types and read the heuristics through {@link
 * dev.primetime.platform.PlatformCatalog}, and carry a platform as the value {@link dev.primetime.platform.Platform}.
 */
@ApplicationModule(allowedDependencies = {"background", "web"})
package dev.primetime.platform;

import org.springframework.modulith.ApplicationModule;
