package cn.panyu.card.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Chinese webapps: our zh.json must translate every label of the Camunda webjar's en.json (a webjar
 * upgrade that adds labels makes this fail), keep the placeholders, and our config.js must be the one the
 * classpath serves and offer zh first. Camunda's "migrate to Camunda 8" banner is hidden everywhere but in Admin.
 */
class WebappLocaleTest {

  private static final String APP_ROOT = "META-INF/resources/webjars/camunda/app/";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{[^}]*}}|\\{}");
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(strings = {"tasklist", "cockpit", "admin", "welcome"})
  void everyEnglishLabelHasAChineseTranslation(String app) throws IOException {
    JsonNode en = read(APP_ROOT + app + "/locales/en.json");
    JsonNode zh = read(APP_ROOT + app + "/locales/zh.json");

    List<String> missing = new ArrayList<>();
    List<String> untranslated = new ArrayList<>();
    List<String> brokenPlaceholders = new ArrayList<>();
    en.get("labels").fields().forEachRemaining(label -> {
      String key = label.getKey();
      String english = label.getValue().asText();
      JsonNode chinese = zh.get("labels").get(key);
      if (chinese == null || !chinese.isTextual()) {
        missing.add(key);
        return;
      }
      // a label left in English (with letters and no Chinese) is not translated, except names and symbols
      if (english.matches(".*[a-z]{3,}.*") && !chinese.asText().matches("(?s).*\\p{IsHan}.*")
          && !isProperName(english)) {
        untranslated.add(key + "=" + chinese.asText());
      }
      if (!placeholders(english).equals(placeholders(chinese.asText()))) {
        brokenPlaceholders.add(key);
      }
    });
    assertThat(missing).as("labels of %s/en.json missing in zh.json", app).isEmpty();
    assertThat(untranslated).as("labels of %s left in English", app).isEmpty();
    assertThat(brokenPlaceholders).as("labels of %s whose {{placeholders}} differ", app).isEmpty();

    if (en.has("dateLocales")) {
      JsonNode enDates = en.get("dateLocales");
      JsonNode zhDates = zh.get("dateLocales");
      assertThat(zhDates).as("%s dateLocales", app).isNotNull();
      enDates.fieldNames().forEachRemaining(field -> {
        assertThat(zhDates.has(field)).as("%s dateLocales.%s", app, field).isTrue();
        assertThat(zhDates.get(field).size()).as("%s dateLocales.%s size", app, field)
            .isEqualTo(enDates.get(field).size());
      });
      assertThat(zhDates.get("months").get(0).asText()).isEqualTo("一月");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"tasklist", "cockpit", "admin", "welcome"})
  void ourConfigWinsAndOffersChineseFirst(String app) throws IOException {
    List<URL> configs = Collections.list(
        getClass().getClassLoader().getResources(APP_ROOT + app + "/scripts/config.js"));
    assertThat(configs).as("ours and the webjar's").hasSizeGreaterThanOrEqualTo(2);
    // the resource handler serves the first one on the classpath: it must be this application's
    assertThat(configs.get(0).toString()).doesNotContain("camunda-webapp-webjar");
    String config = text(configs.get(0));
    assertThat(config).contains("availableLocales: ['zh', 'en']").contains("fallbackLocale: 'zh'");
    if (app.equals("tasklist")) {
      assertThat(config).as("the webjar's keyboard shortcuts are kept").contains("claimTask", "startProcess");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"tasklist", "cockpit", "welcome"})
  void theCamunda8MigrationBannerIsHiddenFromStaff(String app) throws IOException {
    List<URL> styles = Collections.list(
        getClass().getClassLoader().getResources(APP_ROOT + app + "/styles/user-styles.css"));
    assertThat(styles).as("ours and the webjar's").hasSizeGreaterThanOrEqualTo(2);
    assertThat(styles.get(0).toString()).doesNotContain("camunda-webapp-webjar");
    assertThat(text(styles.get(0)).replaceAll("\\s+", " "))
        .contains("[cam-widget-header] .ce-eol-banner { display: none; }");
    // the webjar still draws the banner under that class (a webjar upgrade that renames it makes this fail)
    URL header = getClass().getClassLoader().getResource(APP_ROOT + app + "/camunda-" + app + "-bootstrap.js");
    assertThat(header).isNotNull();
    assertThat(text(header)).contains("class=\"ce-eol-banner\"");
  }

  @Test
  void administratorsStillSeeTheBannerInAdmin() throws IOException {
    List<URL> styles = Collections.list(
        getClass().getClassLoader().getResources(APP_ROOT + "admin/styles/user-styles.css"));
    assertThat(styles).allSatisfy(url -> assertThat(text(url)).doesNotContain("ce-eol-banner"));
  }

  private static boolean isProperName(String english) {
    return english.startsWith("Camunda") || english.equals("Optimize") || english.equals("null")
        || english.equals("requestPayload") || english.matches("[A-Z]{2,}") || english.startsWith("YYYY");
  }

  private static TreeSet<String> placeholders(String text) {
    TreeSet<String> found = new TreeSet<>();
    Matcher matcher = PLACEHOLDER.matcher(text);
    while (matcher.find()) {
      found.add(matcher.group().replace(" ", ""));
    }
    return found;
  }

  private JsonNode read(String resource) throws IOException {
    URL url = getClass().getClassLoader().getResource(resource);
    assertThat(url).as(resource).isNotNull();
    String text = text(url);
    return JSON.readTree(text.startsWith("\uFEFF") ? text.substring(1) : text);
  }

  private static String text(URL url) throws IOException {
    try (InputStream in = url.openStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
