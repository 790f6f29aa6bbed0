package dev.mmsearch.api;

import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * Drops Quarkus's own report of a failed start (the stack trace, the port-in-use advice to
 * {@code kill -9}) from the console: {@link ServerMain} says it in one line instead. Kept with
 * {@code -Dmmsearch.verbose=true}.
 */
@LoggingFilter(name = "mmsearch-startup")
public final class StartupFailureFilter implements Filter {

  /** System property that keeps every record. */
  static final String VERBOSE = "mmsearch.verbose";

  private static final String APPLICATION = "io.quarkus.runtime.Application";

  @Override
  public boolean isLoggable(LogRecord record) {
    if (Boolean.getBoolean(VERBOSE)) {
      return true;
    }
    return !APPLICATION.equals(record.getLoggerName()) || record.getLevel().intValue() < Level.WARNING.intValue();
  }
}
