package dev.mmsearch.predict;

import dev.mmsearch.index.IndexSchema;
import dev.mmsearch.index.VectorFieldSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The predictors kept in an index folder ({@code predictors/}), checked against the index's
 * schema: one whose source or target field is gone, has another dimension, or was built by
 * another model is left out with a warning saying to train it again. Immutable, thread-safe.
 */
public final class Predictors {

  private static final System.Logger LOG = System.getLogger(Predictors.class.getName());

  /** The folder under an index that holds predictors. */
  public static final String FOLDER = "predictors";

  public static final Predictors NONE = new Predictors(List.of());

  private final List<Predictor> all;

  public Predictors(List<Predictor> all) {
    this.all = List.copyOf(all);
  }

  public List<Predictor> all() {
    return all;
  }

  /** The predictors reading {@code from} (a palette field, or {@link Predictor#METADATA}). */
  public List<Predictor> from(String from) {
    return all.stream().filter(p -> p.from().equals(from)).toList();
  }

  /** Loads every valid predictor of the index in {@code indexDir}. */
  public static Predictors load(Path indexDir, IndexSchema schema) {
    Path dir = indexDir.resolve(FOLDER);
    if (!Files.isDirectory(dir)) {
      return NONE;
    }
    List<Predictor> out = new ArrayList<>();
    try (var folders = Files.list(dir)) {
      for (Path folder : folders.filter(f -> Files.isRegularFile(f.resolve("predictor.json"))).sorted().toList()) {
        try {
          Predictor p = Predictor.read(folder);
          String problem = problem(p, schema);
          if (problem == null) {
            out.add(p);
          } else {
            LOG.log(System.Logger.Level.WARNING, "predictor {0} left out: {1}; run mmsearch train-predictor again", folder, problem);
          }
        } catch (IOException | RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "predictor {0} cannot be read, left out: {1}", folder, e.toString());
        }
      }
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot list predictors in {0}: {1}", dir, e.toString());
    }
    return new Predictors(out);
  }

  /** Why a predictor does not fit the index, or null when it does. */
  static String problem(Predictor p, IndexSchema schema) {
    VectorFieldSpec to = schema.fields().get(p.to());
    if (to == null) {
      return "the index has no field " + p.to();
    }
    if (!to.model().equals(p.toIdentity()) || to.dimension() != p.adapter().outputDimension()) {
      return p.to() + " now holds vectors of " + to.model().name() + " (" + to.dimension() + "-d); the predictor was trained for "
          + p.toIdentity().name() + " (" + p.adapter().outputDimension() + "-d)";
    }
    if (p.from().equals(Predictor.METADATA)) {
      return p.fromIdentity().equals(Predictor.METADATA_IDENTITY) ? null : "the metadata features changed since it was trained";
    }
    VectorFieldSpec from = schema.fields().get(p.from());
    if (from == null) {
      return "the index has no field " + p.from();
    }
    if (!from.model().equals(p.fromIdentity()) || from.dimension() != p.adapter().inputDimension()) {
      return p.from() + " now holds vectors of another encoder than the predictor was trained on";
    }
    return null;
  }
}
