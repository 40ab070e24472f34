package dev.primetime.realtime;

import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The WebSocket in the OpenAPI document: OpenAPI cannot describe a socket, so {@code GET /api/v1/scheduling/ws}
 * carries the protocol in its description and one example per message type under the 101 response; the
 * {@code item.due} webhook is an OpenAPI 3.1 webhook. docs/realtime.md says the same at more length.
 */
@Configuration(proxyBeanMethods = false)
class RealtimeOpenApi {
    // swagger-core models examples with its own (Jackson 2) mapper
    private static final com.fasterxml.jackson.databind.ObjectMapper SWAGGER_JSON = Json31.mapper();
    static final String DESCRIPTION = """
            Real-time updates for the caller's tenant. Open with `token` (query; browsers cannot set headers) or \
            `Authorization: Bearer`, or send `{"type":"auth","token":"…"}` within 5 s. Refusals come after the \
            upgrade, so that a browser can read them: the socket opens and is closed at once with 4401 (the token does \
            not verify, or none came within 5 s), 4404 (a `schedule_id` that is not the caller's) or 4422 (a malformed \
            `last_event_id`), and a reason saying what to do. A bad `Authorization` header gets HTTP 401.

            Without `schedule_id` the socket receives every event of the tenant. Send \
            `{"type":"subscribe"|"unsubscribe","schedule_id":"…"}` to change the schedules (answered with \
            `subscribed` / `unsubscribed`, or `error`). When the token expires the socket is closed with 4401; before             then `{"type":"auth","token":"…"}` with a fresh token of the same tenant keeps it open (answered with             `authenticated` and the new `expires_at`).

            Every event is `{event_id, type, schedule_id, item_id?, occurred_at, data}`. `event_id` increases by one \
            per event of the tenant, without gaps, in commit order; after connecting with `last_event_id=N` the \
            socket first replays every later event still kept (7 days, `EVENT_RETENTION`), then continues live with \
            no gap and no duplicate. A `ready` message marks the end of the replay.

            The server pings every 30 s and closes a socket that answered neither of the last two pings (4408). A \
            socket that lets more than 1000 events queue up is closed with 1013 and a reason; it never slows others. A             socket that sends more than 10 messages a second (bursts of 20) is closed with 1008.
            """;

    /** One example of every message a socket can receive. */
    static final Map<String, String> EXAMPLES = examples();

