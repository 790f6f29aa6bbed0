package dev.mmsearch.api;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Hands URI validation from Quarkus's root handler to {@link HttpGuards}. Quarkus refuses a
 * request whose URI {@link java.net.URI} cannot parse (a bad {@code %zz} escape, a space) with a
 * bare 400 and no body, before any route runs; the guard makes the same check and answers with a
 * problem+json naming the fault.
 *
 * <p>Quarkus reads the switch, the {@code vertx.disableURIValidation} system property, when it
 * builds its root handler. Configuration sources are loaded before that, so this empty source,
 * registered through the service loader, sets the property as it loads. It holds no properties.
 */
public final class UriValidationHandover implements ConfigSource {

  static {
    System.setProperty("vertx.disableURIValidation", "true");
  }

  @Override
  public Map<String, String> getProperties() {
    return Map.of();
  }

  @Override
  public Set<String> getPropertyNames() {
    return Set.of();
  }

  @Override
  public String getValue(String propertyName) {
    return null;
  }

  @Override
  public String getName() {
    return "mmsearch-uri-validation-handover";
  }

  @Override
  public int getOrdinal() {
    return 0;
  }
}
