package cn.panyu.card.intake;

/** A batch file (or its photo archive) refused whole: a file reason code and a Chinese message. */
public class FileRefusedException extends RuntimeException {

  private final String reason;

  public FileRefusedException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  public FileRefusedException(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