    private static Map<String, String> examples() {
        Map<String, String> e = new LinkedHashMap<>();
        String s = "\"schedule_id\":\"6f1c2a4e-8d3b-4c71-9a55-2b7e0d9f4a10\"";
        String i = "\"item_id\":\"0b8e7d4c-1f2a-4e6b-8c3d-5a9f7e2b1c04\"";
        String item = """
                {"id":"0b8e7d4c-1f2a-4e6b-8c3d-5a9f7e2b1c04","schedule_id":"6f1c2a4e-8d3b-4c71-9a55-2b7e0d9f4a10",\
                "content_id":"video_123","platform":"youtube","content_type":"video",\
                "scheduled_time":"2025-11-06T15:00:00-05:00","earliest_time":null,"latest_time":null,"priority":5,\
                "pinned":false,"status":"%s","metadata":{},"external_post_id":null,"external_url":null,"error":null,\
                "version":%d,"created_at":"2025-11-01T12:00:00Z","updated_at":"2025-11-01T12:%02d:00Z"}""";
        String schedule = """
                {"id":"6f1c2a4e-8d3b-4c71-9a55-2b7e0d9f4a10","title":"Product launch week",\
                "description":null,"timezone":"America/New_York","status":"%s","metadata":{},"video_job_id":null,\
                "bulk_job_id":null,"item_count":1,"version":%d,"created_at":"2025-11-01T12:00:00Z",\
                "updated_at":"2025-11-01T12:00:00Z"}""";
        e.put(
                "schedule.created",
                "{\"event_id\":1,\"type\":\"schedule.created\"," + s
                        + ",\"occurred_at\":\"2025-11-01T12:00:00Z\",\"data\":" + schedule.formatted("pending", 1)
                        + "}");
        e.put(
                "schedule.updated",
                "{\"event_id\":3,\"type\":\"schedule.updated\"," + s
                        + ",\"occurred_at\":\"2025-11-01T12:01:00Z\",\"data\":" + schedule.formatted("pending", 2)
                        + "}");
        e.put(
                "schedule.status_changed",
                "{\"event_id\":5,\"type\":\"schedule.status_changed\"," + s
                        + ",\"occurred_at\":\"2025-11-01T12:03:00Z\",\"data\":{\"from\":\"pending\",\"to\":\"running\","
                        + "\"schedule\":" + schedule.formatted("running", 4) + "}}");
        e.put(
                "item.created",
                "{\"event_id\":2,\"type\":\"item.created\"," + s + "," + i
                        + ",\"occurred_at\":\"2025-11-01T12:00:00Z\",\"data\":" + item.formatted("pending", 1, 0)
                        + "}");
        e.put(
                "item.updated",
                "{\"event_id\":4,\"type\":\"item.updated\"," + s + "," + i
                        + ",\"occurred_at\":\"2025-11-01T12:02:00Z\",\"data\":" + item.formatted("pending", 2, 2)
                        + "}");
        e.put(
                "item.status_changed",
                "{\"event_id\":6,\"type\":\"item.status_changed\"," + s + "," + i
                        + ",\"occurred_at\":\"2025-11-01T12:03:00Z\",\"data\":" + item.formatted("scheduled", 3, 3)
                        + "}");
        String due = item.formatted("scheduled", 3, 3);
        e.put(
                "item.due",
                "{\"event_id\":7,\"type\":\"item.due\"," + s + "," + i
                        + ",\"occurred_at\":\"2025-11-06T20:00:04Z\",\"data\":"
                        + due.substring(0, due.length() - 1) + ",\"late_by_seconds\":4}}");
        e.put(
                "item.deleted",
                "{\"event_id\":8,\"type\":\"item.deleted\"," + s + "," + i
                        + ",\"occurred_at\":\"2025-11-01T12:04:00Z\",\"data\":{\"id\":"
                        + "\"0b8e7d4c-1f2a-4e6b-8c3d-5a9f7e2b1c04\"," + s + "}}");
        e.put(
                "optimization.started",
                "{\"event_id\":9,\"type\":\"optimization.started\"," + s
                        + ",\"occurred_at\":\"2025-11-01T12:05:00Z\",\"data\":{\"run_id\":"
                        + "\"a3d5c7e9-0b1d-4f3a-8c5e-7a9b1d3f5e70\",\"items\":24,\"time_limit_seconds\":30}}");
        e.put(
                "optimization.progress",
                "{\"event_id\":10,\"type\":\"optimization.progress\"," + s
                        + ",\"occurred_at\":\"2025-11-01T12:05:10Z\",\"data\":{\"run_id\":"
                        + "\"a3d5c7e9-0b1d-4f3a-8c5e-7a9b1d3f5e70\",\"elapsed_seconds\":10,\"best_score\":0.82,"
                        + "\"hard_violations\":0}}");
        e.put(
                "optimization.completed",
                "{\"event_id\":11,\"type\":\"optimization.completed\"," + s
                        + ",\"occurred_at\":\"2025-11-01T12:05:30Z\",\"data\":{\"run_id\":"
                        + "\"a3d5c7e9-0b1d-4f3a-8c5e-7a9b1d3f5e70\",\"status\":\"completed\",\"best_score\":0.87,"
                        + "\"moved_items\":9}}");
        e.put(
                "trial.updated",
                "{\"event_id\":12,\"type\":\"trial.updated\"," + s
                        + ",\"occurred_at\":\"2025-11-08T12:00:00Z\",\"data\":{\"id\":"
                        + "\"c1e3a5b7-9d0f-4b2c-8e4a-6c8e0a2c4e61\",\"status\":\"running\",\"metric\":\"engagement_rate\","
                        + "\"winner\":null}}");
        e.put(
                "ready",
                "{\"type\":\"ready\",\"last_event_id\":12,\"schedule_ids\":[\"6f1c2a4e-8d3b-4c71-9a55-2b7e0d9f4a10\"]}");
        e.put("subscribed", "{\"type\":\"subscribed\"," + s + "}");
        e.put("authenticated", "{\"type\":\"authenticated\",\"expires_at\":\"2025-11-08T13:00:00Z\"}");
        e.put("error", "{\"type\":\"error\",\"error_code\":\"not_found\",\"error_message\":\"schedule not found\"}");
        return e;
    }

