package io.vigil.app;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for the servers a test starts (PostgreSQL, the Temporal dev server and its Web UI, the app).
 *
 * <p>A port from {@code new ServerSocket(0)} comes from the kernel's ephemeral range, the same range
 * outgoing connections take their local port from: between the test choosing it and a child server
 * binding it (or binding it again after a kill -9), any connection (the dev server's own gRPC
 * clients among them) may take it, and the server dies with "address already in use". So ports come
 * from below that range (Linux's starts at 32768), where nothing is handed out implicitly, and never
 * twice in one JVM. The dev server also binds its HTTP API on port + 1000, so the range stops early
 * enough for that to stay below the ephemeral range too.
 */
public final class FreePorts {
  private static final int FIRST = 20_000;
  private static final int LAST = 31_000;
  private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

  private FreePorts() {}

  public static int next() {
    for (int attempt = 0; attempt < 1_000; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(FIRST, LAST);
      if (!GIVEN.contains(port) && bindable(port) && bindable(port + 1_000) && GIVEN.add(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port between " + FIRST + " and " + LAST);
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
