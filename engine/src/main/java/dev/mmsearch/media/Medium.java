package dev.mmsearch.media;

import dev.mmsearch.derive.DerivedMetadata;
import dev.mmsearch.encode.EncoderInput;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.extract.DecodeException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A modality whose inputs arrive as files or uploaded bytes (images, sounds): the one place that
 * knows how to recognise such a file, what it may be served as, how to decode it within limits,
 * and how to say what is expected. Folder listing, manifests, the indexer, query parsing, uploads
 * and originals all ask the registered media ({@link Media}) instead of switching on modalities,
 * so a new medium is a new implementation here.
 */
public interface Medium {

  /** The modality its decoded inputs have. */
  Modality modality();

  /** Name in requests, manifests and forms: the modality's id ({@code image}, {@code audio}). */
  default String name() {
    return modality().id();
  }

  /** The media type each file extension (lower case, no dot) is served with (originals, inline). */
  Map<String, String> servedTypes();

  /** File extensions that make a file in a folder an item of this medium: those it serves. */
  default Set<String> extensions() {
    return servedTypes().keySet();
  }

  /** Whether an upload declared as {@code contentType} may hold this medium (a missing type may). */
  default boolean acceptsUpload(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return true;
    }
    String t = contentType.toLowerCase(Locale.ROOT);
    return t.startsWith(name() + "/") || t.startsWith("application/octet-stream");
  }

  /**
   * The modalities whose encoders read this medium's decoded inputs: its own (a picture is read by
   * image encoders), or others for a medium no encoder reads whole (a video's frames and sound,
   * {@link EncoderInput.Timeline}).
   */
  default java.util.Set<Modality> encodedAs() {
    return java.util.Set.of(modality());
  }

  /**
   * The modalities every input of this medium is encoded as ({@link #encodedAs}), so that an item
   * lacking their fields is known to be incomplete: a video always has frames, not always a sound.
   */
  default java.util.Set<Modality> alwaysEncodedAs() {
    return encodedAs();
  }

  /**
   * This medium as queries read it: a query's input is only encoded (never previewed, nor read for
   * the text in it), so it may be decoded smaller where that is cheaper. The same by default.
   */
  default Medium forQueries() {
    return this;
  }

  /** What a client should send, for error messages: "an image (PNG, JPEG, WebP, GIF, BMP)". */
  String expected();

  /** The largest encoded input accepted, in bytes. */
  long maxBytes();

  /** Reads a file of this medium, refusing one over {@link #maxBytes()} before reading it. */
  default byte[] read(java.nio.file.Path file) throws java.io.IOException, DecodeException {
    long size = java.nio.file.Files.size(file);
    if (size > maxBytes()) {
      throw new DecodeException(DecodeException.Reason.TOO_MANY_BYTES, name() + " file is " + size
          + " bytes, more than the limit of " + maxBytes() + " bytes");
    }
    return java.nio.file.Files.readAllBytes(file);
  }

  /** Decodes encoded bytes within the limits this medium was configured with. */
  EncoderInput decode(byte[] bytes) throws DecodeException;

  /** Whether {@link #preview} makes previews: items with such a file get a stored thumbnail. */
  default boolean previews() {
    return false;
  }

  /** A small JPEG preview of a decoded input, or null when the medium has none (sounds). */
  default byte[] preview(EncoderInput decoded, int maxSide) {
    return null;
  }

  /**
   * Metadata derived from a decoded file at index time (pseudo labels: a picture's size and look
   * words, a sound's duration and loudness), computed on the decode thread that decoded it.
   *
   * @param fileName the file's name, for what it says about its format
   * @param bytes the file as read
   * @param decoded what {@link #decode} made of {@code bytes}
   */
  default DerivedMetadata derive(String fileName, byte[] bytes, EncoderInput decoded) {
    return DerivedMetadata.NONE;
  }
}
