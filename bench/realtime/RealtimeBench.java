// Delivery latency of real-time updates: N WebSocket clients, E events/s made over HTTP, p50/p99 from the moment
// the change request is sent until a subscribed client has the event; plus the service's memory while it runs.
// JDK only, run as a single-file program by run.sh: java RealtimeBench.java <options>.
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public class RealtimeBench {
    static final Pattern SEQ = Pattern.compile("\"bench_seq\":(\\d+)");
    static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        String[] defaults = {"base", "http://127.0.0.1:18080", "secret", "bench-secret-bench-secret-bench-secret-32",
                "clients", "1000", "schedules", "100", "rate", "200", "seconds", "30", "warmup", "40", "pid", "",
                "httpclients", "8", "source", "http", "db", "", "tenants", "10", "warmup-max", "180", "gclog", ""};
        for (int i = 0; i < defaults.length; i += 2) o.put(defaults[i], defaults[i + 1]);
        for (String a : args) {
            String[] kv = a.replaceFirst("^--", "").split("=", 2);
            o.put(kv[0], kv[1]);
        }
        String base = o.get("base");
        int clients = Integer.parseInt(o.get("clients"));
        int schedules = Integer.parseInt(o.get("schedules"));
        int rate = Integer.parseInt(o.get("rate"));
        int seconds = Integer.parseInt(o.get("seconds"));
        int warmup = Integer.parseInt(o.get("warmup"));
        int warmupMax = Math.max(warmup, Integer.parseInt(o.get("warmup-max")));
        long pid = o.get("pid").isEmpty() ? -1 : Long.parseLong(o.get("pid"));
        // schedules spread round-robin over several tenants, as real traffic is: each tenant's writes lock its own
        // rows and take its own rate-limit bucket, and the fan-out filters by tenant
        // (--source=db writes as one tenant, so it keeps to one)
        int tenantCount = o.get("source").equals("db") ? 1 : Math.max(1, Math.min(Integer.parseInt(o.get("tenants")), schedules));
        String run = "bench-" + System.nanoTime();
        String[] tokens = new String[tenantCount];
        for (int t = 0; t < tenantCount; t++) tokens[t] = token(run + "-" + t, o.get("secret"));
        HttpClient http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();

        // schedules with one item each; events are PATCHes of those items
        String[] scheduleIds = new String[schedules];
        String[] itemIds = new String[schedules];
        String[] scheduleTokens = new String[schedules];
        for (int s = 0; s < schedules; s++) {
            String token = scheduleTokens[s] = tokens[s % tenantCount];
            String body = "{\"title\":\"bench " + s + "\",\"timezone\":\"UTC\",\"items\":[{\"content_id\":\"c" + s
                    + "\",\"platform\":\"youtube\",\"scheduled_time\":\"2099-01-01T00:00:00Z\"}]}";
            var r = http.send(request(base + "/api/v1/scheduling/calendar", token).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) throw new IllegalStateException("create failed: " + r.statusCode() + " " + r.body());
            Matcher m = ID.matcher(r.body());
            m.find();
            scheduleIds[s] = m.group(1);
            int items = r.body().indexOf("\"items\":[");
            m.find(items);
            itemIds[s] = m.group(1);
        }

        // clients spread evenly over the schedules, each subscribed to one
        int maxEvents = rate * (seconds + warmupMax) + 1000;
        long[] sentAt = new long[maxEvents];
        // when the change request's 200 arrived: a delivery's time after it is the fan-out's share of the latency
        // (commit -> NOTIFY -> read -> socket), apart from the write path's
        AtomicLongArray answeredAt = new AtomicLongArray(maxEvents);
        java.util.Queue<long[]> deliveries = new java.util.concurrent.ConcurrentLinkedQueue<>();
        AtomicLongArray firstSeen = new AtomicLongArray(maxEvents);
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicLong received = new AtomicLong();
        AtomicLong measureFrom = new AtomicLong(Long.MAX_VALUE);
        HttpClient[] wsClients = new HttpClient[Integer.parseInt(o.get("httpclients"))];
        for (int i = 0; i < wsClients.length; i++) wsClients[i] = HttpClient.newHttpClient();
        String wsBase = base.replaceFirst("^http", "ws") + "/api/v1/scheduling/ws";
        List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
        CountDownLatchLike ready = new CountDownLatchLike(clients);
        AtomicLong refusedHandshakes = new AtomicLong();
        long connectStart = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            String schedule = scheduleIds[c % schedules];
            String token = scheduleTokens[c % schedules];
            java.util.function.Supplier<WebSocket.Listener> listener = () -> new WebSocket.Listener() {
                        final StringBuilder part = new StringBuilder();
                        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                            long now = System.nanoTime();
                            part.append(data);
                            if (last) {
                                String text = part.toString();
                                part.setLength(0);
                                if (text.startsWith("{\"type\":\"ready\"")) ready.countDown();
                                Matcher m = SEQ.matcher(text);
                                if (m.find()) {
                                    int seq = Integer.parseInt(m.group(1));
                                    received.incrementAndGet();
                                    if (seq < sentAt.length && sentAt[seq] >= measureFrom.get()) {
                                        latencies.add(now - sentAt[seq]);
                                        deliveries.add(new long[] {seq, now});
                                    }
                                }
                            }
                            ws.request(1);
                            return null;
                        }
                    };
            opening.add(open(wsClients[c % wsClients.length], URI.create(wsBase + "?schedule_id=" + schedule + "&token=" + token),
                    listener, 5, refusedHandshakes));
            if (c % 100 == 99) Thread.sleep(50); // do not trip the handshake backlog
        }
        for (var f : opening) f.join();
        if (refusedHandshakes.get() > 0) System.out.printf("%d handshakes refused and retried (as clients reconnect)%n", refusedHandshakes.get());
        if (!ready.await(60)) throw new IllegalStateException("not every client got ready: " + ready.count());
        System.out.printf("connected %d clients over %d schedules of %d tenants in %.1f s%n", clients, schedules, tenantCount,
                (System.nanoTime() - connectStart) / 1e9);

        // events at a fixed rate, each a PATCH with a sequence number in the item's metadata
        var senders = Executors.newVirtualThreadPerTaskExecutor();
        DbSource db = o.get("source").equals("db") ? new DbSource(o.get("db"), run + "-0", 8) : null;
        System.out.println("events are " + (db == null ? "PATCH requests over HTTP, each moving an item to a new time"
                : "rows committed straight into schedule_events"));
        var timer = Executors.newSingleThreadScheduledExecutor();
        AtomicLong seqs = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        List<Long> requestLatencies = java.util.Collections.synchronizedList(new ArrayList<>());
        long intervalNanos = 1_000_000_000L / rate;
        long peakRss = 0;
        var task = timer.scheduleAtFixedRate(() -> {
            int seq = (int) seqs.getAndIncrement();
            if (seq >= sentAt.length) return;
            int s = seq % schedules;
            if (db != null) {
                senders.execute(() -> db.insert(seq, scheduleIds[s], sentAt, failures));
                return;
            }
            senders.execute(() -> {
                sentAt[seq] = System.nanoTime();
                // a move (the calendar's common change: re-validated, re-read, logged) tagged with the sequence number
                String time = java.time.Instant.parse("2099-01-01T00:00:00Z").plusSeconds(60L * seq).toString();
                String body = "{\"scheduled_time\":\"" + time + "\",\"metadata\":{\"bench_seq\":" + seq + "}}";
                try {
                    var r = http.send(request(base + "/api/v1/scheduling/calendar/" + scheduleIds[s] + "/items/" + itemIds[s], scheduleTokens[s])
                            .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) {
                        statuses.computeIfAbsent(r.statusCode(), k -> new AtomicLong()).incrementAndGet();
                        if (failures.incrementAndGet() < 4) System.out.println("request failed: " + r.statusCode() + " " + r.body());
                    } else if (System.nanoTime() >= measureFrom.get()) {
                        answeredAt.set(seq, System.nanoTime());
                        requestLatencies.add(answeredAt.get(seq) - sentAt[seq]);
                    }
                } catch (Exception e) {
                    if (failures.incrementAndGet() < 4) System.out.println("request failed: " + e);
                }
            });
        }, 0, intervalNanos, TimeUnit.NANOSECONDS);
        // warm-up: at least --warmup seconds, then on in 10 s steps while the JIT compiler threads keep busy
        Thread.sleep(warmup * 1000L);
        int warmedFor = warmup;
        double jitLastStep = -1;
        while (pid > 0 && warmedFor < warmupMax) {
            double before = jitCpuSeconds(pid);
            Thread.sleep(10_000);
            warmedFor += 10;
            jitLastStep = jitCpuSeconds(pid) - before;
            if (jitLastStep < 0.3) break;
        }
        System.out.printf("warm-up: %d s of events; the JIT compiler threads used %.1f s of CPU so far%s%n", warmedFor, jitCpuSeconds(pid),
                jitLastStep < 0 ? "" : String.format(", %.2f s in the last 10 s", jitLastStep));
        double jitAtStart = jitCpuSeconds(pid);
        java.time.Instant windowStart = java.time.Instant.now();
        measureFrom.set(System.nanoTime());
        long measuredFromSeq = seqs.get();
        for (int t = 0; t < seconds * 4; t++) {
            Thread.sleep(250);
            peakRss = Math.max(peakRss, rssKib(pid));
        }
        java.time.Instant windowEnd = java.time.Instant.now();
        double jitInWindow = jitCpuSeconds(pid) - jitAtStart;
        task.cancel(false);
        long sent = seqs.get();
        Thread.sleep(2000); // let the last events arrive
        long measuredEvents = sent - measuredFromSeq;
        long[] l = latencies.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(l);
        long expected = measuredEvents * (clients / schedules);
        System.out.printf("events: %d sent over %d s measured (%.0f/s), %d failed requests %s%n", measuredEvents, seconds, measuredEvents / (double) seconds, failures.get(),
                statuses.isEmpty() ? "" : statuses.toString());
        System.out.printf("deliveries measured: %d of %d expected (%d clients per schedule)%n", l.length, expected, clients / schedules);
        System.out.printf("delivery latency (request sent -> client has the event): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                pct(l, 0.50), pct(l, 0.99), l.length == 0 ? 0 : l[l.length - 1] / 1e6);
        long[] q = requestLatencies.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(q);
        System.out.printf("the change requests themselves (sent -> 200): p50 %.1f ms, p99 %.1f ms%n", pct(q, 0.50), pct(q, 0.99));
        long[] fanout = deliveries.stream().filter(d -> answeredAt.get((int) d[0]) > 0)
                .mapToLong(d -> Math.max(0, d[1] - answeredAt.get((int) d[0]))).sorted().toArray();
        if (db == null) System.out.printf("after the request's 200 (the fan-out's share; 0 when the event came first): p50 %.1f ms, p99 %.1f ms%n",
                pct(fanout, 0.50), pct(fanout, 0.99));
        double[] gc = gcPauses(o.get("gclog"), windowStart, windowEnd);
        if (pid > 0) System.out.printf("service memory: peak RSS %.0f MiB; heap after the window's last GC %.0f MiB%n", peakRss / 1024.0, gc[3]);
        System.out.printf("in the measured window: %d GC pauses (max %.1f ms, total %.1f ms); JIT compiler threads used %.2f s of CPU%n",
                (int) gc[0], gc[1], gc[2], jitInWindow);
        System.out.printf("RESULT p50=%.1f p99=%.1f max=%.1f request_p99=%.1f fanout_p99=%.1f rss=%.0f gc_pauses=%d gc_max=%.1f gc_sum=%.1f jit_cpu=%.2f%n",
                pct(l, 0.50), pct(l, 0.99), l.length == 0 ? 0 : l[l.length - 1] / 1e6, pct(q, 0.99), pct(fanout, 0.99), peakRss / 1024.0,
                (int) gc[0], gc[1], gc[2], jitInWindow);
        System.exit(0);
    }

    /** Opens a socket; a refused handshake is tried again after a second, as a client would, up to {@code attempts}. */
    static CompletableFuture<WebSocket> open(HttpClient client, URI uri, java.util.function.Supplier<WebSocket.Listener> listener,
            int attempts, AtomicLong refused) {
        return client.newWebSocketBuilder().buildAsync(uri, listener.get()).handle((ws, error) -> {
            if (error == null) return CompletableFuture.completedFuture(ws);
            refused.incrementAndGet();
            if (attempts <= 1) return CompletableFuture.<WebSocket>failedFuture(error);
            return CompletableFuture.runAsync(() -> {}, CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS))
                    .thenCompose(x -> open(client, uri, listener, attempts - 1, refused));
        }).thenCompose(f -> f);
    }

    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) return 0;
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    /** CPU seconds the JVM's JIT compiler threads (C1, C2) have used so far, from /proc. */
    static double jitCpuSeconds(long pid) {
        if (pid <= 0) return 0;
        long ticks = 0;
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String comm = Files.readString(task.resolve("comm")).trim();
                    if (!comm.startsWith("C1 Compiler") && !comm.startsWith("C2 Compiler")) continue;
                    String stat = Files.readString(task.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
                } catch (Exception gone) {
                    // a compiler thread that ended meanwhile
                }
            }
        } catch (Exception e) {
            return 0;
        }
        return ticks / 100.0; // USER_HZ
    }

    /** GC pauses the -Xlog:gc,gc+phases:file=...:time,uptime log shows between two instants: {count, max ms, total ms}. */
    static double[] gcPauses(String file, java.time.Instant from, java.time.Instant to) {
        double[] r = new double[4];
        if (file.isEmpty()) return r;
        // G1: "Pause Young (Normal) (G1 Evacuation Pause) 120M->30M(256M) 3.210ms"; ZGC (gc+phases): "Pause Mark Start 0.012ms"
        Pattern line = Pattern.compile("^\\[([^\\]]+)\\].* Pause .*?(?:->(\\d+)M\\(\\d+M\\))? (\\d+\\.\\d+)ms$");
        var format = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
        try {
            for (String s : Files.readAllLines(Path.of(file))) {
                Matcher m = line.matcher(s);
                if (!m.find()) continue;
                var at = java.time.OffsetDateTime.parse(m.group(1), format).toInstant();
                if (at.isBefore(from) || at.isAfter(to)) continue;
                double ms = Double.parseDouble(m.group(3));
                if (m.group(2) != null) r[3] = Double.parseDouble(m.group(2));
                r[0]++;
                r[1] = Math.max(r[1], ms);
                r[2] += ms;
            }
        } catch (Exception e) {
            System.out.println("GC log unreadable: " + e);
        }
        return r;
    }

    static long rssKib(long pid) {
        if (pid <= 0) return 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
            }
        } catch (Exception e) {
            return 0;
        }
        return 0;
    }

    static HttpRequest.Builder request(String url, String token) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json");
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

    /**
     * Events without the HTTP write path: each is one transaction that inserts a schedule_events row as the app role
     * with the tenant's claims, as the calendar does; latency runs from just before that transaction starts.
     */
    static final class DbSource {
        final java.util.concurrent.BlockingQueue<java.sql.Connection> pool = new java.util.concurrent.LinkedBlockingQueue<>();
        final String tenant;
        static final String PAD = "x".repeat(500);

        DbSource(String url, String tenant, int connections) throws Exception {
            this.tenant = tenant;
            for (int i = 0; i < connections; i++) pool.add(java.sql.DriverManager.getConnection(url));
        }

        void insert(int seq, String schedule, long[] sentAt, AtomicLong failures) {
            java.sql.Connection c = null;
            try {
                c = pool.take();
                sentAt[seq] = System.nanoTime();
                c.setAutoCommit(false);
                try (var st = c.prepareStatement("SELECT set_config('role', 'primetime_app', true), set_config('request.jwt.claims', ?, true)")) {
                    st.setString(1, "{\"sub\":\"" + tenant + "\",\"role\":\"authenticated\"}");
                    st.executeQuery().close();
                }
                try (var st = c.prepareStatement("INSERT INTO schedule_events (schedule_id, event_type, payload, created_at) VALUES (?::uuid, 'item.updated', ?::jsonb, now())")) {
                    st.setString(1, schedule);
                    st.setString(2, "{\"metadata\":{\"bench_seq\":" + seq + "},\"pad\":\"" + PAD + "\"}");
                    st.executeUpdate();
                }
                c.commit();
            } catch (Exception e) {
                if (failures.incrementAndGet() < 4) System.out.println("insert failed: " + e);
            } finally {
                if (c != null) pool.add(c);
            }
        }
    }

    static final class CountDownLatchLike {
        final java.util.concurrent.CountDownLatch latch;
        CountDownLatchLike(int n) { latch = new java.util.concurrent.CountDownLatch(n); }
        void countDown() { latch.countDown(); }
        long count() { return latch.getCount(); }
        boolean await(int seconds) throws InterruptedException { return latch.await(seconds, TimeUnit.SECONDS); }
    }
}
