package dev.primetime.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PageRequestTest {
    @Test
    void defaultsTo50() {
        assertThat(PageRequest.of(null, null).limit()).isEqualTo(50);
    }

    @Test
    void acceptsTenTo200Only() {
        assertThat(PageRequest.of(10, null).limit()).isEqualTo(10);
        assertThat(PageRequest.of(200, null).limit()).isEqualTo(200);
        assertThatThrownBy(() -> PageRequest.of(9, null)).hasMessage("limit: must be between 10 and 200");
        assertThatThrownBy(() -> PageRequest.of(201, null)).hasMessage("limit: must be between 10 and 200");
    }

    @Test
    void aCursorCarriesTheSortKeyOfTheLastRow() {
        String cursor = PageRequest.cursor("2026-03-02T09:00:00Z", "0b0e6f5e-7a44-4d7a-9a51-5d8a7e1f2c3d");
        PageRequest next = PageRequest.of(10, cursor);
        assertThat(next.afterInstant(0)).hasToString("2026-03-02T09:00:00Z");
        assertThat(next.afterUuid(1)).hasToString("0b0e6f5e-7a44-4d7a-9a51-5d8a7e1f2c3d");
    }

    @Test
    void keepsOneExtraRowOutOfThePageAndPointsAfterTheLastKept() {
        PageRequest request = PageRequest.of(10, null);
        List<Integer> fetched =
                java.util.stream.IntStream.rangeClosed(1, 11).boxed().toList();
        Page<Integer> page = request.page(fetched, i -> "after-" + i);
        assertThat(page.data()).hasSize(10).endsWith(10);
        assertThat(page.nextCursor()).isEqualTo("after-10");
        assertThat(request.page(fetched.subList(0, 10), i -> "x").nextCursor()).isNull();
    }
}
