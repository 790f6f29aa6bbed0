package dev.mmsearch.query;

import dev.mmsearch.encode.EncoderInput;
import dev.mmsearch.extract.DecodeException;
import dev.mmsearch.media.Medium;
import java.util.function.Supplier;

/**
 * An uploaded file's bytes, decoded within its medium's limits the first time they are asked for
 * and then kept (the bytes are let go): a query whose embeddings are all cached never pays the
 * decode (about 5 ms of a 12 ms cached picture query, docs/benchmarks.md). A refusal is thrown
 * as {@link MediaRejectedException}, naming the part where the query is JSON. Thread-safe.
 */
final class UploadedInput implements Supplier<EncoderInput> {

  private final Medium medium;
  private final Integer part;
  private byte[] bytes;
  private EncoderInput decoded;

  /** @param part the part's index in a JSON query, for the refusal's message; null for a form's file */
  UploadedInput(Medium medium, byte[] bytes, Integer part) {
    this.medium = medium;
    this.bytes = bytes;
    this.part = part;
  }

  @Override
  public synchronized EncoderInput get() {
    if (decoded == null) {
      try {
        decoded = medium.decode(bytes);
      } catch (DecodeException e) {
        MediaRejectedException rejected = new MediaRejectedException(medium.name(), e);
        throw part == null ? rejected : new MediaRejectedException(part, rejected);
      }
      bytes = null;
    }
    return decoded;
  }
}
