package cn.panyu.card.resilience;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the figures of a resilience test into {@code target/resilience-results.md} (so that a test run leaves
 * the work tree clean; {@code -Dresilience.results=src/benchmark/resilience-results.md} refreshes the committed
 * record): each test class owns one section (between begin/end markers) and replaces it on every run, so that
 * the file always shows the last run of each. The file is locked while it is rewritten (test JVMs may overlap).
 */
public final class ResilienceResults {

  static final Path FILE = Path.of(System.getProperty("resilience.results", "target/resilience-results.md"));
  private static final String HEADER = """
      # Resilience results

      Written by the tests of `cn.panyu.card.resilience` (see README, *Resilience*); each section is replaced
      by the last run of its test. "Unaccounted" must be 0 everywhere.

      """;

  private ResilienceResults() {}

  /** Figures in the order given, as a two-column table. */
  public static Map<String, Object> figures() {
    return new LinkedHashMap<>();
  }

  public static synchronized void write(String section, String title, Map<String, Object> figures) {
    StringBuilder body = new StringBuilder();
    body.append("<!-- begin ").append(section).append(" -->\n");
    body.append("## ").append(title).append("\n\n");
    body.append("Run: ").append(OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS)).append("\n\n");
    body.append("| figure | value |\n| --- | --- |\n");
    figures.forEach((k, v) -> body.append("| ").append(k).append(" | ").append(v).append(" |\n"));
    body.append("<!-- end ").append(section).append(" -->\n");
    try {
      Files.createDirectories(FILE.toAbsolutePath().getParent());
      try (FileChannel ch = FileChannel.open(FILE, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE); var lock = ch.lock()) {
        ByteBuffer buf = ByteBuffer.allocate((int) ch.size());
        while (buf.hasRemaining() && ch.read(buf) >= 0) {
          // read it all
        }
        String text = new String(buf.array(), StandardCharsets.UTF_8);
        if (text.isBlank()) {
          text = HEADER;
        }
        String begin = "<!-- begin " + section + " -->";
        String end = "<!-- end " + section + " -->\n";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from >= 0 && to > from) {
          text = text.substring(0, from) + body + text.substring(to + end.length());
        } else {
          text = text + (text.endsWith("\n\n") ? "" : "\n") + body;
        }
        byte[] out = text.getBytes(StandardCharsets.UTF_8);
        ch.truncate(0);
        ch.write(ByteBuffer.wrap(out), 0);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
