package cn.panyu.card.benchmark.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTTP as the district's staff use it: HTTP Basic as a named user, JSON in and out. One client (connection
 * pool) for every user of the harness; the application runs in another process.
 */
public final class Rest {

  public static final ObjectMapper JSON = new ObjectMapper();

  private final String base;
  private final String password;
  public final AtomicLong requests = new AtomicLong();

  public Rest(String base, String password) {
    this.base = base;
    this.password = password;
  }

  public String base() {
    return base;
  }

  /** A failed call: the status and the body, for the harness's record. */
  public static final class Failed extends RuntimeException {
    public final int status;

    Failed(String what, int status, String body) {
      super(what + " → " + status + ": " + (body.length() > 400 ? body.substring(0, 400) + "…" : body));
      this.status = status;
    }
  }

  public JsonNode get(String user, String path) {
    return json(send(user, "GET", path, null, "application/json", null, "GET " + path));
  }

  public String getText(String user, String path) {
    return send(user, "GET", path, null, null, null, "GET " + path);
  }

  public JsonNode post(String user, String path, Object body) {
    return post(user, path, body, "application/json");
  }

  public JsonNode post(String user, String path, Object body, String accept) {
    try {
      String text = body instanceof String s ? s : JSON.writeValueAsString(body);
      return json(send(user, "POST", path, "application/json", accept, text.getBytes(StandardCharsets.UTF_8),
          "POST " + path));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A multipart/form-data POST: {@code parts} maps a name to a String or to a {@link FilePart}. */
  public JsonNode multipart(String user, String path, Map<String, Object> parts) {
    String boundary = "----bench" + System.nanoTime();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    parts.forEach((name, value) -> {
      StringBuilder head = new StringBuilder("--").append(boundary).append("\r\n")
          .append("Content-Disposition: form-data; name=\"").append(name).append('"');
      byte[] content;
      if (value instanceof FilePart f) {
        head.append("; filename=\"").append(f.filename()).append("\"\r\nContent-Type: ").append(f.mimeType());
        content = f.bytes();
      } else {
        content = String.valueOf(value).getBytes(StandardCharsets.UTF_8);
      }
      head.append("\r\n\r\n");
      out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
      out.writeBytes(content);
      out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    });
    out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return json(send(user, "POST", path, "multipart/form-data; boundary=" + boundary, "application/json",
        out.toByteArray(), "POST " + path));
  }

  public record FilePart(String filename, String mimeType, byte[] bytes) {
    /** As the engine's REST API takes a File variable (and Tasklist's forms send one). */
    public Map<String, Object> asVariable() {
      return Map.of("type", "File", "value", Base64.getEncoder().encodeToString(bytes),
          "valueInfo", Map.of("filename", filename, "mimeType", mimeType));
    }
  }

  public static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** One request in the way a browser makes it: a kept-alive connection, a blocking read, a timeout. */
  private String send(String user, String method, String path, String contentType, String accept, byte[] body,
      String what) {
    requests.incrementAndGet();
    HttpURLConnection c = null;
    try {
      c = (HttpURLConnection) URI.create(base + path).toURL().openConnection();
      c.setConnectTimeout(10_000);
      c.setReadTimeout(600_000);
      c.setRequestMethod(method);
      if (user != null) {
        c.setRequestProperty("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
            .getBytes(StandardCharsets.UTF_8)));
      }
      if (accept != null) {
        c.setRequestProperty("Accept", accept);
      }
      if (body != null) {
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", contentType);
        c.setFixedLengthStreamingMode(body.length);
        try (OutputStream out = c.getOutputStream()) {
          out.write(body);
        }
      }
      int status = c.getResponseCode();
      InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
      String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      if (in != null) {
        in.close();
      }
      if (status >= 300) {
        throw new Failed((user == null ? "" : user + " ") + what, status, text);
      }
      return text;
    } catch (IOException e) {
      if (c != null) {
        c.disconnect();
      }
      throw new IllegalStateException(what + ": " + e, e);
    }
  }

  private static JsonNode json(String body) {
    try {
      return body == null || body.isBlank() ? JSON.nullNode() : JSON.readTree(body);
    } catch (IOException e) {
      throw new IllegalStateException("not JSON: " + body, e);
    }
  }
}
