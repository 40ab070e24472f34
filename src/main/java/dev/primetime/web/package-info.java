/**
 * What every endpoint shares: the error body and its codes, request ids, request size limits, paging,
 * the health endpoint and the API documentation pages.
 */
package dev.primetime.web;
