package dev.mmsearch.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the models are loaded and the index answers. */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

  @Inject
  SearchEngine engine;

  @Override
  public HealthCheckResponse call() {
    try {
      long items = engine.index().stats().items();
      return HealthCheckResponse.named("index").up()
          .withData("items", items)
          .withData("spaces", engine.spaces().all().size())
          .build();
    } catch (RuntimeException e) {
      return HealthCheckResponse.named("index").down().withData("error", String.valueOf(e.getMessage())).build();
    }
  }
}
