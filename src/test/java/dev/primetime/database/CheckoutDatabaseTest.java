package dev.primetime.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The local-server default database is one per checkout, so two checkouts never share development data. */
class CheckoutDatabaseTest {

    @Test
    void isNamedForTheCheckoutFolderAndItsPath() {
        String main = DatabaseLocator.checkoutDatabase(Path.of("/work/main"));
        assertThat(main).startsWith("primetime_main_").matches("[a-z0-9_]{1,63}");
        assertThat(DatabaseLocator.checkoutDatabase(Path.of("/work/main"))).isEqualTo(main);
    }

    @Test
    void twoCheckoutsOfTheSameNameGetTwoDatabases() {
        assertThat(DatabaseLocator.checkoutDatabase(Path.of("/home/ann/primetime")))
                .isNotEqualTo(DatabaseLocator.checkoutDatabase(Path.of("/root/primetime")));
    }

    @Test
    void anyFolderNameGivesAValidIdentifier() {
        assertThat(DatabaseLocator.checkoutDatabase(Path.of("/tmp/My Checkout (copy) — ünïcode-" + "x".repeat(80))))
                .matches("primetime_[a-z0-9_]+")
                .hasSizeLessThanOrEqualTo(63);
        assertThat(DatabaseLocator.checkoutDatabase(Path.of("/"))).matches("primetime_[a-z0-9_]+");
    }
}
