package cn.panyu.card.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code src/benchmark/summary.json}: one entry per figure of issue 18's table,
 * {@code {"figure", "value", "goal", "met", "run", "command"}}, written by the benchmark that measured it (an entry
 * replaces the one of the same figure, the others stay). Values are the measured ones, never typed in.
 */
public final class Summary {

  public static final Path FILE = Path.of("src/benchmark/summary.json");

  /** The figures, in the order; the names are the keys of the entries. */
  public static final String INDIVIDUAL = "individual application lifecycles/s vs the minimal async process";
  public static final String COLLECTIVE = "collective lifecycles vs the minimal async process, per row"
      + " (per batch instance: campaign-results.md)";
  public static final String CAMPAIGN = "616,000 applications (60 % collective) end to end on 2 cores, minutes";
  public static final String FLATNESS = "rate at 616k in the tables vs at 10k, each divided by the minimal process"
      + " in its slice";
  public static final String STORM = "100,000 overdue collection timers due at once vs 100,000 minimal timer jobs";
  public static final String TASKLIST = "Tasklist page of a village user, 100,000 open tasks, 8 concurrent users,"
      + " tasks of mixed ages, p95 ms";
  public static final String CUSTODY = "custody report at 616,000 cards, p95 ms";
  public static final String INTAKE = "intake of a 200,000-row file vs PostgreSQL COPY, median of 5 alternating runs,"
      + " shipped limits";

  private static final List<String> ORDER = List.of(INDIVIDUAL, COLLECTIVE, CAMPAIGN, FLATNESS, STORM, TASKLIST,
      CUSTODY, INTAKE);
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Summary() {}

  /** Writes (or replaces) the entry of one figure. */
  public static synchronized void put(String figure, double value, String goal, boolean met, String run,
      String command) {
    try {
      List<JsonNode> entries = new ArrayList<>();
      if (Files.exists(FILE)) {
        JSON.readTree(FILE.toFile()).forEach(entries::add);
      }
      entries.removeIf(e -> figure.equals(e.path("figure").asText()));
      ObjectNode e = JSON.createObjectNode();
      e.put("figure", figure);
      e.put("value", Math.round(value * 1000) / 1000.0);
      e.put("goal", goal);
      e.put("met", met);
      e.put("run", run);
      e.put("command", command);
      entries.add(e);
      entries.sort((a, b) -> Integer.compare(rank(a), rank(b)));
      ArrayNode out = JSON.createArrayNode();
      entries.forEach(out::add);
      Files.createDirectories(FILE.getParent());
      JSON.writeValue(FILE.toFile(), out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int rank(JsonNode e) {
    int i = ORDER.indexOf(e.path("figure").asText());
    return i < 0 ? ORDER.size() : i;
  }
}
