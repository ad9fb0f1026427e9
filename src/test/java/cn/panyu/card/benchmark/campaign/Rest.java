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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTTP as the district's staff use it, JSON in and out. One client (connection pool) for every user of the
 * harness; the application runs in another process. The application's own API ({@code /api}) is called with HTTP
 * Basic as a named user, as other people's tools call it. With {@link #asTasklist} the engine's REST API is called
 * as Tasklist calls it: each user logs in once (a session cookie and the webapps' CSRF token) and works through the
 * webapps' copy of the API, {@code /camunda/api/engine/engine/default}, not through {@code /engine-rest} with
 * Basic on every request.
 */
public final class Rest {

  public static final ObjectMapper JSON = new ObjectMapper();
  private static final String ENGINE_REST = "/engine-rest/";
  private static final String WEBAPP_ENGINE = "/camunda/api/engine/engine/default/";

  private final String base;
  private final String password;
  private final boolean tasklistSessions;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  public final AtomicLong requests = new AtomicLong();
  public final AtomicLong logins = new AtomicLong();

  public Rest(String base, String password) {
    this(base, password, false);
  }

  private Rest(String base, String password, boolean tasklistSessions) {
    this.base = base;
    this.password = password;
    this.tasklistSessions = tasklistSessions;
  }

  /** The same users, the engine's API called as Tasklist calls it (one login per user, then its session). */
  public static Rest asTasklist(String base, String password) {
    return new Rest(base, password, true);
  }

  /** A user's Tasklist session: the cookie and the CSRF token the webapps ask for on every write. */
  private static final class Session {
    volatile String id;
    volatile String csrfToken;
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

  private String send(String user, String method, String path, String contentType, String accept, byte[] body,
      String what) {
    if (!tasklistSessions || user == null || !path.startsWith(ENGINE_REST)) {
      return send(user, null, method, path, contentType, accept, body, what);
    }
    String webappPath = WEBAPP_ENGINE + path.substring(ENGINE_REST.length());
    what = what.replace(path, webappPath);
    Session session = sessions.computeIfAbsent(user, u -> login(u));
    try {
      return send(user, session, method, webappPath, contentType, accept, body, what);
    } catch (Failed expired) {
      if (expired.status != 401) {
        throw expired;
      }
      sessions.remove(user, session); // the session timed out: Tasklist shows its login page again
      return send(user, sessions.computeIfAbsent(user, u -> login(u)), method, webappPath, contentType, accept,
          body, what);
    }
  }

  /** Tasklist's login: its page (a session and a CSRF token), the login form, then the new session's token. */
  private Session login(String user) {
    logins.incrementAndGet();
    Session session = new Session();
    send(null, session, "GET", "/camunda/app/tasklist/default/", null, null, null, "Tasklist");
    send(null, session, "POST", "/camunda/api/admin/auth/user/default/login/tasklist",
        "application/x-www-form-urlencoded", "application/json",
        ("username=" + encode(user) + "&password=" + encode(password)).getBytes(StandardCharsets.UTF_8),
        "login " + user);
    send(null, session, "GET", WEBAPP_ENGINE + "user/" + encode(user) + "/profile", null, "application/json",
        null, "profile of " + user);
    return session;
  }

  /** One request in the way a browser makes it: a kept-alive connection, a blocking read, a timeout. */
  private String send(String user, Session session, String method, String path, String contentType, String accept,
      byte[] body, String what) {
    requests.incrementAndGet();
    HttpURLConnection c = null;
    try {
      c = (HttpURLConnection) URI.create(base + path).toURL().openConnection();
      c.setConnectTimeout(10_000);
      c.setReadTimeout(600_000);
      c.setRequestMethod(method);
      if (session != null) {
        sendCookies(c, session, method);
      } else if (user != null) {
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
      if (session != null) {
        keepCookies(c, session);
      }
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

  private static void sendCookies(HttpURLConnection c, Session session, String method) {
    StringBuilder cookies = new StringBuilder();
    if (session.id != null) {
      cookies.append("JSESSIONID=").append(session.id);
    }
    if (session.csrfToken != null) {
      cookies.append(cookies.isEmpty() ? "" : "; ").append("XSRF-TOKEN=").append(session.csrfToken);
      if (!"GET".equals(method)) {
        c.setRequestProperty("X-XSRF-TOKEN", session.csrfToken);
      }
    }
    if (!cookies.isEmpty()) {
      c.setRequestProperty("Cookie", cookies.toString());
    }
  }

  private static void keepCookies(HttpURLConnection c, Session session) {
    for (String header : c.getHeaderFields().getOrDefault("Set-Cookie", List.of())) {
      String pair = header.split(";", 2)[0];
      int eq = pair.indexOf('=');
      String name = pair.substring(0, eq).trim();
      if ("JSESSIONID".equals(name)) {
        session.id = pair.substring(eq + 1);
      } else if ("XSRF-TOKEN".equals(name)) {
        session.csrfToken = pair.substring(eq + 1);
      }
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
