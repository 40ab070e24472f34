package dev.primetime.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Nothing in src/main branches on a platform's name: no {@code case}, {@code equals} or comparison with a platform id
 * or alias, no constant named for one, and the web page names none. The ids and aliases are those the migrations
 * ship, read from them, so a platform added there is covered too. (The analytics-export presets name the platform
 * whose file layout they read; that is data, and compared nowhere.)
 */
class NoPlatformBranchesTest {
    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");

    /** Every platform id and alias the migrations insert. */
    static Set<String> shippedNames() throws IOException {
        Set<String> names = new LinkedHashSet<>();
        Pattern platformRow = Pattern.compile("INSERT INTO platforms \\([^)]*\\)\\s*VALUES\\s*\\('([a-z0-9_]+)'");
        Pattern aliasRow = Pattern.compile("\\('([^']+)', '[a-z0-9_]+'\\)");
        Pattern seedRow = Pattern.compile("^\\('([a-z0-9_]+)', '[a-z_]+', '", Pattern.MULTILINE);
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            for (Path file : files.sorted().toList()) {
                String sql = Files.readString(file);
                Matcher m = platformRow.matcher(sql);
                while (m.find()) {
                    names.add(m.group(1));
                }
                if (file.getFileName().toString().startsWith("V2__")) {
                    Matcher seed = seedRow.matcher(sql);
                    while (seed.find()) {
                        names.add(seed.group(1));
                    }
                }
                for (String line : sql.lines().toList()) {
                    if (line.startsWith("INSERT INTO platform_aliases")) {
                        Matcher a = aliasRow.matcher(line);
                        while (a.find()) {
                            names.add(a.group(1));
                        }
                    }
                }
            }
        }
        return names;
    }

    private static List<Path> sources(Path root, String suffix) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(suffix)).sorted().toList();
        }
    }

    @Test
    void theMigrationsShipTwelvePlatformsAndTheirAliases() throws IOException {
        assertThat(shippedNames())
                .containsExactlyInAnyOrder(
                        "youtube",
                        "tiktok",
                        "instagram",
                        "linkedin",
                        "twitter",
                        "facebook",
                        "threads",
                        "bluesky",
                        "pinterest",
                        "snapchat",
                        "mastodon",
                        "reddit",
                        "x",
                        "twitter/x",
                        "bsky");
    }

    /** The ways code could branch on a platform's name. */
    static List<Pattern> branches(Set<String> names) {
        List<Pattern> branches = new ArrayList<>();
        branches.add(Pattern.compile("\\bPlatform\\s*\\.\\s*(values|valueOf)\\s*\\("));
        for (String name : names) {
            String quoted = Pattern.quote("\"" + name + "\"");
            String constant =
                    Pattern.quote(name.toUpperCase(java.util.Locale.ROOT).replace('/', '_'));
            branches.add(Pattern.compile("case\\s+(" + quoted + "|" + constant + ")\\b", Pattern.CASE_INSENSITIVE));
            branches.add(Pattern.compile(quoted + "\\s*\\.\\s*equals(IgnoreCase)?\\s*\\(", Pattern.CASE_INSENSITIVE));
            branches.add(Pattern.compile("\\.\\s*equals(IgnoreCase)?\\s*\\(\\s*" + quoted, Pattern.CASE_INSENSITIVE));
            branches.add(Pattern.compile("[!=]=\\s*" + quoted));
            branches.add(Pattern.compile("\\bPlatform\\s*\\.\\s*" + constant + "\\b"));
        }
        return branches;
    }

    private static boolean branches(List<Pattern> patterns, String line) {
        return patterns.stream().anyMatch(p -> p.matcher(line).find());
    }

    @Test
    void theCheckFindsTheBranchesTheEnumHad() throws IOException {
        List<Pattern> patterns = branches(shippedNames());
        assertThat(branches(patterns, "            case FACEBOOK -> t.contains(\"video\") ? \"video\" : null;"))
                .isTrue();
        assertThat(branches(patterns, "if (v.equals(\"x\") || v.equals(\"twitter/x\")) {"))
                .isTrue();
        assertThat(branches(patterns, "if (\"reddit\".equalsIgnoreCase(id)) {")).isTrue();
        assertThat(branches(patterns, "for (Platform p : Platform.values()) {")).isTrue();
        assertThat(branches(patterns, "rules.put(Platform.YOUTUBE, r);")).isTrue();
        assertThat(branches(patterns, "Math.max(1, byPlatform.values().stream().count());"))
                .isFalse();
        assertThat(branches(patterns, "this.platform = platform == null ? null : Platform.of(platform);"))
                .isFalse();
    }

    @Test
    void noJavaCodeInSrcMainBranchesOnAPlatformsName() throws IOException {
        List<Pattern> patterns = branches(shippedNames());
        List<String> found = new ArrayList<>();
        for (Path file : sources(Path.of("src/main/java"), ".java")) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (branches(patterns, lines.get(i))) {
                    found.add(file + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        assertThat(found).as("platform names branched on in src/main/java").isEmpty();
    }

    @Test
    void theWebPageNamesNoPlatform() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path file : sources(Path.of("src/main/resources/static"), "")) {
            if (!Files.isRegularFile(file)) {
                continue;
            }
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                for (String name : shippedNames()) {
                    if (name.length() > 2
                            && Pattern.compile("['\"`]" + Pattern.quote(name) + "['\"`]")
                                    .matcher(lines.get(i))
                                    .find()) {
                        found.add(file + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertThat(found).as("platform names in the web page").isEmpty();
    }
}