    @Bean
    OpenApiCustomizer realtimeDocumentation() {
        return openApi -> {
            Content messages = new Content();
            MediaType media = new MediaType().schema(eventSchema());
            EXAMPLES.forEach((type, text) ->
                    media.addExamples(type, new Example().summary(type).value(tree(text))));
            messages.addMediaType("application/json", media);
            ApiResponses responses = new ApiResponses()
                    .addApiResponse(
                            "101",
                            new ApiResponse()
                                    .description("Switching Protocols: the socket is open; the examples are the"
                                            + " messages it receives")
                                    .content(messages))
                    .addApiResponse(
                            "401",
                            new ApiResponse()
                                    .description("A bad Authorization header (unauthorized). A bad token query"
                                            + " parameter, an unknown schedule_id or a malformed last_event_id open"
                                            + " the socket and close it with 4401, 4404 or 4422 and a reason"));
            Operation operation = new Operation()
                    .operationId("realtimeUpdates")
                    .addTagsItem("realtime")
                    .summary("WebSocket: real-time updates of the tenant's schedules")
                    .description(DESCRIPTION)
                    .parameters(List.of(
                            query("token", "The bearer token (JWT), for clients that cannot set headers"),
                            query("schedule_id", "Only this schedule's events"),
                            query("last_event_id", "Resume: replay every event after this one first")))
                    .responses(responses);
            openApi.path(RealtimeConfiguration.PATH, new PathItem().get(operation));

            Example dueBody = new Example()
                    .summary("item.due")
                    .value(tree("{\"type\":\"item.due\",\"delivery_id\":\"5d7f9b1d-3e5a-4c7e-9a1c-3e5a7c9e1b20\","
                            + "\"tenant_id\":\"org_42\",\"schedule_id\":\"6f1c2a4e-8d3b-4c71-9a55-2b7e0d9f4a10\","
                            + "\"item_id\":\"0b8e7d4c-1f2a-4e6b-8c3d-5a9f7e2b1c04\",\"due_at\":\"2025-11-06T20:00:00Z\","
                            + "\"late_by_seconds\":4,\"sent_at\":\"2025-11-06T20:00:04Z\",\"item\":{\"id\":"
                            + "\"0b8e7d4c-1f2a-4e6b-8c3d-5a9f7e2b1c04\",\"platform\":\"youtube\",\"status\":\"scheduled\","
                            + "\"late_by_seconds\":4}}"));
            openApi.addWebhooks(
                    "item.due",
                    new PathItem()
                            .post(new Operation()
                                    .operationId("itemDueWebhook")
                                    .summary("POSTed to WEBHOOK_URL when a running schedule's item is due")
                                    .description("Signed: `X-Primetime-Signature: sha256=<hex HMAC-SHA256 of the body"
                                            + " with WEBHOOK_SECRET>`; also `X-Primetime-Delivery` (the same id on"
                                            + " every retry) and `X-Primetime-Attempt`. Any 2xx accepts it; otherwise"
                                            + " it is retried with exponential backoff (5 s, 10 s, 20 s, …) and after"
                                            + " WEBHOOK_MAX_ATTEMPTS (5) the item becomes `failed` with the error."
                                            + " Report the outcome with PATCH /api/v1/scheduling/calendar/{id}/items/"
                                            + "{item_id}: `published` with external_post_id/external_url, or `failed`.")
                                    .requestBody(new io.swagger.v3.oas.models.parameters.RequestBody()
                                            .content(new Content()
                                                    .addMediaType(
                                                            "application/json",
                                                            new MediaType()
                                                                    .schema(new ObjectSchema())
                                                                    .addExamples("item.due", dueBody))))
                                    .responses(new ApiResponses()
                                            .addApiResponse("200", new ApiResponse().description("Accepted")))));
        };
    }

    private static Object tree(String json) {
        try {
            return SWAGGER_JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalStateException("a documentation example is not JSON: " + json, e);
        }
    }

    private static Parameter query(String name, String description) {
        return new Parameter()
                .in("query")
                .name(name)
                .required(false)
                .description(description)
                .schema(new StringSchema());
    }

    private static Schema<?> eventSchema() {
        return new ObjectSchema()
                .addProperty("event_id", new Schema<Long>().type("integer").format("int64"))
                .addProperty(
                        "type",
                        new StringSchema()
                                ._enum(List.of(
                                        "schedule.created",
                                        "schedule.updated",
                                        "schedule.status_changed",
                                        "item.created",
                                        "item.updated",
                                        "item.status_changed",
                                        "item.deleted",
                                        "item.due",
                                        "optimization.started",
                                        "optimization.progress",
                                        "optimization.completed",
                                        "trial.updated",
                                        "ready",
                                        "subscribed",
                                        "unsubscribed",
                                        "authenticated",
                                        "error")))
                .addProperty("schedule_id", new StringSchema().format("uuid"))
                .addProperty("item_id", new StringSchema().format("uuid"))
                .addProperty("occurred_at", new StringSchema().format("date-time"))
                .addProperty("data", new ObjectSchema());
    }
}
