package io.vigil.app;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.vigil.app.embedded.EmbeddedDefaults;
import io.vigil.app.roles.Role;
import io.vigil.app.security.OidcProperties;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

@OpenAPIDefinition(
    info = @Info(title = "Vigil", version = "0.1.0",
        description = "Customer-success playbooks as durable Temporal workflows. Every /api call needs a bearer "
            + "token (docs/security.md); errors share one shape (docs/api.md)."),
    security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer")
public class Application {
  public static void main(String[] args) {
    LogFormat.check(System::getenv);
    Role role = Role.from(System::getenv);
    role.requireSharedServers(System::getenv);
    Map<String, Object> properties = new HashMap<>(EmbeddedDefaults.start(System::getenv));
    properties.put(Role.PROPERTY, role.property());
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
