package io.vigil.app;

import io.micronaut.runtime.Micronaut;
import io.vigil.app.embedded.EmbeddedDefaults;
import io.vigil.app.security.OidcProperties;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

public class Application {
  public static void main(String[] args) {
    Map<String, Object> properties = new HashMap<>(EmbeddedDefaults.start(System::getenv));
    properties.putAll(OidcProperties.from(System::getenv));
    String dataDir = System.getenv("VIGIL_DATA_DIR");
    properties.put("vigil.data-dir", dataDir == null || dataDir.isBlank() ? "data" : dataDir);
    if (Arrays.asList(args).contains("--demo")) {
      properties.put("vigil.demo", true);
    }
    Micronaut.build(args)
        .mainClass(Application.class)
        .properties(properties)
        .banner(false)
        .start();
  }
}
