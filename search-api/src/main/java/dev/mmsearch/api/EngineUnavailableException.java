package dev.mmsearch.api;

/** The engine cannot serve at all (a model the catalog names is not installed): 503, with what to do. */
final class EngineUnavailableException extends RuntimeException {

  EngineUnavailableException(String message) {
    super(message);
  }
}
