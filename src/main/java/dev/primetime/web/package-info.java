/**
 * What every endpoint shares: the error body and its codes, request ids, request size limits, paging,
 * the health endpoint and the API documentation pages.
 */
@ApplicationModule(allowedDependencies = {})
package dev.primetime.web;

import org.springframework.modulith.ApplicationModule;
