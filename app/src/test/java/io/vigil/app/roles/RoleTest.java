package io.vigil.app.roles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RoleTest {

  @Test
  void givenNoRole_itIsAll_andAnyNameIsReadWithoutCase() {
    assertThat(Role.from(Map.<String, String>of()::get)).isEqualTo(Role.ALL);
    assertThat(Role.from(Map.of("VIGIL_ROLE", " ")::get)).isEqualTo(Role.ALL);
    assertThat(Role.from(Map.of("VIGIL_ROLE", "Worker")::get)).isEqualTo(Role.WORKER);
    assertThat(Role.from(Map.of("VIGIL_ROLE", "api")::get).property()).isEqualTo("api");
  }

  @Test
  void givenAnUnknownRole_theStartStopsNamingTheSettingAndItsValues() {
    assertThatThrownBy(() -> Role.from(Map.of("VIGIL_ROLE", "scheduler")::get))
        .hasMessage("VIGIL_ROLE must be all, api or worker, not 'scheduler'");
  }

  @Test
  void givenAnApiOrWorkerRoleWithoutSharedServers_theStartStopsNamingWhatIsMissing() {
    assertThatThrownBy(() -> Role.WORKER.requireSharedServers(Map.of("TEMPORAL_ADDRESS", "temporal:7233")::get))
        .hasMessageContaining("VIGIL_ROLE=worker").hasMessageContaining("set DATASOURCES_DEFAULT_URL (embedded");
    assertThatThrownBy(() -> Role.API.requireSharedServers(Map.<String, String>of()::get))
        .hasMessageContaining("set DATASOURCES_DEFAULT_URL and TEMPORAL_ADDRESS");
    Role.ALL.requireSharedServers(Map.<String, String>of()::get);
    Role.API.requireSharedServers(Map.of("DATASOURCES_DEFAULT_URL", "jdbc:postgresql://db/vigil",
        "TEMPORAL_ADDRESS", "temporal:7233")::get);
  }
}
