package dev.primetime.web;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem with a request body, so one 422 names all the fields that need fixing. */
public final class FieldErrors {
    private static final int SHOWN = 20;
    private static final int MAX_PROBLEM = 300;
    private final List<String> problems = new ArrayList<>();

    public void add(String field, String problem) {
        // never echo a huge client value back whole
        String line = field + ": " + problem;
        problems.add(line.length() > MAX_PROBLEM ? line.substring(0, MAX_PROBLEM) + "…" : line);
    }

    public int size() {
        return problems.size();
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    public void throwIfAny() {
        if (problems.isEmpty()) {
            return;
        }
        String message = String.join("; ", problems.subList(0, Math.min(SHOWN, problems.size())));
        if (problems.size() > SHOWN) {
            message += "; and " + (problems.size() - SHOWN) + " more";
        }
        throw new ApiException(ErrorCode.VALIDATION_ERROR, message);
    }
}
