package dev.mmsearch.catalog;

import dev.mmsearch.derive.ocr.TextReader;
import dev.mmsearch.encode.Encoder;
import dev.mmsearch.encode.EncoderOptions;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.encode.ModelException;
import dev.mmsearch.encode.ModelFolder;
import dev.mmsearch.index.IndexSchema;
import dev.mmsearch.index.VectorFieldSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every space of a catalog with its encoders loaded, once per process. Shared by all threads;
 * closing it closes the ONNX sessions.
 */
public final class Spaces implements AutoCloseable {

  private final Catalog catalog;
  private final Map<String, Space> spaces;
  private final EncoderOptions options;
  /** Loaded on first use: a server that never reads pictures never opens the OCR graphs. */
  private TextReader reader;
  private boolean closed;

  private Spaces(Catalog catalog, Map<String, Space> spaces, EncoderOptions options) {
    this.catalog = catalog;
    this.spaces = Collections.unmodifiableMap(spaces);
    this.options = options;
  }

  /** Loads every model the catalog names; on failure nothing stays open. */
  public static Spaces load(Catalog catalog, EncoderOptions options) {
    Map<String, Space> loaded = new LinkedHashMap<>();
    try {
      for (SpaceConfig config : catalog.spaces()) {
        loaded.put(config.name(), load(config, options, catalog.ocr() != null));
      }
    } catch (RuntimeException e) {
      loaded.values().forEach(Space::close);
      throw e;
    }
    return new Spaces(catalog, loaded, options);
  }

  private static Space load(SpaceConfig config, EncoderOptions options, boolean readsPictures) {
    Map<Modality, Encoder> encoders = new EnumMap<>(Modality.class);
    try {
      if (config.derived() != null) {
        encoders.putAll(dev.mmsearch.derive.DerivedEncoders.load(config.derived()));
      } else if (config.model() != null) {
        ModelFolder folder = ModelFolder.open(config.model());
        for (Modality m : folder.modalities()) {
          encoders.put(m, folder.load(m, options));
        }
      } else {
        for (Map.Entry<Modality, java.nio.file.Path> e : config.folders().entrySet()) {
          encoders.put(e.getKey(), ModelFolder.open(e.getValue()).load(e.getKey(), options));
        }
      }
      return new Space(config, encoders, readsPictures);
    } catch (IllegalArgumentException e) {
      encoders.values().forEach(Encoder::close);
      throw new ModelException(e.getMessage(), e);
    } catch (RuntimeException e) {
      encoders.values().forEach(Encoder::close);
      throw e;
    }
  }

  public Catalog catalog() {
    return catalog;
  }

  /** Whether the catalog reads the text inside pictures ({@link Catalog#ocr()}). */
  public boolean readsPictures() {
    return catalog.ocr() != null;
  }

  /**
   * The reader of text in pictures the catalog declares, loaded on first call (its graphs are
   * classpath resources: nothing to fetch).
   *
   * @throws IllegalStateException when the catalog reads no pictures, or after {@link #close}
   */
  public synchronized TextReader textReader() {
    if (catalog.ocr() == null) {
      throw new IllegalStateException("the catalog " + catalog.file() + " reads no text in pictures (no \"ocr\" key)");
    }
    if (closed) {
      throw new IllegalStateException("closed");
    }
    if (reader == null) {
      reader = TextReader.load(catalog.ocr().model(), catalog.ocr().limits(), options);
    }
    return reader;
  }

  public List<Space> all() {
    return List.copyOf(spaces.values());
  }

  /** The named space, or an {@link IllegalArgumentException} listing the known ones. */
  public Space get(String name) {
    Space s = spaces.get(name);
    if (s == null) {
      throw new IllegalArgumentException("unknown space '" + name + "' (known: " + spaces.keySet() + ")");
    }
    return s;
  }

  /** Spaces with an encoder for {@code modality}. */
  public List<Space> accepting(Modality modality) {
    List<Space> out = new ArrayList<>();
    for (Space s : spaces.values()) {
      if (s.encoder(modality) != null) {
        out.add(s);
      }
    }
    return out;
  }

  /** The vector fields these spaces produce, as the index records them. */
  public IndexSchema schema() {
    List<VectorFieldSpec> fields = new ArrayList<>();
    spaces.values().forEach(s -> fields.addAll(s.fields()));
    return IndexSchema.of(fields);
  }

  @Override
  public void close() {
    spaces.values().forEach(Space::close);
    synchronized (this) {
      closed = true;
      if (reader != null) {
        reader.close();
      }
    }
  }
}
