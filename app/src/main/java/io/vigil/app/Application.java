package io.vigil.app;

import io.micronaut.runtime.Micronaut;
import io.vigil.app.embedded.EmbeddedDefaults;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

public class Application {
  public static void main(String[] args) {
    Map<String, Object> properties = new HashMap<>(EmbeddedDefaults.start(System::getenv));
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
