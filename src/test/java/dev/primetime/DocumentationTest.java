package dev.primetime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * Writes the module map into {@code docs/modules} on every build, from the code itself: the diagram of all modules
 * ({@code components.puml}), one per module, and one canvas per module (its public types, beans, events, and what
 * it may depend on). docs/ARCHITECTURE.md points at them, so the map cannot drift from the code; a build that
 * changes them shows up in the diff.
 */
class DocumentationTest {
    static final Path OUTPUT = Path.of("docs", "modules");

    @Test
    void writesTheModuleMapIntoDocs() throws IOException {
        ApplicationModules modules = ApplicationModules.of(PrimetimeApplication.class);
        new Documenter(modules, Documenter.Options.defaults().withOutputFolder(OUTPUT.toString()))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml()
                .writeModuleCanvases();
        try (Stream<Path> files = Files.list(OUTPUT)) {
            for (Path diagram :
                    files.filter(f -> f.toString().endsWith(".puml")).toList()) {
                Files.write(diagram, inStableOrder(Files.readAllLines(diagram)));
            }
        }
        assertThat(OUTPUT.resolve("components.puml")).exists();
        modules.forEach(module -> assertThat(Files.exists(OUTPUT.resolve("module-" + module.getIdentifier() + ".adoc")))
                .as("canvas of " + module.getIdentifier())
                .isTrue());
    }

    /**
     * The Documenter lists a diagram's components and relations in hash order, which differs from run to run: sorted,
     * a build that changes nothing leaves the files as they are, and a diff shows only what changed.
     */
    static List<String> inStableOrder(List<String> lines) {
        List<String> out = new ArrayList<>();
        List<String> run = new ArrayList<>();
        String runKind = null;
        for (String line : lines) {
            String kind =
                    line.startsWith("Rel(") ? "Rel(" : line.strip().startsWith("Component(") ? "Component(" : null;
            if (!Objects.equals(kind, runKind)) {
                run.sort(null);
                out.addAll(run);
                run.clear();
                runKind = kind;
            }
            if (kind == null) {
                out.add(line);
            } else {
                run.add(line);
            }
        }
        run.sort(null);
        out.addAll(run);
        return out;
    }
}
