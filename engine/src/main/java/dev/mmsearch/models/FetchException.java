package dev.mmsearch.models;

import java.io.IOException;

/** Why a fetch failed, by kind, so the command can say what to do about it. */
public final class FetchException extends IOException {

  /** What went wrong. */
  public enum Kind {
    /** The hub cannot be reached at all (no network, DNS, refused, timeout before any answer). */
    OFFLINE,
    /** 401 or 403: a gated or private repository, without a token or with one it refuses. */
    UNAUTHORIZED,
    /** 404: no such repository, revision or file. */
    NOT_FOUND,
    /** The bytes do not match the size or hash the hub published. */
    VERIFICATION,
    /** Any other failed exchange, after the retries. */
    HTTP
  }

  private final Kind kind;

  public FetchException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public FetchException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
