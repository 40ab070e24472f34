package dev.primetime;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/**
 * Features talk only through each other's public, top-level types, never in a cycle, and only to the modules their
 * package-info.java allows ({@code @ApplicationModule(allowedDependencies = …)}); {@code ArchitectureRulesTest} holds
 * the rules this check cannot see, {@code DocumentationTest} draws the map.
 */
class ModularityTest {
    @Test
    void featureModulesRespectTheirBoundaries() {
        ApplicationModules.of(PrimetimeApplication.class).verify();
    }
}
