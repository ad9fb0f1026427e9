package cn.panyu.card.security;

import cn.panyu.card.engine.AsSystem;
import cn.panyu.card.org.OrgUnitRepository;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The engine's REST API for staff: in front of {@code /engine-rest} (HTTP Basic) and of the webapps' own copy
 * of it, {@code /camunda/api/engine} (Tasklist's and Cockpit's session), the two doors through which a person
 * reaches the engine. The application's own {@code /api} calls the engine in Java, with checks of its own.
 *
 * <p>For anyone but an administrator (group {@code camunda-admin}):
 * <ul>
 *   <li>only the resources Tasklist and Cockpit use ({@link RestPolicy}); the rest is refused;</li>
 *   <li>a process start (start form or {@code start}) may set only the start form's fields; a task
 *       completion or a write of a task's variables only the fields of that task's form (read from the
 *       deployed form, see {@link StepForms}); a read-only field only with the value it has. So a step cannot
 *       set what routes the process (a result, a decision that is not on its form, {@code villageCode});</li>
 *   <li>a variable naming a unit ({@code card.security.unit-variables}) must name one of the user's own units:
 *       nobody starts or completes work for another unit;</li>
 *   <li>process variables (execution, process instance) are not written directly at all.</li>
 * </ul>
 * Which task or process the user may touch at all stays the engine's authorizations' to decide: a request that
 * passes here still needs them. Refusals answer as the engine's REST API does ({@code {type, message}}), in
 * Chinese, so Tasklist shows the message.
 */
public class EngineRestGuard extends OncePerRequestFilter {

  private static final String WEBAPP_PREFIX = "/camunda/api/engine";
  private static final String REST_PREFIX = "/engine-rest";

  private final StepWrites writesOf;
  private final IdentityService identity;
  private final AsSystem asSystem;
  private final String engineName;
  private final ObjectMapper json = new ObjectMapper();

  public EngineRestGuard(StepForms forms, OrgUnitRepository units, IdentityService identity, AsSystem asSystem,
      String engineName, SecurityProperties properties) {
    this.writesOf = new StepWrites(forms, units, properties.unitVariables());
    this.identity = identity;
    this.asSystem = asSystem;
    this.engineName = engineName;
  }

  /** Who is calling: the user id and groups. */
  record Caller(String userId, List<String> groups) {
    boolean isAdmin() {
      return groups.contains(Groups.CAMUNDA_ADMIN);
    }
  }

  /** A refused request: the HTTP status and the message the user reads. */
  static final class Refused extends RuntimeException {
    final int status;

    Refused(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Caller caller = caller(request);
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (caller == null || caller.isAdmin()) {
      // anonymous: the engine's authentication answers 401 itself
      chain.doFilter(request, response);
      return;
    }
    CachedBody body = new CachedBody(request);
    try {
      check(caller, request.getMethod(), segments(path), body);
    } catch (Refused refused) {
      refuse(response, refused.status, refused.getMessage());
      return;
    }
    chain.doFilter(body, response);
  }

  /** The user of this request: HTTP Basic (set on the engine by the authentication filter) or the webapp's login. */
  private Caller caller(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (!path.startsWith(WEBAPP_PREFIX)) {
      Authentication basic = identity.getCurrentAuthentication();
      return basic == null || basic.getUserId() == null ? null
          : new Caller(basic.getUserId(), Objects.requireNonNullElse(basic.getGroupIds(), List.of()));
    }
    // the webapps log in per engine: the one the path names (/camunda/api/engine/engine/{name}/...)
    String[] parts = path.substring(WEBAPP_PREFIX.length()).split("/");
    String engine = parts.length > 2 && parts[1].equals("engine") ? parts[2] : engineName;
    HttpSession session = request.getSession(false);
    Authentications webapp = session == null ? null : AuthenticationUtil.getAuthsFromSession(session);
    if (webapp != null && webapp.getAuthenticationForProcessEngine(engine) instanceof UserAuthentication user) {
      return new Caller(user.getIdentityId(), Objects.requireNonNullElse(user.getGroupIds(), List.of()));
    }
    return null;
  }

