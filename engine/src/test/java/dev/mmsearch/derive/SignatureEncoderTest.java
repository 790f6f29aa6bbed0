package dev.mmsearch.derive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mmsearch.encode.Encoder;
import dev.mmsearch.encode.EncoderInput;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.encode.Role;
import dev.mmsearch.extract.ImageDecoder;
import dev.mmsearch.extract.ImageLimits;
import dev.mmsearch.testing.TestModels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code signature} derived space as the catalog loads it: one picture and one sound encoder, the digest as metadata. */
class SignatureEncoderTest {

  @Test
  void theCatalogNamesGiveAPictureAndASoundEncoder() {
    Map<Modality, Encoder> pictures = DerivedEncoders.load("signature");
    Map<Modality, Encoder> sounds = DerivedEncoders.load("soundprint");
    assertEquals(java.util.Set.of(Modality.IMAGE), pictures.keySet());
    assertEquals(java.util.Set.of(Modality.AUDIO), sounds.keySet());
    assertEquals(PictureSignature.BITS, pictures.get(Modality.IMAGE).dimension());
    assertEquals(SoundPrint.BITS, sounds.get(Modality.AUDIO).dimension());
    assertEquals("picture-signature", pictures.get(Modality.IMAGE).identity().name());
    assertEquals("sound-print", sounds.get(Modality.AUDIO).identity().name());
  }

  @Test
  void preparedAndDirectEncodingAgreeAndThePreparationCarriesTheDigest() throws Exception {
    SignatureEncoder.Picture e = new SignatureEncoder.Picture();
    var image = new ImageDecoder(ImageLimits.DEFAULTS).decode(TestModels.reference("photo.png"));
    EncoderInput prepared = e.prepare(new EncoderInput.Image(image));
    assertArrayEquals(e.encode(new EncoderInput.Image(image), Role.DOCUMENT), e.encode(prepared, Role.DOCUMENT));
    assertArrayEquals(PictureSignature.of(image).vector(), e.encode(prepared, Role.DOCUMENT));
    assertEquals(List.of(ContentDigest.of(image)), e.derivedFrom(prepared).keywords().get(ContentDigest.KEY));
    EncoderInput byOther = new SignatureEncoder.Picture().prepare(new EncoderInput.Image(image));
    assertThrows(IllegalArgumentException.class, () -> e.encode(byOther, Role.DOCUMENT));
    assertThrows(IllegalArgumentException.class, () -> e.encode(new EncoderInput.Text("x"), Role.DOCUMENT));
  }
}
