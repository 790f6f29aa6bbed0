package dev.mmsearch.api;

import dev.mmsearch.encode.Modality;
import dev.mmsearch.media.Media;
import dev.mmsearch.media.MediaLimits;
import dev.mmsearch.query.PartTypes;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

/**
 * Writes into the OpenAPI document the lists that registries own, so that a new part type or
 * file modality appears there without an annotation to edit: the part types a query may hold
 * ({@link PartTypes}) and the file modalities an original may be asked for ({@link Media}).
 */
public class RegistryOpenApiFilter implements OASFilter {

  @Override
  public void filterOpenAPI(OpenAPI openApi) {
    List<String> fileModalities = Media.fileModalities().stream().map(Modality::id).toList();
    List<String> partTypes = PartTypes.of(Media.of(List.of(), MediaLimits.DEFAULTS, 0).all()).names();
    Schema type = openApi.getComponents().getSchemas().get("Part").getProperties().get("type");
    String description = type.getDescription();
    type.setDescription(null); // set again after the values, so that the document lists them in its usual order
    type.setEnumeration(new ArrayList<>(partTypes));
    type.setDescription(description);
    for (Parameter p : openApi.getPaths().getPathItem("/api/originals/{id}").getGET().getParameters()) {
      if (p.getName().equals("modality")) {
        p.getSchema().setEnumeration(new ArrayList<>(fileModalities));
      }
    }
  }
}
