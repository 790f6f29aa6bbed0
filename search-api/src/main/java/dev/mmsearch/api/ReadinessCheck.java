package dev.mmsearch.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the models are loaded and the index answers. When the newest commit cannot be served
 * (another model's vectors), the server stays ready on the last good commit and says why under
 * {@code stale}.
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

  @Inject
  SearchEngine engine;

  @Override
  public HealthCheckResponse call() {
    if (engine.unavailable().isPresent()) {
      return HealthCheckResponse.named("index").down().withData("error", engine.unavailable().get()).build();
    }
    try {
      var stats = engine.index().stats();
      var response = HealthCheckResponse.named("index").up()
          .withData("items", stats.items())
          .withData("version", stats.version())
          .withData("spaces", engine.spaces().all().size());
      engine.index().staleReason().ifPresent(reason -> response.withData("stale", reason));
      return response.build();
    } catch (RuntimeException e) {
      return HealthCheckResponse.named("index").down().withData("error", String.valueOf(e.getMessage())).build();
    }
  }
}
