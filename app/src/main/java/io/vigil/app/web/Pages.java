package io.vigil.app.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.views.ModelAndView;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/** What every page's response shares: the layout's model (who is signed in, which page), and how htmx is told apart. */
final class Pages {
  private Pages() {}

  static Map<String, Object> model(Viewer viewer, String nav) {
    Map<String, Object> model = new HashMap<>();
    model.put("viewer", viewer);
    model.put("nav", nav);
    return model;
  }

  static MutableHttpResponse<ModelAndView<Map<String, Object>>> render(HttpStatus status, String view, Map<String, Object> model) {
    return HttpResponse.<ModelAndView<Map<String, Object>>>status(status).body(new ModelAndView<>(view, model));
  }

  /** A request htmx made to swap part of a page (it sends {@code HX-Request}). */
  static boolean fromHtmx(HttpRequest<?> request) {
    return request.getHeaders().contains("HX-Request");
  }

  /** After a plain form post: back to a page with a GET, so reloading does not post again. */
  static <T> MutableHttpResponse<T> seeOther(String location) {
    return HttpResponse.seeOther(URI.create(location));
  }

  /** A place in Vigil to return to after signing in: a path of this server only, never another site. */
  static String safeNext(String next) {
    return next != null && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/";
  }
}
