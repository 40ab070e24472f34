package dev.primetime;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** Features talk only through each other's public, top-level types, and never in a cycle. */
class ModularityTest {
    @Test
    void featureModulesRespectTheirBoundaries() {
        ApplicationModules.of(PrimetimeApplication.class).verify();
    }
}
