package dev.mmsearch.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mmsearch.extract.DecodeException.Reason;
import org.junit.jupiter.api.Test;

/**
 * What a decoder library throws on one input stays that input's failure: the decoders run each
 * decode through {@link DecodeException#contain}, so a stack overflow or a failed allocation is a
 * 422 for that request or a skipped item in the indexer, never a 500 or a dead job.
 */
class DecodeExceptionTest {

  @Test
  void errorsAHostileInputProvokesBecomeThatInputsDecodeException() {
    for (Throwable thrown : new Throwable[] {new StackOverflowError(), new OutOfMemoryError("Java heap space"),
        new ArrayIndexOutOfBoundsException(7), new NegativeArraySizeException("-1")}) {
      DecodeException e = assertThrows(DecodeException.class, () -> DecodeException.contain("image", () -> {
        if (thrown instanceof Error error) {
          throw error;
        }
        throw (RuntimeException) thrown;
      }));
      assertEquals(Reason.CORRUPT, e.reason());
      assertSame(thrown, e.getCause());
      assertEquals("image data is corrupt: its decoder failed with " + thrown, e.getMessage());
    }
  }

  @Test
  void decodeExceptionsAndResultsPassThrough() throws Exception {
    DecodeException refused = new DecodeException(Reason.TOO_MANY_PIXELS, "too large");
    assertSame(refused, assertThrows(DecodeException.class, () -> DecodeException.contain("image", () -> {
      throw refused;
    })));
    assertEquals("decoded", DecodeException.contain("sound", () -> "decoded"));
  }

  @Test
  void programmingErrorsAreNotHidden() {
    assertThrows(AssertionError.class, () -> DecodeException.contain("image", () -> {
      throw new AssertionError("a bug, not an input");
    }));
  }
}
