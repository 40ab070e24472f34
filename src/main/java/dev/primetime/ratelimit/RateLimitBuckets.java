package dev.primetime.ratelimit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where the token buckets live ({@code RATE_LIMIT_BACKEND}): {@code memory} (default) keeps them in this instance,
 * so each instance allows the full rate; {@code redis} keeps them in Redis ({@code REDIS_URL}), shared by every
 * instance, through Bucket4j's compare-and-swap proxy.
 */
sealed interface RateLimitBuckets extends AutoCloseable {

    Bucket bucket(String key);

    @Override
    default void close() {}

    static RateLimitBuckets of(RateLimitProperties limits) {
        return switch (limits.backend()) {
            case "memory" -> new Local(limits);
            case "redis" -> new Redis(limits);
            default ->
                throw new IllegalArgumentException(
                        "RATE_LIMIT_BACKEND must be memory or redis, not '" + limits.backend() + "'");
        };
    }

    private static BucketConfiguration configuration(RateLimitProperties limits) {
        return BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(limits.burst()).refillGreedy(limits.rps(), Duration.ofSeconds(1)))
                .build();
    }

    /** One bucket per key in this instance's memory. */
    final class Local implements RateLimitBuckets {
        private static final long SWEEP_EVERY = 10_000;
        private final RateLimitProperties limits;
        private final BucketConfiguration configuration;
        private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
        private final AtomicLong uses = new AtomicLong();

        Local(RateLimitProperties limits) {
            this.limits = limits;
            this.configuration = configuration(limits);
        }

        @Override
        public Bucket bucket(String key) {
            sweepIdleBuckets();
            return buckets.computeIfAbsent(
                    key,
                    k -> Bucket.builder()
                            .addLimit(configuration.getBandwidths()[0])
                            .build());
        }

        // A full bucket is the same as a new one, so dropping it loses nothing and keeps the map small.
        private void sweepIdleBuckets() {
            if (uses.incrementAndGet() % SWEEP_EVERY == 0) {
                buckets.entrySet().removeIf(e -> e.getValue().getAvailableTokens() >= limits.burst());
            }
        }
    }

    /** Buckets in Redis; a key expires once its bucket would be full again, so Redis holds only active callers. */
    final class Redis implements RateLimitBuckets {
        static final Duration STORE_TIMEOUT = Duration.ofMillis(200);
        private final RedisClient client;
        private final StatefulRedisConnection<String, byte[]> connection;
        private final ProxyManager<String> buckets;
        private final BucketConfiguration configuration;

        Redis(RateLimitProperties limits) {
            this.client = RedisClient.create(limits.redisUrl());
            // A store that is down or hangs must cost a request little: commands fail at once while disconnected
            // (Lettuce would queue them through a reconnect) and time out quickly, and the filter then lets the
            // request through. Without this each request waited up to Lettuce's 60 s in the filter.
            client.setOptions(ClientOptions.builder()
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(TimeoutOptions.enabled(STORE_TIMEOUT))
                    .build());
            this.connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
            this.buckets = Bucket4jLettuce.casBasedBuilder(connection)
                    .requestTimeout(STORE_TIMEOUT)
                    .expirationAfterWrite(
                            ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                    .build();
            this.configuration = configuration(limits);
        }

        @Override
        public Bucket bucket(String key) {
            return buckets.builder().build("primetime:rate-limit:" + key, () -> configuration);
        }

        @Override
        public void close() {
            connection.close();
            client.shutdown();
        }
    }
}
