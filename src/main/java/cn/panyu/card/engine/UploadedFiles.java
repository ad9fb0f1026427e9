package cn.panyu.card.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.camunda.bpm.engine.variable.value.FileValue;

/** Files uploaded on a Tasklist form, as the instance holds them. */
public final class UploadedFiles {

  private UploadedFiles() {}

  /** The content of an uploaded file, or null for none. */
  public static byte[] bytes(FileValue file) {
    if (file == null || file.getValue() == null) {
      return null;
    }
    try (InputStream in = file.getValue()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("读取上传文件失败：" + file.getFilename(), e);
    }
  }
}
