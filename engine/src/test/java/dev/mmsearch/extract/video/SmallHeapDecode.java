package dev.mmsearch.extract.video;

import dev.mmsearch.extract.DecodeException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;

/**
 * Decodes the videos named on the command line, one after another, printing one line per video
 * ("decoded …" or "refused REASON") and at the end the heap's peak use. Run in a child JVM with a
 * small heap by {@link SmallHeapVideoTest}.
 */
public final class SmallHeapDecode {

  private SmallHeapDecode() {}

  public static void main(String[] args) throws Exception {
    VideoDecoder decoder = new VideoDecoder(VideoLimits.DEFAULTS);
    for (String arg : args) {
      Path file = Path.of(arg);
      try {
        Video v = decoder.decode(file);
        int frames = v.segments().stream().mapToInt(s -> s.frames().size()).sum();
        System.out.println(file.getFileName() + " decoded " + v.width() + "x" + v.height() + " " + v.seconds() + " s, "
            + v.segments().size() + " moments, " + frames + " frames");
      } catch (DecodeException e) {
        System.out.println(file.getFileName() + " refused " + e.reason());
      }
    }
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.println("heap peak " + (peak >> 20) + " MB of " + (Runtime.getRuntime().maxMemory() >> 20) + " MB");
  }
}