  /** The path below the engine, e.g. {@code [task, 42, complete]}; matrix parameters are refused outright. */
  static List<String> segments(String path) {
    String rest = path.startsWith(WEBAPP_PREFIX) ? path.substring(WEBAPP_PREFIX.length())
        : path.startsWith(REST_PREFIX) ? path.substring(REST_PREFIX.length()) : path;
    if (rest.contains(";")) {
      // Jersey drops ";..." from a segment when it routes: the id seen here would not be the one acted on
      throw new Refused(400, "请求路径中不能含有分号");
    }
    List<String> parts = new ArrayList<>();
    for (String s : rest.split("/")) {
      if (!s.isEmpty()) {
        parts.add(URLDecoder.decode(s, StandardCharsets.UTF_8));
      }
    }
    // /engine/{name}/... is the same API as /... for the default engine; /engine alone lists the engines (every
    // webapp asks it first), as the root does
    if (!parts.isEmpty() && parts.get(0).equals("engine")) {
      return parts.size() >= 2 ? parts.subList(2, parts.size()) : List.of();
    }
    return parts;
  }

  void check(Caller caller, String method, List<String> p, CachedBody body) throws IOException {
    String resource = p.isEmpty() ? "" : p.get(0);
    boolean read = method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
    if (read) {
      if (RestPolicy.READABLE.contains(resource)
          && (!resource.equals("authorization") || p.size() == 2 && RestPolicy.AUTHORIZATION_READS.contains(p.get(1)))) {
        return;
      }
      throw notForStaff(method, p);
    }
    if (method.equals("POST") && isQuery(p)) {
      return;
    }
    if (resource.equals("task") && p.size() >= 2) {
      checkTask(caller, method, p, body);
      return;
    }
    if (resource.equals("process-definition") && method.equals("POST") && RestPolicy.STARTS.contains(last(p))) {
      String id = p.size() == 3 ? p.get(1) : null;
      String key = p.size() >= 4 && p.get(1).equals("key") ? p.get(2) : null;
      if (id != null || key != null) {
        writesOf.checkStart(caller, id, key, body.json());
        return;
      }
    }
    if (resource.equals("filter") && (method.equals("POST") && p.equals(List.of("filter", "create"))
        || (method.equals("PUT") || method.equals("DELETE")) && p.size() == 2)) {
      return; // a user's own Tasklist filters (the engine's FILTER grants decide)
    }
    if (resource.equals("user") && method.equals("PUT") && p.size() == 3 && p.get(1).equals(caller.userId())
        && (p.get(2).equals("profile") || p.get(2).equals("credentials"))) {
      return; // one's own profile and password (the Welcome page)
    }
    throw notForStaff(method, p);
  }

  private static boolean isQuery(List<String> p) {
    if (p.size() == 1 && RestPolicy.POST_QUERIES.contains(p.get(0))) {
      return true;
    }
    if (p.size() == 2 && RestPolicy.POST_QUERIES.contains(p.get(0)) && p.get(1).equals("count")) {
      return true;
    }
    if (p.size() >= 2 && p.size() <= 3 && p.get(0).equals("history")
        && RestPolicy.POST_HISTORY_QUERIES.contains(p.get(1)) && (p.size() == 2 || p.get(2).equals("count"))) {
      return true;
    }
    if (p.size() == 3 && p.get(0).equals("filter") && List.of("list", "count", "singleResult").contains(p.get(2))) {
      return true;
    }
    // Admin's and the Welcome page's check of a new password against the policy
    return p.equals(List.of("identity", "password-policy"));
  }

