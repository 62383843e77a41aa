package io.vigil.app.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlitePragmasTest {

  @Test
  void givenNothingSet_theDevServerWritesAheadWithNormalSync() {
    assertThat(SqlitePragmas.parse(null).arguments()).containsExactly(
        "--sqlite-pragma", "journal_mode=wal", "--sqlite-pragma", "synchronous=normal");
    assertThat(SqlitePragmas.parse(" ")).isEqualTo(SqlitePragmas.DEFAULT);
  }

  @Test
  void givenNone_theDevServerGetsNoPragmaAndSqliteKeepsItsDefaults() {
    assertThat(SqlitePragmas.parse("none").arguments()).isEmpty();
    assertThat(SqlitePragmas.parse("none")).hasToString("defaults");
  }

  @Test
  void givenPairs_eachBecomesAnArgument() {
    assertThat(SqlitePragmas.parse("journal_mode=wal, synchronous=full").pairs())
        .isEqualTo(List.of("journal_mode=wal", "synchronous=full"));
  }

  @Test
  void givenSomethingThatIsNotAPair_theStartIsRefusedNamingTheVariable() {
    assertThatThrownBy(() -> SqlitePragmas.parse("journal_mode=wal;synchronous=off"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("VIGIL_TEMPORAL_SQLITE_PRAGMAS")
        .hasMessageContaining("journal_mode=wal;synchronous=off");
  }
}
