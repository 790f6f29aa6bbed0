package dev.mmsearch.api;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The methods each API path answers, read from the resources' own annotations, for the
 * {@code Allow} header of a 405 (Quarkus REST raises it without one).
 */
final class AllowedMethods {

  private record Route(Pattern path, String method) {}

  private static final Pattern PARAM = Pattern.compile("\\{\\s*[\\w.-]+\\s*(?::\\s*((?:[^{}]|\\{[^{}]*})+))?}");
  private static final List<Route> ROUTES = routes(SearchResource.class, ItemResource.class, StatsResource.class,
      DuplicatesResource.class);

  private AllowedMethods() {}

  /** Methods that {@code path} answers (with HEAD and OPTIONS where Quarkus REST adds them), sorted. */
  static Set<String> of(String path) {
    Set<String> allowed = new TreeSet<>();
    for (Route r : ROUTES) {
      if (r.path().matcher(path).matches()) {
        allowed.add(r.method());
      }
    }
    if (allowed.contains("GET")) {
      allowed.add("HEAD");
    }
    if (!allowed.isEmpty()) {
      allowed.add("OPTIONS");
    }
    return allowed;
  }

  private static List<Route> routes(Class<?>... resources) {
    List<Route> routes = new ArrayList<>();
    for (Class<?> c : resources) {
      String base = c.getAnnotation(Path.class).value();
      for (Method m : c.getDeclaredMethods()) {
        for (var a : m.getAnnotations()) {
          HttpMethod http = a.annotationType().getAnnotation(HttpMethod.class);
          if (http != null) {
            Path sub = m.getAnnotation(Path.class);
            routes.add(new Route(regex(join(base, sub == null ? "" : sub.value())), http.value()));
          }
        }
      }
    }
    return routes;
  }

  private static String join(String a, String b) {
    String s = (a + "/" + b).replaceAll("/+", "/");
    return s.length() > 1 && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  /** A JAX-RS path template as a regex: {@code {id: .+}} keeps its pattern, {@code {id}} is one segment. */
  private static Pattern regex(String template) {
    StringBuilder sb = new StringBuilder();
    Matcher m = PARAM.matcher(template);
    int last = 0;
    while (m.find()) {
      sb.append(Pattern.quote(template.substring(last, m.start())));
      sb.append('(').append(m.group(1) == null ? "[^/]+" : m.group(1).trim()).append(')');
      last = m.end();
    }
    sb.append(Pattern.quote(template.substring(last)));
    return Pattern.compile(sb.toString());
  }
}