  private void checkTask(Caller caller, String method, List<String> p, CachedBody body) throws IOException {
    String taskId = p.get(1);
    String action = p.size() >= 3 ? p.get(2) : null;
    if (action == null) {
      if (method.equals("PUT")) {
        // the model's rules set them, and the escalation sweep reads the follow-up date: moved, the task would
        // never be escalated
        throw new Refused(403, "任务的期限和跟进日期由流程规则确定，不能修改");
      }
      throw notForStaff(method, p);
    }
    if (method.equals("POST") && p.size() == 3 && RestPolicy.TASK_ACTIONS.contains(action)) {
      checkColleague(caller, body.json().path("userId").asText(null));
      return;
    }
    if (action.equals("comment") && method.equals("POST") && p.size() == 4 && p.get(3).equals("create")
        || action.equals("attachment") && (method.equals("POST") && p.size() == 4 && p.get(3).equals("create")
        || method.equals("DELETE") && p.size() == 4)) {
      return;
    }
    if (action.equals("identity-links") && method.equals("POST")) {
      String group = body.json().path("groupId").asText(null);
      if (p.size() == 3 && group != null && !caller.groups().contains(group)) {
        // a candidate group of another unit would plant the task in that unit's Tasklist
        throw new Refused(403, "只能把任务交给本单位（用户组 " + String.join("、", caller.groups()) + "）办理，不能交给 "
            + group);
      }
      if (p.size() == 3) {
        checkColleague(caller, body.json().path("userId").asText(null));
      }
      if (p.size() == 3 || p.size() == 4 && p.get(3).equals("delete")) {
        return;
      }
    }
    Map<String, StepWrites.Write> writes = new LinkedHashMap<>();
    if (method.equals("POST") && p.size() == 3 && RestPolicy.TASK_COMPLETIONS.contains(action)) {
      writes = StepWrites.values(body.json().path("variables"));
    } else if (RestPolicy.TASK_VARIABLES.contains(action)) {
      if (p.size() == 3 && method.equals("POST")) {
        writes = StepWrites.values(body.json().path("modifications"));
        for (JsonNode name : body.json().path("deletions")) {
          writes.put(name.asText(), StepWrites.Write.DELETION);
        }
      } else if (p.size() == 4 && method.equals("PUT")) {
        writes.put(p.get(3), new StepWrites.Write(body.json().path("value"), false, true));
      } else if (p.size() == 4 && method.equals("DELETE")) {
        writes.put(p.get(3), StepWrites.Write.DELETION);
      } else if (p.size() == 5 && p.get(4).equals("data") && (method.equals("POST") || method.equals("PUT"))) {
        writes.put(p.get(3), StepWrites.Write.UNKNOWN_VALUE); // a file: its value is not read here
      } else {
        throw notForStaff(method, p);
      }
    } else {
      throw notForStaff(method, p);
    }
    writesOf.checkTask(caller, taskId, writes);
  }

  /** A task is given (claimed, assigned, delegated, linked) only to oneself or a colleague of one's own unit. */
  private void checkColleague(Caller caller, String userId) {
    if (userId == null || userId.equals(caller.userId())) {
      return;
    }
    boolean colleague = asSystem.get(() -> identity.createGroupQuery().groupMember(userId).list().stream()
        .map(Group::getId).anyMatch(caller.groups()::contains));
    if (!colleague) {
      throw new Refused(403, "只能把任务交给本单位（用户组 " + String.join("、", caller.groups()) + "）的同事办理，"
          + userId + " 不是本单位的用户");
    }
  }

  private static Refused notForStaff(String method, List<String> p) {
    return new Refused(403, "此接口仅限管理员使用：" + method + " /" + String.join("/", p));
  }

  private static String last(List<String> p) {
    return p.isEmpty() ? "" : p.get(p.size() - 1);
  }

  private void refuse(HttpServletResponse response, int status, String message) throws IOException {
    response.setStatus(status);
    response.setContentType("application/json;charset=UTF-8");
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("type", status == 403 ? "AuthorizationException" : "InvalidRequestException");
    error.put("message", message);
    response.getWriter().write(json.writeValueAsString(error));
  }

  /** The request with its body read once: checked here, then read again by the engine's REST layer. */
  final class CachedBody extends HttpServletRequestWrapper {
    private byte[] bytes;
    private JsonNode parsed;

    CachedBody(HttpServletRequest request) {
      super(request);
    }

    JsonNode json() throws IOException {
      if (parsed == null) {
        byte[] b = bytes();
        try {
          parsed = b.length == 0 ? json.createObjectNode() : json.readTree(b);
        } catch (IOException e) {
          throw new Refused(400, "请求内容不是有效的 JSON");
        }
        if (parsed == null || !parsed.isObject()) {
          parsed = json.createObjectNode();
        }
      }
      return parsed;
    }

    private byte[] bytes() throws IOException {
      if (bytes == null) {
        bytes = super.getInputStream().readAllBytes();
      }
      return bytes;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (bytes == null) {
        return super.getInputStream(); // not read here (e.g. a file upload): streamed as it came
      }
      ByteArrayInputStream in = new ByteArrayInputStream(bytes);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new UnsupportedOperationException();
        }
      };
    }

    @Override
    public BufferedReader getReader() throws IOException {
      return new BufferedReader(new InputStreamReader(getInputStream(),
          getCharacterEncoding() == null ? StandardCharsets.UTF_8.name() : getCharacterEncoding()));
    }
  }
}
