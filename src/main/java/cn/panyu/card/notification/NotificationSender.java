package cn.panyu.card.notification;

/**
 * Sends a notification to an applicant. No SMS gateway exists here: the default sender only logs
 * (masked); a real one (SMS, WeChat) is a bean of this type that replaces it.
 */
public interface NotificationSender {

  /** @return the channel name recorded with the notification, e.g. "LOG" or "SMS" */
  String send(String phone, String message);
}
