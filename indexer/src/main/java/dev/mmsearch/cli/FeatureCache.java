package dev.mmsearch.cli;

import dev.mmsearch.encode.ModelIdentity;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UTFDataFormatException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Vectors computed earlier by one model, so that retraining an adapter or re-running an evaluation
 * over the same files and captions skips decoding and inference (most of their time). One file per
 * model identity in a cache folder; an entry's key is the SHA-256 of the input (a file's bytes, or
 * a caption with its role), so a changed file or another model never hits a stale vector. Entries
 * are appended as they are computed: an interrupted run keeps what it did. Not thread-safe: one
 * command owns a cache at a time.
 */
final class FeatureCache implements AutoCloseable {

  private final Map<String, float[]> vectors = new HashMap<>();
  private final DataOutputStream appender;

  private FeatureCache(Map<String, float[]> loaded, DataOutputStream appender) {
    vectors.putAll(loaded);
    this.appender = appender;
  }

  /** A cache that never hits and stores nothing, for commands run without a cache folder. */
  static FeatureCache none() {
    return new FeatureCache(Map.of(), null);
  }

  /**
   * Opens (creating) the cache of {@code model}'s vectors under {@code dir}, reading what earlier
   * runs stored. {@code output} names which of the model's outputs is kept ({@code features} for a
   * backbone read without its adapter, {@code embeddings} for the model as a space uses it): one
   * folder can give both, under one identity.
   */
  static FeatureCache open(Path dir, ModelIdentity model, String output) throws IOException {
    Files.createDirectories(dir);
    String owner = model.name() + "@" + model.sha256() + "/" + output;
    Path file = dir.resolve(sha256(owner.getBytes(StandardCharsets.UTF_8)) + ".vectors");
    Map<String, float[]> loaded = new HashMap<>();
    if (Files.exists(file)) {
      long size = Files.size(file);
      long valid = 0;
      // Streamed, not read whole: a cache of a large collection can exceed any one array.
      try (CountingInput counted = new CountingInput(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
          DataInputStream in = new DataInputStream(counted)) {
        while (counted.count < size) {
          String key = in.readUTF();
          int length = in.readInt();
          if (length < 0 || (long) length * Float.BYTES > size - counted.count) {
            throw new EOFException("entry of " + length + " floats runs past the end");
          }
          float[] v = new float[length];
          for (int i = 0; i < v.length; i++) {
            v[i] = in.readFloat();
          }
          loaded.put(key, v);
          valid = counted.count;
        }
      } catch (EOFException | UTFDataFormatException truncated) {
        // The last entry of an interrupted run: cut it off so that new entries follow whole ones.
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
          channel.truncate(valid);
        }
      }
    }
    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
        Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)));
    return new FeatureCache(loaded, out);
  }

  /** Counts the bytes read through it, so that the end of the last whole entry is known. */
  private static final class CountingInput extends FilterInputStream {
    long count;

    CountingInput(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      count += b >= 0 ? 1 : 0;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      count += Math.max(n, 0);
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      count += skipped;
      return skipped;
    }
  }

  /** Whether this cache keeps anything (false for {@link #none()}): callers skip computing keys for it. */
  boolean enabled() {
    return appender != null;
  }

  static String key(byte[] input) {
    return sha256(input);
  }

  float[] get(String key) {
    return vectors.get(key);
  }

  void put(String key, float[] vector) {
    if (appender == null || key == null || vectors.putIfAbsent(key, vector) != null) {
      return;
    }
    try {
      appender.writeUTF(key);
      appender.writeInt(vector.length);
      for (float f : vector) {
        appender.writeFloat(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    if (appender != null) {
      appender.close();
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
