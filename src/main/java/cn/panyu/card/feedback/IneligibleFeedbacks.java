package cn.panyu.card.feedback;

import static cn.panyu.card.feedback.process.IneligibleFeedbackProcess.*;

import cn.panyu.card.application.Application;
import cn.panyu.card.application.ApplicationMode;
import cn.panyu.card.application.ApplicationRepository;
import cn.panyu.card.application.IneligibleReasons;
import cn.panyu.card.feedback.process.FeedbackMessages;
import cn.panyu.card.org.OrgUnit;
import cn.panyu.card.org.OrgUnitRepository;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The City Card Centre's ineligible records of one submission, fed back as one list: the card office passes it to
 * the relaying unit (the town of a town submission, the department of a batch), which passes it to the units that
 * decide per person (each village's applications, the institution's batch). Owner of {@code ineligible_feedback}.
 */
@Service
public class IneligibleFeedbacks {

  /** A string variable holds at most 4,000 characters: a longer list is cut with a note. */
  private static final int TEXT_LIMIT = 3900;

  private final JdbcTemplate jdbc;
  private final ApplicationRepository applications;
  private final OrgUnitRepository units;
  private final IneligibleReasons reasons;
  private final FeedbackMessages messages;
  private final Clock clock;

  public IneligibleFeedbacks(JdbcTemplate jdbc, ApplicationRepository applications, OrgUnitRepository units,
      IneligibleReasons reasons, FeedbackMessages messages, Clock clock) {
    this.jdbc = jdbc;
    this.applications = applications;
    this.units = units;
    this.reasons = reasons;
    this.messages = messages;
    this.clock = clock;
  }

  /** Opens the list of these ineligible applications, relayed by the given town or department. */
  @Transactional
  public String open(ApplicationMode mode, String businessKey, String relayUnitCode, List<Application> ineligible) {
    String id = String.format("FB-%06d", jdbc.queryForObject("select nextval('feedback_seq')", Long.class));
    jdbc.update("insert into ineligible_feedback (feedback_id, mode, business_key, relay_unit_code, status, created_at)"
        + " values (?, ?, ?, ?, 'OPEN', ?)", id, mode.name(), businessKey, relayUnitCode,
        Timestamp.from(clock.instant()));
    jdbc.batchUpdate("insert into ineligible_feedback_item (feedback_id, application_number, reason) values (?, ?, ?)",
        ineligible.stream().map(a -> new Object[] {id, a.applicationNumber(), a.ineligibleReason()}).toList());
    return id;
  }

  /** What the relay forms show and who works them, as the {@code ineligible-feedback} instance's variables. */
  public Map<String, Object> processVariables(String feedbackId) {
    Map<String, Object> row = jdbc.queryForMap("select mode, relay_unit_code from ineligible_feedback"
        + " where feedback_id = ?", feedbackId);
    OrgUnit relay = units.findByCode((String) row.get("RELAY_UNIT_CODE")).orElseThrow();
    List<Application> listed = listed(feedbackId);
    Map<String, Object> variables = new HashMap<>();
    variables.put(MODE.name(), row.get("MODE"));
    variables.put(RELAY_GROUP.name(), relay.groupId());
    variables.put(RELAY_UNIT_NAME.name(), relay.name());
    variables.put(INELIGIBLE_COUNT.name(), listed.size());
    variables.put(INELIGIBLE_TEXT.name(), text(listed));
    return variables;
  }

  /** The list has reached the units that decide: each individual application's village task opens. */
  @Transactional
  public void deliver(String feedbackId) {
    for (Application a : listed(feedbackId)) {
      if (a.mode() == ApplicationMode.INDIVIDUAL) {
        messages.delivered(a.applicationNumber());
      }
    }
    jdbc.update("update ineligible_feedback set status = 'DELIVERED', delivered_at = ? where feedback_id = ?",
        Timestamp.from(clock.instant()), feedbackId);
  }

  private List<Application> listed(String feedbackId) {
    return jdbc.queryForList("select application_number from ineligible_feedback_item where feedback_id = ?"
        + " order by application_number", String.class, feedbackId).stream().map(applications::get).toList();
  }

  /** One line a person: number, name, unit, reason and what to do. */
  private String text(List<Application> listed) {
    StringBuilder text = new StringBuilder();
    for (Application a : listed) {
      String unit = units.findByCode(a.unitCode()).map(OrgUnit::name).orElse(a.unitCode());
      String line = a.applicationNumber() + " " + a.name() + "（" + unit + "）：" + reasons.text(a.ineligibleReason())
          + "；" + reasons.advice(a.ineligibleReason());
      if (text.length() + line.length() + 1 > TEXT_LIMIT) {
        return text.append("\n……（共 ").append(listed.size()).append(" 人，其余见各申请详情）").toString();
      }
      text.append(text.isEmpty() ? "" : "\n").append(line);
    }
    return text.toString();
  }
}
