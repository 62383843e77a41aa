package io.vigil.app.security;

import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.UriRouteMatch;
import io.vigil.infra.persistence.ApprovalRepository;
import io.vigil.infra.persistence.AuditLogRepository;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every state-changing request under /api (accepted, refused or failed): who, with which
 * credential, what (method, route, the ids in the path), the customer it concerns, from where, and
 * the status. It runs outside the security filter so refusals are recorded too.
 */
@ServerFilter("/api/**")
public class AuditFilter implements io.micronaut.core.order.Ordered {
  /**
   * A request attribute: the customer a request concerns, set by a controller that has read it
   * already (an approval's decision), so that the audit line does not read it again.
   */
  public static final String CUSTOMER_ID = "vigil.audit.customerId";
  private static final Logger LOG = LoggerFactory.getLogger(AuditFilter.class);
  private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

  private final AuditLogRepository audit;
  private final ApprovalRepository approvals;

  public AuditFilter(AuditLogRepository audit, ApprovalRepository approvals) {
    this.audit = audit;
    this.approvals = approvals;
  }

  @Override
  public int getOrder() {
    return ServerFilterPhase.SECURITY.before();
  }

  @ResponseFilter
  @ExecuteOn(TaskExecutors.BLOCKING)
  public void record(HttpRequest<?> request, MutableHttpResponse<?> response) {
    if (READS.contains(request.getMethod())) {
      return;
    }
    try {
      Optional<Authentication> auth = request.getUserPrincipal(Authentication.class);
      Caller caller = auth.map(Caller::of).orElse(null);
      Map<String, Object> variables = RouteAttributes.getRouteMatch(request)
          .filter(UriRouteMatch.class::isInstance).map(m -> ((UriRouteMatch<?, ?>) m).getVariableValues())
          .orElse(Map.of());
      String route = RouteAttributes.getRouteMatch(request)
          .filter(UriRouteMatch.class::isInstance)
          .map(m -> ((UriRouteMatch<?, ?>) m).getRouteInfo().getUriMatchTemplate().toString())
          .orElse(null);
      List<String> targets = new ArrayList<>();
      variables.forEach((name, value) -> targets.add(name + "=" + value));
      int status = response.getStatus().getCode();
      audit.append(caller == null ? null : caller.userId(), caller == null ? null : caller.credentialId(),
          caller == null ? null : caller.role(), request.getMethodName(), truncate(request.getPath(), 500),
          route, targets.toArray(String[]::new), customerOf(request, variables), remote(request), status,
          outcome(status));
    } catch (RuntimeException e) {
      // the request has been answered already; an audit write that fails must still be seen
      LOG.error("could not record {} {} in the audit log: {}", request.getMethodName(), request.getPath(), e.getMessage());
    }
  }

  private String customerOf(HttpRequest<?> request, Map<String, Object> variables) {
    Optional<String> known = request.getAttribute(CUSTOMER_ID, String.class);
    if (known.isPresent()) {
      return known.get();
    }
    String path = request.getPath();
    if (variables.get("customerId") != null) {
      return variables.get("customerId").toString();
    }
    Object id = variables.get("id");
    if (id == null) {
      return null;
    }
    if (path.startsWith("/api/customers/")) {
      return id.toString();
    }
    if (path.startsWith("/api/approvals/")) {
      return approvals.findById(id.toString()).map(a -> a.customerId()).orElse(null);
    }
    return null;
  }

  private static String remote(HttpRequest<?> request) {
    InetSocketAddress address = request.getRemoteAddress();
    return address == null || address.getAddress() == null ? null : address.getAddress().getHostAddress();
  }

  private static String outcome(int status) {
    if (status < 400) {
      return "ok";
    }
    return switch (status) {
      case 401 -> "unauthenticated";
      case 403 -> "forbidden";
      default -> status >= 500 ? "error" : "rejected";
    };
  }

  private static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max);
  }
}
