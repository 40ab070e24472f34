/**
 * The six platforms and their content types, with the posting heuristics of the seed's table (best times,
 * frequency, spacing), read from {@code platform_timing_data}. Other features validate platforms and content
 * types and read the heuristics through {@link dev.primetime.platform.PlatformCatalog}.
 */
package dev.primetime.platform;
