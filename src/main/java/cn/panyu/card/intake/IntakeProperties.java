package cn.panyu.card.intake;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Limits of intake ({@code intake.*} in application.yaml). Defaults suit a school district's file of
 * tens of thousands of rows with a photo of each student.
 */
@Component
@ConfigurationProperties("intake")
public class IntakeProperties {

  /** Largest batch file accepted (bytes): FILE_TOO_LARGE above it. */
  private long maxFileBytes = 50L * 1024 * 1024;
  /** Largest photo ZIP (compressed bytes). */
  private long maxPhotoArchiveBytes = 500L * 1024 * 1024;
  /** Most bytes all photos of one ZIP may expand to: beyond it the ZIP is an archive bomb. */
  private long maxPhotoTotalBytes = 1024L * 1024 * 1024;
  private int maxPhotoEntries = 100_000;
  /** One photo: a sensible JPEG is between these sizes and dimensions. */
  private int minPhotoBytes = 2 * 1024;
  private int maxPhotoBytes = 2 * 1024 * 1024;
  private int minPhotoWidth = 358;
  private int minPhotoHeight = 441;
  private int maxPhotoWidth = 4000;
  private int maxPhotoHeight = 6000;
  /** Rows stored per database round trip. */
  private int chunkSize = 2000;

  public long getMaxFileBytes() { return maxFileBytes; }
  public void setMaxFileBytes(long v) { maxFileBytes = v; }
  public long getMaxPhotoArchiveBytes() { return maxPhotoArchiveBytes; }
  public void setMaxPhotoArchiveBytes(long v) { maxPhotoArchiveBytes = v; }
  public long getMaxPhotoTotalBytes() { return maxPhotoTotalBytes; }
  public void setMaxPhotoTotalBytes(long v) { maxPhotoTotalBytes = v; }
  public int getMaxPhotoEntries() { return maxPhotoEntries; }
  public void setMaxPhotoEntries(int v) { maxPhotoEntries = v; }
  public int getMinPhotoBytes() { return minPhotoBytes; }
  public void setMinPhotoBytes(int v) { minPhotoBytes = v; }
  public int getMaxPhotoBytes() { return maxPhotoBytes; }
  public void setMaxPhotoBytes(int v) { maxPhotoBytes = v; }
  public int getMinPhotoWidth() { return minPhotoWidth; }
  public void setMinPhotoWidth(int v) { minPhotoWidth = v; }
  public int getMinPhotoHeight() { return minPhotoHeight; }
  public void setMinPhotoHeight(int v) { minPhotoHeight = v; }
  public int getMaxPhotoWidth() { return maxPhotoWidth; }
  public void setMaxPhotoWidth(int v) { maxPhotoWidth = v; }
  public int getMaxPhotoHeight() { return maxPhotoHeight; }
  public void setMaxPhotoHeight(int v) { maxPhotoHeight = v; }
  public int getChunkSize() { return chunkSize; }
  public void setChunkSize(int v) { chunkSize = v; }
}
