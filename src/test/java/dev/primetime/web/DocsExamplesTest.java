package dev.primetime.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.support.ServiceProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every fenced {@code bash} block of README.md and docs/*.md, run as written against a freshly started service, so
 * that the documentation cannot rot. The service runs as a developer starts it (development, no token settings, its
 * own working folder, where it writes {@code .primetime/dev-token}); only its database is this run's test database,
 * and its rate limit is raised, since a script sends faster than a person pastes.
 *
 * <p>The blocks of one file run in order in one bash ({@code set -euo pipefail}), so a variable set by an earlier
 * line (a token, an id taken from an answer) is there for the later ones, and nothing else is. Two things are changed
 * before running: {@code localhost:8000} becomes this service's address, and {@code curl} reports each answer's
 * status, which must be 2xx. A block that must not run (it starts the service, or runs this suite) is marked on the
 * line before it with {@code <!-- docs-test: skip, because … -->}; the reason is required.
 */
class DocsExamplesTest {
    static final String SKIP_MARKER = "<!-- docs-test: skip";
    private static final Pattern FENCE = Pattern.compile("^(\\s*)```(\\S*)\\s*(.*)$");
    private static final Pattern STATUS = Pattern.compile("^@@status (\\d{3}) (\\S+) (\\S+)$");
    private static ServiceProcess service;
    private static Path workingDirectory;

    /** A fenced bash block: where it is, its text, and whether it is marked not to run. */
    record Block(Path file, int line, String text, boolean skipped) {
        String where() {
            return file + ":" + line;
        }
    }

    @BeforeAll
    static void startService() throws IOException {
        workingDirectory = Files.createDirectories(Path.of("target", "docs-examples"))
                .resolve("run-" + System.currentTimeMillis())
                .toAbsolutePath();
        service = ServiceProcess.launchForDevelopment(
                "docs-examples",
                workingDirectory,
                Map.of(
                        "primetime.rate-limit.rps", "1000",
                        "primetime.rate-limit.burst", "2000",
                        "primetime.dispatch.enabled", "false"));
        service.awaitHealthy(Duration.ofSeconds(120));
    }

    /** SIGTERM, as Maven passes Ctrl-C on to spring-boot:run: a clean stop, exit status 0 (see StopSignal). */
    @AfterAll
    static void stopService() throws IOException {
        if (service != null && service.isAlive()) {
            int status = service.stop(Duration.ofSeconds(30));
            assertThat(status)
                    .as("exit status after SIGTERM; log:\n%s", service.logTail())
                    .isZero();
            assertThat(Files.readString(service.log())).contains("Graceful shutdown complete");
        }
    }

    static List<Path> documents() throws IOException {
        List<Path> files = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        return files;
    }

    static List<Block> bashBlocks(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            String indent = open.group(1);
            int start = i;
            StringBuilder text = new StringBuilder();
            for (i++; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
                String line = lines.get(i);
                text.append(line.startsWith(indent) ? line.substring(indent.length()) : line.strip())
                        .append('\n');
            }
            if (!open.group(2).equals("bash")) {
                continue;
            }
            String before = start > 0 ? lines.get(start - 1).strip() : "";
            boolean skipped = before.startsWith(SKIP_MARKER);
            if (skipped) {
                assertThat(before)
                        .as("%s:%d: a skipped block says why: <!-- docs-test: skip, because … -->", file, start)
                        .matches("<!-- docs-test: skip, because \\S.* -->");
            }
            blocks.add(new Block(file, start + 1, text.toString(), skipped));
        }
        return blocks;
    }

    @Test
    void theReadmeHasRunnableExamplesAndEverySkippedBlockSaysWhy() throws IOException {
        List<Block> readme = bashBlocks(Path.of("README.md"));
        assertThat(readme).anyMatch(b -> !b.skipped() && b.text().contains("curl"));
        // the commands that start the service and run the tests are the README's own, and must not run here
        assertThat(readme)
                .filteredOn(b -> b.text().contains("./mvnw"))
                .isNotEmpty()
                .allMatch(Block::skipped);
    }

    @TestFactory
    Stream<DynamicTest> everyBashBlockRunsAgainstAFreshService() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : documents()) {
            List<Block> runnable =
                    bashBlocks(file).stream().filter(b -> !b.skipped()).toList();
            if (!runnable.isEmpty()) {
                tests.add(DynamicTest.dynamicTest(file.toString(), () -> run(file, runnable)));
            }
        }
        assertThat(tests).isNotEmpty();
        return tests.stream();
    }

    /** The blocks of one file in one bash; fails naming the block, the command's answer and its output. */
    private static void run(Path file, List<Block> blocks) throws Exception {
        String base = "127.0.0.1:" + service.port();
        StringBuilder script = new StringBuilder("""
                set -euo pipefail
                # each answer's status, method and URL on stderr, for the test to check
                curl() { command curl --write-out '%{stderr}@@status %{http_code} %{method} %{url_effective}\\n' "$@"; }
                """);
        for (Block block : blocks) {
            script.append("echo '@@block ").append(block.where()).append("' >&2\n");
            script.append(block.text()
                    .replace("http://localhost:8000", "http://" + base)
                    .replace("localhost:8000", base));
            script.append('\n');
        }
        Path out = Files.createTempFile(workingDirectory, "out-", ".txt");
        Path err = Files.createTempFile(workingDirectory, "err-", ".txt");
        Process bash = new ProcessBuilder("bash", "-c", script.toString())
                .directory(workingDirectory.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        boolean ended = bash.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            bash.destroyForcibly();
        }
        String stdout = Files.readString(out);
        String stderr = Files.readString(err);
        String block = "?";
        List<String> answers = new ArrayList<>();
        for (String line : stderr.split("\n")) {
            if (line.startsWith("@@block ")) {
                block = line.substring(8);
            }
            Matcher status = STATUS.matcher(line);
            if (status.matches()) {
                answers.add(block + " " + status.group(2) + " " + status.group(3) + " → " + status.group(1));
                assertThat(status.group(1))
                        .as(
                                "%s: %s %s answered %s, the docs expect 2xx\nlast output:\n%s",
                                block, status.group(2), status.group(3), status.group(1), tail(stdout))
                        .startsWith("2");
            }
        }
        assertThat(ended).as("%s did not finish within 120 s", file).isTrue();
        assertThat(bash.exitValue())
                .as(
                        "%s: a command failed (bash exit %d) in block %s\nanswers: %s\nstdout:\n%s\nstderr:\n%s",
                        file, bash.exitValue(), block, answers, tail(stdout), tail(stderr))
                .isZero();
        assertThat(answers).as("%s: no curl answered", file).isNotEmpty();
    }

    private static String tail(String text) {
        return text.length() <= 3000 ? text : "…" + text.substring(text.length() - 3000);
    }
}
