package dev.mmsearch.index.solr;

/**
 * Solr refused a request (a 4xx: the request itself is wrong, retrying cannot help), or the cluster
 * stayed unreachable or failing for the whole retry policy.
 */
public class SolrException extends RuntimeException {
  private final int status;

  SolrException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The HTTP status of the last answer, or 0 when no node answered. */
  public int status() {
    return status;
  }
}
