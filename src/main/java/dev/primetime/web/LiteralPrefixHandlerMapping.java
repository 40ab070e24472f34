package dev.primetime.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.PathContainer;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Spring MVC's handler lookup, with the mappings that cannot match the request's path set aside before their
 * conditions are checked. A path with a variable ({@code /calendar/{id}}) has no direct match, so Spring checks every
 * mapping of the service in turn, methods, headers, media types and path, through the request's wrappers: 7% of
 * a {@code GET /calendar/{id}}'s CPU in a profile (issue 23). A mapping whose every pattern begins with literal
 * segments that differ from the request path's (or that the path is too short to have) is not a candidate; all
 * others go through Spring's own checks and choice of the best match, unchanged, as do 404, 405 and 415 (Spring
 * decides those over all mappings, not through this).
 */
final class LiteralPrefixHandlerMapping extends RequestMappingHandlerMapping {
    private static final List<List<String>> ANY_PATH = List.of(List.of());
    private final ThreadLocal<List<String>> requestSegments = new ThreadLocal<>();
    private final Map<RequestMappingInfo, List<List<String>>> prefixes = new ConcurrentHashMap<>();

    @Override
    protected @Nullable HandlerMethod lookupHandlerMethod(String lookupPath, HttpServletRequest request)
            throws Exception {
        var parser = getPatternParser();
        if (parser == null || !parser.isCaseSensitive() || !ServletRequestPathUtils.hasParsedRequestPath(request)) {
            return super.lookupHandlerMethod(lookupPath, request);
        }
        requestSegments.set(
                segments(ServletRequestPathUtils.getParsedRequestPath(request).pathWithinApplication()));
        try {
            return super.lookupHandlerMethod(lookupPath, request);
        } finally {
            requestSegments.remove();
        }
    }

    @Override
    protected @Nullable RequestMappingInfo getMatchingMapping(RequestMappingInfo info, HttpServletRequest request) {
        List<String> path = requestSegments.get();
        if (path != null && !mayMatch(prefixes.computeIfAbsent(info, LiteralPrefixHandlerMapping::prefixes), path)) {
            return null;
        }
        return super.getMatchingMapping(info, request);
    }

    static boolean mayMatch(List<List<String>> patterns, List<String> path) {
        for (List<String> prefix : patterns) {
            if (prefix.size() <= path.size() && prefix.equals(path.subList(0, prefix.size()))) {
                return true;
            }
        }
        return false;
    }

    /** The path's segments as a pattern matches them: decoded, without path parameters. */
    static List<String> segments(PathContainer path) {
        List<String> segments = new ArrayList<>();
        for (PathContainer.Element element : path.elements()) {
            if (element instanceof PathContainer.PathSegment segment) {
                segments.add(segment.valueToMatch());
            }
        }
        return segments;
    }

    /**
     * Each pattern's leading literal segments, up to the first with a variable or a wildcard; one empty prefix (any
     * path may match) for a mapping without path patterns, so nothing is set aside that Spring could match.
     */
    static List<List<String>> prefixes(RequestMappingInfo info) {
        PathPatternsRequestCondition condition = info.getPathPatternsCondition();
        if (condition == null || condition.getPatterns().isEmpty()) {
            return ANY_PATH;
        }
        List<List<String>> prefixes = new ArrayList<>();
        for (PathPattern pattern : condition.getPatterns()) {
            prefixes.add(literalPrefix(pattern.getPatternString()));
        }
        return prefixes;
    }

    static List<String> literalPrefix(String pattern) {
        List<String> literal = new ArrayList<>();
        String[] parts = pattern.split("/", -1);
        // parts[0] is what comes before the leading '/' (nothing); the prefix ends at the first segment that is not
        // plain text, or empty (a trailing '/'): a shorter prefix sets fewer mappings aside, never one that could match
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            if (part.isEmpty()
                    || part.indexOf('{') >= 0
                    || part.indexOf('*') >= 0
                    || part.indexOf('?') >= 0
                    || part.indexOf('%') >= 0
                    || part.indexOf(';') >= 0
                    || part.indexOf('\\') >= 0) {
                break;
            }
            literal.add(part);
        }
        if (!pattern.startsWith("/")) {
            literal.clear(); // not a path the parser was given in the usual form: let Spring decide
        }
        return List.copyOf(literal);
    }

    /** Boot's MVC configuration takes its handler mapping from here. */
    @Configuration(proxyBeanMethods = false)
    static class Registration {
        @Bean
        WebMvcRegistrations literalPrefixHandlerMapping() {
            return new WebMvcRegistrations() {
                @Override
                public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
                    return new LiteralPrefixHandlerMapping();
                }
            };
        }
    }
}
