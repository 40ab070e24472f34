package dev.primetime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
    void writesTheModuleMapIntoDocs() {
        ApplicationModules modules = ApplicationModules.of(PrimetimeApplication.class);
        new Documenter(modules, Documenter.Options.defaults().withOutputFolder(OUTPUT.toString()))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml()
                .writeModuleCanvases();
        assertThat(OUTPUT.resolve("components.puml")).exists();
        modules.forEach(module -> assertThat(Files.exists(OUTPUT.resolve("module-" + module.getIdentifier() + ".adoc")))
                .as("canvas of " + module.getIdentifier())
                .isTrue());
    }
}
