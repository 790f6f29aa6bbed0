package dev.mmsearch.derive;

import dev.mmsearch.encode.EncoderInput;

/**
 * An encoder whose preparation already computes something worth keeping as metadata (a picture's
 * palette, later the text read in it): the indexer asks each encoder's prepared input through this
 * capability instead of knowing encoder classes, so a new derived space adds its metadata here.
 */
public interface DerivesMetadata {

  /** What {@code prepared} (made by this encoder's {@code prepare}) says as metadata; {@link DerivedMetadata#NONE} for nothing. */
  DerivedMetadata derivedFrom(EncoderInput prepared);
}
