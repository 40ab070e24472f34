// Several instances behind one balancer (issue 23): a mixed load (70% GET /calendar/{id}, 20% 10-item creates,
// 10% recommendations) and WebSocket clients, all through the balancer, while the dispatchers of every instance
// claim due items and POST them to a webhook receiver in this process. Optionally SIGKILLs one instance in the middle.
// At the end it checks, against the database: every acknowledged create is there; every client received every event
// of its tenant exactly once (reconnecting through the balancer with last_event_id after a lost socket); every due
// item was dispatched exactly once. JDK only, run as a single-file program by run.sh: java ScaleBench.java <options>.
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public class ScaleBench {
    static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");
    static final Pattern EVENT_ID = Pattern.compile("^\\{\"event_id\":(\\d+)");
    static final Pattern ITEM_ID = Pattern.compile("\"item_id\":\"([0-9a-f-]{36})\"");
    static final String API = "/api/v1/scheduling";

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        String[] defaults = {"base", "http://127.0.0.1:18100", "secret", "", "db", "", "tenants", "30", "clients", "300",
                "seconds", "60", "workers", "16", "due", "200", "hook-port", "18190", "kill-pid", "", "kill-at", "25",
                "probe", "0", "rps", "0", "burst", "0", "instances", "3"};
        for (int i = 0; i < defaults.length; i += 2) o.put(defaults[i], defaults[i + 1]);
        for (String a : args) {
            String[] kv = a.replaceFirst("^--", "").split("=", 2);
            o.put(kv[0], kv[1]);
        }
        String base = o.get("base");
        int tenantCount = Integer.parseInt(o.get("tenants"));
        int clientCount = Integer.parseInt(o.get("clients"));
        int seconds = Integer.parseInt(o.get("seconds"));
        int workers = Integer.parseInt(o.get("workers"));
        int dueItems = Integer.parseInt(o.get("due"));
        String run = "scale-" + System.currentTimeMillis();
        String[] tokens = new String[tenantCount];
        String[] tenants = new String[tenantCount];
        for (int t = 0; t < tenantCount; t++) tokens[t] = token(tenants[t] = run + "-" + t, o.get("secret"));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor()).connectTimeout(Duration.ofSeconds(5)).build();

        // the webhook receiver: every POST, by delivery id and by item
        Map<String, AtomicInteger> postsByDelivery = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> postsByItem = new ConcurrentHashMap<>();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(o.get("hook-port"))), 100);
        hook.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        hook.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String delivery = exchange.getRequestHeaders().getFirst("X-Primetime-Delivery");
            postsByDelivery.computeIfAbsent(String.valueOf(delivery), k -> new AtomicInteger()).incrementAndGet();
            Matcher m = ITEM_ID.matcher(body);
            if (m.find()) postsByItem.computeIfAbsent(m.group(1), k -> new AtomicInteger()).incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hook.start();

        // set-up: three schedules per tenant to read; running schedules whose items fall due during the load
        List<List<String>> readable = new ArrayList<>();
        for (int t = 0; t < tenantCount; t++) {
            List<String> ids = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 3; i++) ids.add(create(http, base, tokens[t], createBody(10, "2030-02-01T15:00:00Z", 3600)));
            readable.add(ids);
        }
        int dueSchedules = Math.max(1, dueItems / 20);
        Instant firstDue = Instant.now().plusSeconds(15);
        long spreadSeconds = Math.max(1, seconds - 20);
        for (int s = 0; s < dueSchedules; s++) {
            int t = s % tenantCount;
            int n = Math.min(20, dueItems - s * 20);
            if (n <= 0) break;
            // items 'spread/n' seconds apart, each schedule offset a little: claims come all through the load
            Instant start = firstDue.plusMillis(s * 1000L * spreadSeconds / (n * dueSchedules));
            String id = create(http, base, tokens[t], createBody(n, start.toString(), Math.max(1, spreadSeconds / n)));
            send(http, HttpRequest.newBuilder(URI.create(base + API + "/calendar/" + id + "/start"))
                    .header("Authorization", "Bearer " + tokens[t]).POST(HttpRequest.BodyPublishers.noBody()), 200);
        }
        System.out.printf("set up: %d tenants, %d schedules to read, %d running schedules with %d items due from %s over %d s%n",
                tenantCount, 3 * tenantCount, dueSchedules, dueItems, firstDue, spreadSeconds);

        // WebSocket clients, each following its whole tenant (no schedule filter) from event 0: each must see the
        // tenant's events 1..N exactly once, whatever instance it is on and however often it reconnects
        List<Client> clients = new ArrayList<>();
        HttpClient[] wsClients = new HttpClient[8];
        for (int i = 0; i < wsClients.length; i++) wsClients[i] = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String wsBase = base.replaceFirst("^http", "ws") + API + "/ws";
        long connectStart = System.nanoTime();
        for (int c = 0; c < clientCount; c++) {
            Client client = new Client(c, c % tenantCount, wsClients[c % wsClients.length], wsBase, tokens[c % tenantCount]);
            clients.add(client);
            client.connect();
            if (c % 50 == 49) Thread.sleep(300); // under the per-address limit of the handshakes (one balancer address)
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (clients.stream().anyMatch(c -> !c.ready) && System.nanoTime() < deadline) Thread.sleep(100);
        System.out.printf("connected %d WebSocket clients through the balancer in %.1f s (%d not ready)%n", clientCount,
                (System.nanoTime() - connectStart) / 1e9, clients.stream().filter(c -> !c.ready).count());

        // the mixed load, closed loop, `workers` at once
        String createBody = createBody(10, "2030-03-01T15:00:00Z", 3600);
        ConcurrentLinkedQueue<String[]> acked = new ConcurrentLinkedQueue<>(); // {tenant index, id}
        Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
        Map<String, ConcurrentLinkedQueue<Long>> latencies = new ConcurrentHashMap<>();
        long loadStart = System.nanoTime();
        long loadEnd = loadStart + TimeUnit.SECONDS.toNanos(seconds);
        var pool = Executors.newVirtualThreadPerTaskExecutor();
        for (int w = 0; w < workers; w++) {
            pool.execute(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (System.nanoTime() < loadEnd) {
                    int t = random.nextInt(tenantCount);
                    int r = random.nextInt(100);
                    String kind;
                    HttpRequest.Builder request;
                    if (r < 70) {
                        kind = "GET /calendar/{id}";
                        List<String> ids = readable.get(t);
                        request = HttpRequest.newBuilder(URI.create(base + API + "/calendar/" + ids.get(random.nextInt(ids.size())))).GET();
                    } else if (r < 90) {
                        kind = "POST /calendar (10 items)";
                        request = HttpRequest.newBuilder(URI.create(base + API + "/calendar")).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(createBody));
                    } else {
                        kind = "GET /recommendations";
                        request = HttpRequest.newBuilder(URI.create(base + API
                                + "/recommendations?platforms=youtube,tiktok,instagram,linkedin,twitter,facebook&target_count=5")).GET();
                    }
                    long t0 = System.nanoTime();
                    String outcome;
                    try {
                        var response = http.send(request.header("Authorization", "Bearer " + tokens[t]).timeout(Duration.ofSeconds(30)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        outcome = Integer.toString(response.statusCode());
                        if (response.statusCode() == 201) {
                            Matcher m = ID.matcher(response.body());
                            if (m.find()) acked.add(new String[] {Integer.toString(t), m.group(1)});
                        }
                        if (response.statusCode() < 300) latencies.computeIfAbsent(kind, k -> new ConcurrentLinkedQueue<>()).add(System.nanoTime() - t0);
                    } catch (IOException e) {
                        outcome = "connection error";
                    } catch (InterruptedException e) {
                        return;
                    }
                    outcomes.computeIfAbsent(kind + " -> " + outcome, k -> new AtomicLong()).incrementAndGet();
                }
            });
        }
        String killPid = o.get("kill-pid");
        long killedAt = -1;
        if (!killPid.isEmpty()) {
            Thread.sleep(Integer.parseInt(o.get("kill-at")) * 1000L);
            var instance = ProcessHandle.of(Long.parseLong(killPid)).orElseThrow();
            instance.destroyForcibly(); // SIGKILL
            killedAt = System.nanoTime();
            System.out.printf("SIGKILL sent to instance pid %s at %.1f s into the load (%d acknowledged creates so far)%n",
                    killPid, (killedAt - loadStart) / 1e9, acked.size());
        }
        pool.shutdown();
        pool.awaitTermination(seconds + 60, TimeUnit.SECONDS);
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;

        // results of the load
        long total = outcomes.values().stream().mapToLong(AtomicLong::get).sum();
        System.out.printf("mixed load: %d requests in %.1f s through the balancer = %.0f req/s, %d workers%n", total, loadSeconds,
                total / loadSeconds, workers);
        for (String kind : new java.util.TreeSet<>(latencies.keySet())) {
            long[] l = latencies.get(kind).stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf("  %-28s %7.0f req/s ok   p50 %6.1f ms   p99 %6.1f ms%n", kind, l.length / loadSeconds, pct(l, 0.5), pct(l, 0.99));
        }
        new java.util.TreeMap<>(outcomes).forEach((k, v) -> System.out.printf("  %-48s %d%n", k, v.get()));

        try (Connection db = DriverManager.getConnection(o.get("db"))) {
            // every acknowledged create is in the database, with its 10 items
            String[] ids = acked.stream().map(a -> a[1]).toArray(String[]::new);
            long found;
            try (var st = db.prepareStatement("SELECT count(*) FROM content_calendar c WHERE c.id = ANY (?::uuid[])"
                    + " AND (SELECT count(*) FROM content_schedule_items i WHERE i.schedule_id = c.id) = 10")) {
                st.setArray(1, db.createArrayOf("text", ids));
                var rs = st.executeQuery();
                rs.next();
                found = rs.getLong(1);
            }
            System.out.printf("acknowledged creates: %d; in the database with their 10 items: %d; lost: %d%n", ids.length, found, ids.length - found);

            // events: wait until every client has caught up with its tenant's last event (or 60 s)
            long[] lastEvent = new long[tenantCount];
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                try (var st = db.prepareStatement("SELECT tenant_id, last_event_id FROM tenant_event_counters WHERE tenant_id LIKE ?")) {
                    st.setString(1, run + "-%");
                    var rs = st.executeQuery();
                    while (rs.next()) {
                        String tenant = rs.getString(1);
                        lastEvent[Integer.parseInt(tenant.substring(tenant.lastIndexOf('-') + 1))] = rs.getLong(2);
                    }
                }
                boolean caughtUp = clients.stream().allMatch(c -> c.last >= lastEvent[c.tenant]);
                if (caughtUp || System.nanoTime() > deadline) break;
                Thread.sleep(500);
            }
            long missed = 0, repeated = 0, reconnects = 0, clientsWithProblems = 0, behind = 0;
            for (Client c : clients) {
                long m = c.missed.get() + Math.max(0, lastEvent[c.tenant] - c.last);
                behind += Math.max(0, lastEvent[c.tenant] - c.last);
                missed += m;
                repeated += c.repeated.get();
                reconnects += c.connects.get() - 1;
                if (m > 0 || c.repeated.get() > 0) clientsWithProblems++;
            }
            long events = Arrays.stream(lastEvent).sum();
            System.out.printf("events: %d logged over %d tenants; %d clients each expected all of its tenant's (%d deliveries);"
                    + " %d reconnects through the balancer with last_event_id%n", events, tenantCount, clientCount,
                    clients.stream().mapToLong(c -> lastEvent[c.tenant]).sum(), reconnects);
            System.out.printf("events missed: %d (of which %d never arrived), repeated: %d; clients with any: %d of %d%n",
                    missed, behind, repeated, clientsWithProblems, clientCount);

            // dispatch: each due item claimed once (one item.due, one delivery row), none left behind, webhook POSTs
            Thread.sleep(3000);
            long[] d = new long[6];
            try (var st = db.prepareStatement("""
                    SELECT (SELECT count(*) FROM content_schedule_items i WHERE i.tenant_id LIKE ?1 AND i.status = 'scheduled'
                              AND i.scheduled_time <= now() AND i.due_emitted_at IS NULL),
                           (SELECT count(*) FROM content_schedule_items i WHERE i.tenant_id LIKE ?1 AND i.due_emitted_at IS NOT NULL),
                           (SELECT count(*) FROM (SELECT item_id FROM schedule_events WHERE tenant_id LIKE ?1 AND event_type = 'item.due'
                              GROUP BY item_id HAVING count(*) > 1) x),
                           (SELECT count(*) FROM schedule_events WHERE tenant_id LIKE ?1 AND event_type = 'item.due'),
                           (SELECT count(*) FROM (SELECT item_id FROM webhook_deliveries WHERE tenant_id LIKE ?1
                              GROUP BY item_id HAVING count(*) > 1) x),
                           (SELECT count(*) FROM webhook_deliveries WHERE tenant_id LIKE ?1 AND state = 'delivered')
                    """.replace("?1", "?"))) {
                for (int i = 1; i <= 6; i++) st.setString(i, run + "-%");
                var rs = st.executeQuery();
                rs.next();
                for (int i = 0; i < 6; i++) d[i] = rs.getLong(i + 1);
            }
            long doublePosts = postsByItem.values().stream().filter(n -> n.get() > 1).count();
            long redelivered = postsByDelivery.values().stream().filter(n -> n.get() > 1).count();
            System.out.printf("dispatch: %d claimed of %d items set to fall due (the rest not due yet), %d due and unclaimed, item.due logged %d times, items with more than one item.due: %d, with more than one delivery: %d%n",
                    d[1], dueItems, d[0], d[3], d[2], d[4]);
            System.out.printf("webhook: %d items received, %d delivered per the database, items POSTed more than once: %d (of which a retry of the same delivery id: %d)%n",
                    postsByItem.size(), d[5], doublePosts, redelivered);
            System.out.printf("SUMMARY acknowledged-writes-lost=%d events-missed=%d events-repeated=%d double-dispatches=%d%n",
                    ids.length - found, missed, repeated, d[2] + d[4]);
        }

        // shared rate limit: one fresh tenant, requests as fast as `workers` can send them, through the balancer
        int probe = Integer.parseInt(o.get("probe"));
        if (probe > 0) {
            String probeToken = token(run + "-probe", o.get("secret"));
            AtomicLong ok = new AtomicLong(), limited = new AtomicLong();
            AtomicInteger left = new AtomicInteger(probe);
            long p0 = System.nanoTime();
            var probes = Executors.newVirtualThreadPerTaskExecutor();
            for (int w = 0; w < workers; w++) {
                probes.execute(() -> {
                    while (left.getAndDecrement() > 0) {
                        try {
                            int s = http.send(HttpRequest.newBuilder(URI.create(base + API + "/me")).header("Authorization", "Bearer " + probeToken).build(),
                                    HttpResponse.BodyHandlers.discarding()).statusCode();
                            (s == 429 ? limited : ok).incrementAndGet();
                        } catch (Exception e) {
                            return;
                        }
                    }
                });
            }
            probes.shutdown();
            probes.awaitTermination(120, TimeUnit.SECONDS);
            double took = (System.nanoTime() - p0) / 1e9;
            long rps = Long.parseLong(o.get("rps")), burst = Long.parseLong(o.get("burst"));
            int instances = Integer.parseInt(o.get("instances"));
            System.out.printf("rate limit (%d/s, burst %d per tenant): one tenant sent %d requests in %.1f s through the balancer: %d passed, %d got 429;"
                    + " one shared bucket allows about %.0f, a bucket per instance about %.0f%n", rps, burst, probe, took, ok.get(), limited.get(),
                    Math.min(probe, burst + rps * took), Math.min(probe, instances * (burst + rps * took)));
        }
        hook.stop(0);
        System.exit(0);
    }

    /** One WebSocket client of one tenant; reconnects through the balancer with last_event_id when its socket goes. */
    static final class Client implements WebSocket.Listener {
        final int index, tenant;
        final HttpClient http;
        final String wsBase, token;
        volatile long last; // the last event_id received, in order
        volatile boolean ready;
        final AtomicLong missed = new AtomicLong(), repeated = new AtomicLong();
        final AtomicInteger connects = new AtomicInteger();
        final StringBuilder part = new StringBuilder();

        Client(int index, int tenant, HttpClient http, String wsBase, String token) {
            this.index = index;
            this.tenant = tenant;
            this.http = http;
            this.wsBase = wsBase;
            this.token = token;
        }

        void connect() {
            connects.incrementAndGet();
            ready = false;
            http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(URI.create(wsBase + "?token=" + token + "&last_event_id=" + last), this)
                    .whenComplete((ws, error) -> {
                        if (error != null) reconnectLater();
                    });
        }

        void reconnectLater() {
            CompletableFuture.runAsync(this::connect, CompletableFuture.delayedExecutor(200 + ThreadLocalRandom.current().nextInt(800), TimeUnit.MILLISECONDS));
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean lastPart) {
            part.append(data);
            if (lastPart) {
                String text = part.toString();
                part.setLength(0);
                Matcher m = EVENT_ID.matcher(text);
                if (m.find()) {
                    long id = Long.parseLong(m.group(1));
                    if (id <= last) repeated.incrementAndGet();
                    else {
                        if (id > last + 1) missed.addAndGet(id - last - 1);
                        last = id;
                    }
                } else if (text.startsWith("{\"type\":\"ready\"")) ready = true;
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            reconnectLater();
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            reconnectLater();
        }
    }

    static String createBody(int items, String firstTime, long stepSeconds) {
        StringBuilder b = new StringBuilder("{\"title\":\"Scale\",\"timezone\":\"UTC\",\"items\":[");
        Instant t = Instant.parse(firstTime);
        String[] platforms = {"youtube", "tiktok", "instagram", "linkedin", "twitter", "facebook"};
        for (int i = 0; i < items; i++) {
            if (i > 0) b.append(',');
            b.append("{\"content_id\":\"c").append(i).append("\",\"platform\":\"").append(platforms[i % 6])
                    .append("\",\"scheduled_time\":\"").append(t.plusSeconds(i * stepSeconds)).append("\"}");
        }
        return b.append("]}").toString();
    }

    static String create(HttpClient http, String base, String token, String body) throws Exception {
        String response = send(http, HttpRequest.newBuilder(URI.create(base + API + "/calendar")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)), 201);
        Matcher m = ID.matcher(response);
        m.find();
        return m.group(1);
    }

    static String send(HttpClient http, HttpRequest.Builder request, int expected) throws Exception {
        for (int attempt = 1; ; attempt++) {
            var r = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == expected) return r.body();
            if (r.statusCode() != 429 || attempt == 5) throw new IllegalStateException("expected " + expected + ": " + r.statusCode() + " " + r.body());
            Thread.sleep(1000);
        }
    }

    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) return 0;
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    static String token(String tenant, String secret) throws Exception {
        var b64 = Base64.getUrlEncoder().withoutPadding();
        long now = System.currentTimeMillis() / 1000;
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"sub\":\"" + tenant + "\",\"role\":\"authenticated\",\"aud\":\"authenticated\",\"iat\":"
                + now + ",\"exp\":" + (now + 3600) + "}").getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return header + "." + claims + "." + b64.encodeToString(mac.doFinal((header + "." + claims).getBytes(StandardCharsets.UTF_8)));
    }
}
