package dev.mmsearch.derive;

import com.drew.lang.GeoLocation;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.exif.GpsDirectory;
import dev.mmsearch.extract.Exif;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.TimeZone;

/**
 * What a photo's EXIF says about where, when and with what it was taken (metadata-extractor reads
 * the EXIF block, found and bounded by {@link Exif}; pictures without EXIF give all nulls). The capture time is the camera's local clock as written
 * (EXIF has no time zone unless OffsetTimeOriginal is set, which is ignored here).
 *
 * @param taken DateTimeOriginal (else DateTime), or null
 * @param make camera maker, trimmed, or null
 * @param model camera model, trimmed, or null
 * @param latitude degrees north, or null
 * @param longitude degrees east, or null
 * @param orientation EXIF orientation 1–8, or null
 */
public record ExifFacts(LocalDateTime taken, String make, String model, Double latitude, Double longitude, Integer orientation) {

  public static final ExifFacts NONE = new ExifFacts(null, null, null, null, null, null);

  /** The facts in an encoded picture's EXIF; {@link #NONE} when it has none or it cannot be parsed. */
  public static ExifFacts read(byte[] encoded) {
    // No or broken metadata is not an error: the picture itself decoded or will be refused on its own.
    Metadata metadata = Exif.read(encoded);
    ExifIFD0Directory ifd0 = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
    ExifSubIFDDirectory sub = metadata.getFirstDirectoryOfType(ExifSubIFDDirectory.class);
    GpsDirectory gps = metadata.getFirstDirectoryOfType(GpsDirectory.class);
    Date date = null;
    if (sub != null) {
      date = sub.getDateOriginal(TimeZone.getTimeZone("UTC"));
    }
    if (date == null && ifd0 != null) {
      date = ifd0.getDate(ExifIFD0Directory.TAG_DATETIME, TimeZone.getTimeZone("UTC"));
    }
    GeoLocation where = gps == null ? null : gps.getGeoLocation();
    boolean located = where != null && !where.isZero() && Double.isFinite(where.getLatitude()) && Double.isFinite(where.getLongitude());
    Integer orientation = ifd0 != null && ifd0.containsTag(ExifIFD0Directory.TAG_ORIENTATION)
        ? ifd0.getInteger(ExifIFD0Directory.TAG_ORIENTATION) : null;
    return new ExifFacts(date == null ? null : LocalDateTime.ofInstant(date.toInstant(), ZoneOffset.UTC),
        text(ifd0, ExifIFD0Directory.TAG_MAKE), text(ifd0, ExifIFD0Directory.TAG_MODEL),
        located ? where.getLatitude() : null, located ? where.getLongitude() : null,
        orientation != null && orientation >= 1 && orientation <= 8 ? orientation : null);
  }

  private static String text(ExifIFD0Directory dir, int tag) {
    if (dir == null) {
      return null;
    }
    String s = dir.getString(tag);
    return s == null || s.isBlank() ? null : s.trim();
  }
}
