package dev.primetime;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
@ConfigurationPropertiesScan
public class PrimetimeApplication {

    public static void main(String[] args) {
        StopSignal.install();
        SpringApplication.run(PrimetimeApplication.class, args);
    }

    /** The one source of "now" for domain code; tests replace it with a settable clock. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
