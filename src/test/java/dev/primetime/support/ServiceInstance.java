package dev.primetime.support;

import dev.primetime.PrimetimeApplication;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * Another whole instance of the service, in this JVM, on its own port, against this run's test database: what a
 * second replica behind the same PostgreSQL looks like. Instances started with the same clock share it.
 */
public final class ServiceInstance implements AutoCloseable {
    private final ConfigurableApplicationContext context;
    private final int port;

    private ServiceInstance(ConfigurableApplicationContext context) {
        this.context = context;
        this.port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    public static ServiceInstance start(Clock clock, Map<String, String> properties) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("server.port", "0");
        all.put("server.address", "127.0.0.1");
        all.put("primetime.database.url", TestDatabase.jdbcUrlWithCredentials());
        all.put("primetime.environment", "test");
        all.put("primetime.auth.jwt-secret", TestTokens.SECRET);
        all.put("primetime.auth.supabase-url", TestTokens.supabaseUrl());
        all.put("primetime.auth.supabase-key", TestTokens.SUPABASE_KEY);
        all.put("spring.lifecycle.timeout-per-shutdown-phase", "2s");
        all.putAll(properties);
        List<String> args = new ArrayList<>();
        all.forEach((k, v) -> args.add("--" + k + "=" + v));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(PrimetimeApplication.class)
                .initializers(c -> ((GenericApplicationContext) c)
                        .registerBean("testClock", Clock.class, () -> clock, bd -> bd.setPrimary(true)))
                .run(args.toArray(String[]::new));
        return new ServiceInstance(context);
    }

    public int port() {
        return port;
    }

    public Api api(String tenant, Clock clock) {
        return new Api(port, TestTokens.forTenant(tenant, clock));
    }

    public DataSource dataSource() {
        return context.getBean(DataSource.class);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public boolean isRunning() {
        return context.isActive();
    }

    @Override
    public void close() {
        if (context.isActive()) {
            context.close();
        }
    }
}
