package dev.mmsearch.encode;

/**
 * Whether an input is being indexed or searched for. Asymmetric models embed the two differently
 * (bge's and e5's instruction prefixes); symmetric models ignore it.
 */
public enum Role {
  QUERY,
  DOCUMENT
}
