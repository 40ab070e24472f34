package dev.primetime;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.primetime.tenancy.TenantTransactions;
import dev.primetime.web.ApiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The rules of the house that {@code ModularityTest} cannot see, each stated as a sentence: Spring Modulith checks
 * which types and modules a module uses, not which tables its SQL names, where the clock is read, or what its public
 * types throw. A rule names what breaks it.
 */
class ArchitectureRulesTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.primetime");

    @Test
    void onlyOptimizationReadsOptimizationRuns() {
        onlyModuleNamesTable("optimization", "optimization_runs").check(MAIN);
    }

    @Test
    void onlyEngagementReadsPerformanceKpiEvents() {
        onlyModuleNamesTable("engagement", "performance_kpi_events").check(MAIN);
        onlyModuleNamesTable("engagement", "kpi_imports").check(MAIN);
    }

    @Test
    void onlyTheCalendarReadsSchedulesItemsAndTheirEvents() {
        for (String table : List.of("content_calendar", "content_schedule_items", "schedule_events")) {
            onlyModuleNamesTable("calendar", table).check(MAIN);
        }
    }

    @Test
    void everyOtherTableIsReadOnlyByTheModuleThatOwnsIt() {
        onlyModuleNamesTable("trial", "optimization_trials").check(MAIN);
        onlyModuleNamesTable("trial", "optimization_trial_assignments").check(MAIN);
        onlyModuleNamesTable("recommendation", "recommended_schedule_slots").check(MAIN);
        onlyModuleNamesTable("settings", "tenant_settings").check(MAIN);
        onlyModuleNamesTable("platform", "platform_timing_data").check(MAIN);
        onlyModuleNamesTable("platform", "platform_aliases").check(MAIN);
        onlyModuleNamesTable("queue", "posting_queues").check(MAIN);
        onlyModuleNamesTable("idempotency", "idempotency_keys").check(MAIN);
        onlyModuleNamesTable("dispatch", "webhook_deliveries").check(MAIN);
    }

    /**
     * The modules the house rules below hold for (their SQL in {@code *Store} classes, their API records in
     * {@code Requests}/{@code Views}): every module (issue 22).
     */
    static final List<String> HOUSE_MODULES = List.of(
            "background",
            "calendar",
            "database",
            "dispatch",
            "engagement",
            "idempotency",
            "optimization",
            "platform",
            "queue",
            "ratelimit",
            "realtime",
            "recommendation",
            "settings",
            "tenancy",
            "trial",
            "web");

    /**
     * Classes that run SQL and are not stores, each for a reason: they are the connection handling itself, and a
     * store in front of them would only pass their statements through.
     */
    static final Map<String, String> NOT_STORES_BUT_RUN_SQL = Map.of(
            "dev.primetime.tenancy.TenantTransactions",
            "the tenant transaction itself: it sets the role and the caller's claims, and sends a store's statements"
                    + " with them in one round trip",
            "dev.primetime.tenancy.SupabaseAuthSchema",
            "a Flyway callback on the migration's own connection, around V1",
            "dev.primetime.database.DatabaseConfiguration",
            "start-up checks on a connection of its own, before the pool and the schema exist",
            "dev.primetime.database.DatabaseLocator",
            "start-up: finds a local server and creates the database, before the pool exists",
            "dev.primetime.database.DatabaseLoginCheck",
            "start-up: what the runtime login may do, on a connection of that login",
            "dev.primetime.realtime.EventNotifications",
            "the LISTEN connection: LISTEN and its own check notification on a connection outside the pool",
            "dev.primetime.web.HealthController",
            "SELECT 1, the health probe of the pool itself");

    /** A module's SQL is in its {@code *Store} classes (and classes nested in them), but for the named exceptions. */
    @Test
    void sqlOnlyInStoreClassesWhereAModuleHasThem() {
        String[] packages = HOUSE_MODULES.stream()
                .map(module -> "dev.primetime." + module + "..")
                .toArray(String[]::new);
        noClasses()
                .that()
                .resideInAnyPackage(packages)
                .and(DescribedPredicate.describe(
                        "are not a *Store class or nested in one",
                        c -> !c.getSimpleName().endsWith("Store")
                                && c.getEnclosingClass()
                                        .map(outer -> !outer.getSimpleName().endsWith("Store"))
                                        .orElse(true)))
                .and(DescribedPredicate.describe(
                        "are not a named exception (" + String.join(", ", NOT_STORES_BUT_RUN_SQL.keySet()) + ")",
                        c -> !NOT_STORES_BUT_RUN_SQL.containsKey(c.getName())))
                .should()
                .callMethodWhere(runsSql())
                .as("in " + String.join(", ", HOUSE_MODULES) + ", only *Store classes run SQL")
                .check(MAIN);
    }

    /**
     * One naming convention for the API's records: what an endpoint reads ({@code @RequestBody}) is nested in its
     * module's {@code <Subject>Requests}, what it answers (also inside {@code ResponseEntity}, {@code Page} or a list)
     * in {@code <Subject>Views} (the paging wrapper {@code web.Page} is shared; a record the requests define and the views repeat, such as a slot, may stay in
     * {@code Requests}). The error shape every endpoint shares, {@code web.ErrorBody}, is public for all modules.
     */
    @Test
    void theApiRecordsAreNestedInRequestsAndViews() {
        List<String> misplaced = new java.util.ArrayList<>();
        for (JavaClass controller : MAIN) {
            if (!controller.isAnnotatedWith(org.springframework.web.bind.annotation.RestController.class)
                    || !HOUSE_MODULES.contains(controller.getPackageName().split("\\.")[2])) {
                continue;
            }
            for (java.lang.reflect.Method method : controller.reflect().getDeclaredMethods()) {
                if (!org.springframework.core.annotation.AnnotatedElementUtils.hasAnnotation(
                        method, org.springframework.web.bind.annotation.RequestMapping.class)) {
                    continue;
                }
                String where = controller.getSimpleName() + "." + method.getName();
                apiRecords(method.getGenericReturnType())
                        .filter(record -> !nestedIn(record, "Views", "Requests"))
                        .forEach(record -> misplaced.add(where + " answers " + record.getName()));
                for (java.lang.reflect.Parameter parameter : method.getParameters()) {
                    if (parameter.isAnnotationPresent(org.springframework.web.bind.annotation.RequestBody.class)) {
                        apiRecords(parameter.getParameterizedType())
                                .filter(record -> !nestedIn(record, "Requests"))
                                .forEach(record -> misplaced.add(where + " reads " + record.getName()));
                    }
                }
            }
        }
        org.assertj.core.api.Assertions.assertThat(misplaced)
                .as("request records nested in <Subject>Requests, response records in <Subject>Views")
                .isEmpty();
    }

    /** The service's own records in a handler's type, through generic wrappers (ResponseEntity, Page, List). */
    private static java.util.stream.Stream<Class<?>> apiRecords(java.lang.reflect.Type type) {
        if (type instanceof java.lang.reflect.ParameterizedType generic) {
            return java.util.stream.Stream.concat(
                    apiRecords(generic.getRawType()),
                    java.util.Arrays.stream(generic.getActualTypeArguments())
                            .flatMap(ArchitectureRulesTest::apiRecords));
        }
        if (type instanceof Class<?> c
                && c.isRecord()
                && c.getName().startsWith("dev.primetime.")
                && !c.equals(dev.primetime.web.ErrorBody.class)
                && !c.equals(dev.primetime.web.Page.class)) {
            return java.util.stream.Stream.of(c);
        }
        return java.util.stream.Stream.empty();
    }

    private static boolean nestedIn(Class<?> record, String... holderSuffixes) {
        Class<?> holder = record.getEnclosingClass();
        return holder != null && java.util.Arrays.stream(holderSuffixes).anyMatch(holder.getSimpleName()::endsWith);
    }

    @Test
    void noDomainCodeReadsTheClockOfTheMachine() {
        noClasses()
                .that()
                .resideInAPackage("dev.primetime..")
                .and()
                .doNotHaveFullyQualifiedName(PrimetimeApplication.class.getName()) // defines the one Clock bean
                .should()
                .callMethod(Instant.class, "now")
                .orShould()
                .callMethod(LocalDate.class, "now")
                .orShould()
                .callMethod(LocalDateTime.class, "now")
                .orShould()
                .callMethod(OffsetDateTime.class, "now")
                .orShould()
                .callMethod(ZonedDateTime.class, "now")
                .orShould()
                .callMethod(System.class, "currentTimeMillis")
                .orShould()
                .callMethod(Clock.class, "systemUTC")
                .orShould()
                .callMethod(Clock.class, "systemDefaultZone")
                .as("no code reads the time but through the injected Clock (no Instant.now() in domain code)")
                .check(MAIN);
    }

    /**
     * What another module calls in the calendar says what went wrong in the calendar's terms; the caller decides
     * what it means over HTTP (optimization's RunErrors). The calendar's own controller and service answer HTTP.
     */
    @Test
    void theCalendarsPublicAccessClassesThrowDomainExceptionsNotHttpOnes() {
        noClasses()
                .that()
                .resideInAPackage("dev.primetime.calendar")
                .and()
                .arePublic()
                .should()
                .callCodeUnitWhere(DescribedPredicate.describe(
                        "ApiException is created", call -> call.getTargetOwner().isAssignableTo(ApiException.class)))
                .as("the calendar's public access classes throw domain exceptions, not ApiException")
                .check(MAIN);
    }

    private static DescribedPredicate<JavaMethodCall> runsSql() {
        return DescribedPredicate.describe(
                "SQL is run (JdbcClient.sql, JdbcTemplate, a JDBC statement, COPY, TenantTransactions with SQL)",
                call -> (call.getTargetOwner().isAssignableTo(JdbcClient.class)
                                && call.getName().equals("sql"))
                        || call.getTargetOwner().isAssignableTo(JdbcTemplate.class)
                        || call.getTargetOwner().isAssignableTo(NamedParameterJdbcTemplate.class)
                        || (call.getTargetOwner().isAssignableTo(Connection.class)
                                && (call.getName().startsWith("prepare")
                                        || call.getName().equals("createStatement")))
                        || (call.getTargetOwner().isAssignableTo(Statement.class)
                                && (call.getName().startsWith("execute")
                                        || call.getName().equals("addBatch")))
                        || call.getTargetOwner().getPackageName().equals("org.postgresql.copy")
                        || (call.getTargetOwner().isAssignableTo(TenantTransactions.class)
                                && (call.getName().equals("inOneRoundTrip")
                                        || call.getTarget().getRawParameterTypes().stream()
                                                .anyMatch(type -> type.isEquivalentTo(String.class)))));
    }

    /** Classes outside {@code module} never name {@code table} in a string (their SQL). */
    static ArchRule onlyModuleNamesTable(String module, String table) {
        return noClasses()
                .that()
                .resideOutsideOfPackage("dev.primetime." + module + "..")
                .should(nameTable(table))
                .as("only " + module + " reads " + table);
    }

    /** The class's constant pool holds {@code table} as a whole word: a string constant (SQL) names it. */
    private static ArchCondition<JavaClass> nameTable(String table) {
        Pattern word = Pattern.compile("(?<![a-z_])" + Pattern.quote(table) + "(?![a-z_])");
        return new ArchCondition<>("name the table " + table + " in SQL") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                String constants = classFile(javaClass);
                if (word.matcher(constants).find()) {
                    events.add(SimpleConditionEvent.satisfied(
                            javaClass, javaClass.getName() + " names " + table + " in a string"));
                }
            }
        };
    }

    private static String classFile(JavaClass javaClass) {
        return javaClass
                .getSource()
                .map(source -> {
                    try {
                        // ISO-8859-1 keeps every byte: an ASCII table name in the constant pool reads as itself
                        return new String(Files.readAllBytes(Path.of(source.getUri())), StandardCharsets.ISO_8859_1);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .orElse("");
    }
}
