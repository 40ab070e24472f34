package dev.primetime.calendar;

import dev.primetime.support.Api;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Request bodies the calendar tests build on. */
final class CalendarFixtures {
    private CalendarFixtures() {}

    static Map<String, Object> item(String contentId, String platform, Instant at) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("content_id", contentId);
        item.put("platform", platform);
        if (at != null) {
            item.put("scheduled_time", at.toString());
        }
        return item;
    }

    static Map<String, Object> schedule(String title, List<Map<String, Object>> items) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", title);
        body.put("timezone", "America/New_York");
        body.put("items", items);
        return body;
    }

    static List<Map<String, Object>> items(int count, Instant first) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            items.add(item("content_" + i, "youtube", first.plusSeconds(3600L * i)));
        }
        return items;
    }

    static String create(Api api, Map<String, Object> body) {
        Api.Response response = api.post("/api/v1/scheduling/calendar", body);
        if (response.status() != 201) {
            throw new AssertionError("could not create the schedule: " + response);
        }
        return response.json().path("id").asString();
    }
}
