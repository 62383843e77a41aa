package io.vigil.app.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The dashboard as a browser without a script engine sees it: this server's cookies kept across
 * requests (the session's and a sign-in's state; paths ignored), redirects not followed (the tests
 * look at them), form posts with this server as their Origin unless told otherwise.
 */
public final class PageClient {
  private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private static final String SESSION = "vigil_session";
  private final String base;
  private final Map<String, String> cookies = new LinkedHashMap<>();

  public PageClient(String base) {
    this.base = base.replaceAll("/+$", "");
  }

  public record Page(int status, String body, java.net.http.HttpHeaders headers) {
    public Optional<String> location() {
      return headers.firstValue("Location");
    }

    public List<String> setCookies() {
      return headers.allValues("Set-Cookie");
    }
  }

  public String base() {
    return base;
  }

  public String session() {
    return cookies.get(SESSION);
  }

  /** The cookie this browser holds under {@code name}, if any. */
  public Optional<String> cookie(String name) {
    return Optional.ofNullable(cookies.get(name));
  }

  /** Another browser holding the same session cookie (a copied cookie). */
  public PageClient withSession(String cookie) {
    PageClient other = new PageClient(base);
    other.cookies.put(SESSION, cookie);
    return other;
  }

  public Page get(String path) {
    return get(path, Map.of());
  }

  public Page get(String path, Map<String, String> headers) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), headers);
  }

  /** A form post from one of this server's pages. */
  public Page post(String path, Map<String, String> form) {
    return post(path, form, Map.of("Origin", base));
  }

  public Page post(String path, Map<String, String> form, Map<String, String> headers) {
    String body = form.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)), headers);
  }

  /**
   * A form post from one of this server's pages whose body leaves in {@code pieces}, each its own
   * TCP segment a moment after the last, as a slow network delivers it; answers the status.
   */
  public int postInPieces(String path, String... pieces) throws java.io.IOException, InterruptedException {
    URI uri = URI.create(base + path);
    int length = java.util.Arrays.stream(pieces).mapToInt(String::length).sum();
    String head = "POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
        + "\r\nOrigin: " + base + "\r\nCookie: " + SESSION + "=" + session()
        + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + length
        + "\r\nConnection: close\r\n\r\n";
    try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(30_000);
      java.io.OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      for (String piece : pieces) {
        Thread.sleep(100);
        out.write(piece.getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
      String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
          StandardCharsets.US_ASCII)).readLine();
      return Integer.parseInt(statusLine.split(" ")[1]);
    }
  }

  /**
   * A server-sent event stream opened as this browser (an {@code EventSource}): the names of the
   * events that arrive, in order, readable until closed.
   */
  public EventNames events(String path) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET().header("Accept", "text/event-stream");
    withCookies(request);
    java.util.concurrent.BlockingQueue<String> names = new java.util.concurrent.LinkedBlockingQueue<>();
    java.util.concurrent.CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> response =
        HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines());
    Thread reader = new Thread(() -> {
      try {
        response.join().body().filter(line -> line.startsWith("event:"))
            .forEach(line -> names.add(line.substring("event:".length()).strip()));
      } catch (RuntimeException closed) {
        // the stream ended or was closed by the test
      }
    }, "sse-reader");
    reader.setDaemon(true);
    reader.start();
    return new EventNames(names, () -> response.cancel(true));
  }

  record EventNames(java.util.concurrent.BlockingQueue<String> names, Runnable closer) implements AutoCloseable {
    /** The next event's name, or null when none came within {@code wait}. */
    String next(java.time.Duration wait) throws InterruptedException {
      return names.poll(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
      closer.run();
    }
  }

  /** Opens a sign-in link (a path from the API) and presses its button; answers the sign-in's response. */
  public Page signInWith(String linkPath) {
    Page page = get(linkPath);
    if (page.status() != 200) {
      throw new AssertionError("GET " + linkPath + " answered " + page.status());
    }
    String token = URI.create(base + linkPath).getQuery().replaceFirst("^token=", "");
    Map<String, String> form = new LinkedHashMap<>();
    form.put("token", token);
    form.put("next", "/");
    return post("/signin", form);
  }

  private void withCookies(HttpRequest.Builder request) {
    if (!cookies.isEmpty()) {
      request.header("Cookie", cookies.entrySet().stream().map(c -> c.getKey() + "=" + c.getValue())
          .collect(Collectors.joining("; ")));
    }
  }

  private Page send(HttpRequest.Builder request, Map<String, String> headers) {
    headers.forEach(request::header);
    // a page that fails while rendering leaves the response open: fail the test instead of waiting forever
    request.timeout(java.time.Duration.ofSeconds(30));
    withCookies(request);
    try {
      HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      for (String cookie : response.headers().allValues("Set-Cookie")) {
        String[] pair = cookie.split(";", 2)[0].split("=", 2);
        if (pair.length == 2 && !pair[1].isEmpty()) {
          cookies.put(pair[0], pair[1]);
        } else {
          cookies.remove(pair[0]);
        }
      }
      return new Page(response.statusCode(), response.body(), response.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
