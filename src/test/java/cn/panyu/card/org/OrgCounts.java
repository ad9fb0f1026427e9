package cn.panyu.card.org;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/** Row counts of everything the seeding writes, to show that a second run adds nothing. */
final class OrgCounts {

  private static final String[] TABLES = {
      "org_unit", "ACT_ID_GROUP", "ACT_ID_USER", "ACT_ID_MEMBERSHIP", "ACT_RU_FILTER", "ACT_RU_AUTHORIZATION"};

  private OrgCounts() {}

  static Map<String, Integer> of(JdbcTemplate jdbc) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String table : TABLES) {
      counts.put(table, jdbc.queryForObject("select count(*) from " + table, Integer.class));
    }
    return counts;
  }
}
