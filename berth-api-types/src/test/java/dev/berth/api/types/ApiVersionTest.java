package dev.berth.api.types;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiVersionTest {
    @Test
    void comparesEachPartAsANumber() {
        assertThat(ApiVersion.compare("1.9", "1.24")).isNegative();
        assertThat(ApiVersion.compare("1.44", "1.24")).isPositive();
        assertThat(ApiVersion.compare("1.44", "1.44")).isZero();
    }

    @Test
    void missingPartsCountAsZero() {
        assertThat(ApiVersion.compare("1.40", "1.40.0")).isZero();
        assertThat(ApiVersion.compare("2", "1.99")).isPositive();
    }
}
