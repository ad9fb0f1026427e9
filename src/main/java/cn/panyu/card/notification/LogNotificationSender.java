package cn.panyu.card.notification;

import cn.panyu.card.personaldata.Masking;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.stereotype.Component;

/** The default sender: writes the notification to the log, with the phone number masked. */
@Component
@ConditionalOnMissingBean(value = NotificationSender.class, ignored = LogNotificationSender.class)
public class LogNotificationSender implements NotificationSender {

  private static final Logger LOG = LoggerFactory.getLogger(LogNotificationSender.class);

  @Override
  public String send(String phone, String message) {
    LOG.info("notification to {}: {}", Masking.phone(phone), message);
    return "LOG";
  }
}
