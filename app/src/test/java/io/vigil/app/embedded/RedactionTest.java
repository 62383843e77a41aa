package io.vigil.app.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTest {

  @Test
  void aPasswordParameterIsMasked_whateverSeparatesIt() {
    assertThat(Redaction.url("jdbc:postgresql://db:5432/vigil?user=vigil&password=s3cr3t&ssl=true"))
        .isEqualTo("jdbc:postgresql://db:5432/vigil?user=vigil&password=***&ssl=true");
    assertThat(Redaction.url("jdbc:postgresql://db/vigil?password=s3cr3t"))
        .isEqualTo("jdbc:postgresql://db/vigil?password=***");
    assertThat(Redaction.url("jdbc:sqlserver://db:1433;user=sa;Password=s3cr3t;encrypt=true"))
        .isEqualTo("jdbc:sqlserver://db:1433;user=sa;Password=***;encrypt=true");
    assertThat(Redaction.url("host=db user=vigil password=s3cr3t dbname=vigil"))
        .isEqualTo("host=db user=vigil password=*** dbname=vigil");
  }

  @Test
  void otherSecretParametersAreMaskedToo() {
    assertThat(Redaction.url("jdbc:postgresql://db/vigil?sslmode=verify-full&sslpassword=k3y&PASSWD=x&pwd=y"))
        .isEqualTo("jdbc:postgresql://db/vigil?sslmode=verify-full&sslpassword=***&PASSWD=***&pwd=***");
    assertThat(Redaction.url("jdbc:postgresql://db/vigil?accessToken=t0k3n&clientSecret=s&user=vigil"))
        .isEqualTo("jdbc:postgresql://db/vigil?accessToken=***&clientSecret=***&user=vigil");
  }

  @Test
  void thePasswordOfUserInfoIsMasked_evenWhenItHoldsAnAt() {
    assertThat(Redaction.url("jdbc:postgresql://vigil:s3cr3t@db:5432/vigil"))
        .isEqualTo("jdbc:postgresql://vigil:***@db:5432/vigil");
    assertThat(Redaction.url("postgresql://vigil:p@ss:w0rd@db/vigil?password=again"))
        .isEqualTo("postgresql://vigil:***@db/vigil?password=***");
  }

  @Test
  void whatHoldsNoSecretIsLeftAlone() {
    assertThat(Redaction.url("jdbc:postgresql://127.0.0.1:5433/postgres"))
        .isEqualTo("jdbc:postgresql://127.0.0.1:5433/postgres");
    assertThat(Redaction.url("jdbc:postgresql://vigil@db:5432/vigil?user=vigil&sslmode=require"))
        .isEqualTo("jdbc:postgresql://vigil@db:5432/vigil?user=vigil&sslmode=require");
    assertThat(Redaction.url("jdbc:postgresql://tokens-db:5432/vigil?currentSchema=password_reset"))
        .isEqualTo("jdbc:postgresql://tokens-db:5432/vigil?currentSchema=password_reset");
    assertThat(Redaction.url("temporal.internal:7233")).isEqualTo("temporal.internal:7233");
    assertThat(Redaction.url(null)).isNull();
  }
}
