package cn.panyu.card.notification;

import cn.panyu.card.application.ApplicationRepository;
import cn.panyu.card.personaldata.Masking;
import cn.panyu.card.status.StatusProperties;
import java.time.Clock;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Notifications to applicants: every one is recorded (staff see them with the application) and handed to
 * the {@link NotificationSender}.
 */
@Service
public class Notifications {

  public static final String COLLECTION_REMINDER = "COLLECTION_REMINDER";
  public static final String ACTIVATION_REMINDER = "ACTIVATION_REMINDER";
  public static final String CARD_READY = "CARD_READY";
  public static final String TASK_ESCALATED = "TASK_ESCALATED";
  /** A replacement card (补领/换领) waits at the town's service window. */
  public static final String WINDOW_CARD_READY = "WINDOW_CARD_READY";
  public static final String WINDOW_COLLECTION_REMINDER = "WINDOW_COLLECTION_REMINDER";

  private static final Map<String, String> TEXT = Map.of(
      COLLECTION_REMINDER, "您好，您的社保卡已到村（居）委，请携带身份证尽快领取。",
      ACTIVATION_REMINDER, "您好，您领取的社保卡尚未激活，请到所选银行网点激活金融功能。",
      CARD_READY, "您好，您的社保卡已送达村（居）委，请携带身份证领取。领取地点和期限请查询：{statusPage}",
      WINDOW_CARD_READY, "您好，您补领（换领）的社保卡已送达镇（街）服务窗口，请携带身份证领取。领取期限请查询：{statusPage}",
      WINDOW_COLLECTION_REMINDER, "您好，您补领（换领）的社保卡已到镇（街）服务窗口，请携带身份证尽快领取。");

  private final JdbcTemplate jdbc;
  private final ApplicationRepository applications;
  private final NotificationSender sender;
  private final String statusPageUrl;
  private final Clock clock;

  public Notifications(JdbcTemplate jdbc, ApplicationRepository applications, NotificationSender sender,
      StatusProperties status, Clock clock) {
    this.clock = clock;
    this.jdbc = jdbc;
    this.applications = applications;
    this.sender = sender;
    this.statusPageUrl = status.pageUrl();
  }

  public void notifyApplicant(String applicationNumber, String kind) {
    String message = TEXT.get(kind);
    if (message == null) {
      throw new IllegalArgumentException("未知的通知类型：" + kind);
    }
    // the public status page, where the applicant finds the place and the last day to collect
    message = message.replace("{statusPage}", statusPageUrl);
    String phone = applications.get(applicationNumber).phone();
    String channel = sender.send(phone, message);
    Timestamp now = Timestamp.from(clock.instant());
    jdbc.update("insert into notification (application_number, kind, recipient, message, created_at, sent_at, channel)"
        + " values (?, ?, ?, ?, ?, ?, ?)", applicationNumber, kind, Masking.phone(phone), message, now, now, channel);
  }

  /** A note for staff (no applicant message): a task of this application was escalated. */
  public void recordForStaff(String applicationNumber, String kind, String message) {
    jdbc.update("insert into notification (application_number, kind, message, created_at) values (?, ?, ?, ?)",
        applicationNumber, kind, message, Timestamp.from(clock.instant()));
  }

  public List<Map<String, Object>> of(String applicationNumber) {
    return jdbc.queryForList("select kind, recipient, message, created_at, sent_at, channel from notification"
        + " where application_number = ? order by id", applicationNumber);
  }
}
