package io.vigil.app.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Metadata;
import io.temporal.serviceclient.GrpcMetadataProvider;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** The connection options a secured Temporal cluster needs, built from the settings (test PEMs in tls/). */
class TemporalConnectionTest {
  private static final String CERT = resource("tls/client.pem");
  private static final String KEY = resource("tls/client.key");
  private static final String CA = resource("tls/ca.pem");

  @Test
  void givenNothingButAnAddress_itConnectsInPlaintext() {
    WorkflowServiceStubsOptions options = new TemporalConnection("temporal:7233", "", "", "", "").options().build();
    assertThat(options.getTarget()).isEqualTo("temporal:7233");
    assertThat(options.getSslContext()).isNull();
    assertThat(options.getEnableHttps()).isFalse();
    assertThat(options.getGrpcMetadataProviders()).isNullOrEmpty();
  }

  @Test
  void givenACertificateAndItsKey_itConnectsWithMutualTls() {
    TemporalConnection connection = new TemporalConnection("ns.acct.tmprl.cloud:7233", CERT, KEY, "", "");
    WorkflowServiceStubsOptions options = connection.options().build();
    assertThat(options.getSslContext()).isNotNull();
    assertThat(options.getSslContext().isClient()).isTrue();
    assertThat(connection.describe()).isEqualTo("mutual TLS (" + CERT + ")");
  }

  @Test
  void givenAPrivateCa_itTrustsItsServers() {
    WorkflowServiceStubsOptions options = new TemporalConnection("temporal.internal:7233", CERT, KEY, CA, "").options()
        .build();
    assertThat(options.getSslContext()).isNotNull();
  }

  @Test
  void givenAnApiKey_itIsSentAsABearerTokenOverTls_andNeverLogged() {
    TemporalConnection connection = new TemporalConnection("us-east-1.aws.api.temporal.io:7233", "", "", "", " key-123 ");
    WorkflowServiceStubsOptions options = connection.options().build();
    assertThat(options.getEnableHttps()).isTrue();
    Metadata headers = new Metadata();
    for (GrpcMetadataProvider provider : options.getGrpcMetadataProviders()) {
      headers.merge(provider.getMetadata());
    }
    assertThat(headers.get(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER))).isEqualTo("Bearer key-123");
    assertThat(connection.describe()).isEqualTo("an API key over TLS").doesNotContain("key-123");
  }

  @Test
  void givenACertificateWithoutItsKey_theStartStopsNamingTheMissingSetting() {
    assertThatThrownBy(() -> new TemporalConnection("t:7233", CERT, "", "", "").options())
        .hasMessage("mutual TLS needs both TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY; only TEMPORAL_TLS_CERT is set");
  }

  @Test
  void givenAFileThatIsNotThere_theStartStopsNamingTheSettingAndThePath() {
    assertThatThrownBy(() -> new TemporalConnection("t:7233", "/nowhere/client.pem", KEY, "", "").options())
        .hasMessageContaining("TEMPORAL_TLS_CERT /nowhere/client.pem is not a readable file");
    assertThatThrownBy(() -> new TemporalConnection("t:7233", CERT, CERT, "", "").options())
        .as("a certificate where the key belongs").hasMessageContaining("cannot use TEMPORAL_TLS_CERT");
  }

  private static String resource(String name) {
    try {
      return Path.of(Objects.requireNonNull(TemporalConnectionTest.class.getClassLoader().getResource(name)).toURI())
          .toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
