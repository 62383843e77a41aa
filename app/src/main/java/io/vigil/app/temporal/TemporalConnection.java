package io.vigil.app.temporal;

import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.temporal.serviceclient.SimpleSslContextBuilder;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * How Vigil reaches its Temporal cluster: the address, and for a secured one (self-hosted with
 * mutual TLS, or Temporal Cloud) a client certificate and key ({@code TEMPORAL_TLS_CERT},
 * {@code TEMPORAL_TLS_KEY}: PEM files, the key PKCS#8), the CA that signed the server's certificate
 * when it is not a public one ({@code TEMPORAL_TLS_CA}), or an API key ({@code TEMPORAL_API_KEY},
 * sent as a bearer token over TLS). Settings that cannot work are refused at start, by name.
 */
public record TemporalConnection(String address, String tlsCert, String tlsKey, String tlsCa, String apiKey) {

  public WorkflowServiceStubsOptions.Builder options() {
    WorkflowServiceStubsOptions.Builder options = WorkflowServiceStubsOptions.newBuilder().setTarget(address);
    if (blank(tlsCert) != blank(tlsKey)) {
      throw new IllegalArgumentException("mutual TLS needs both TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY; only "
          + (blank(tlsCert) ? "TEMPORAL_TLS_KEY" : "TEMPORAL_TLS_CERT") + " is set");
    }
    if (!blank(tlsCert) || !blank(tlsCa)) {
      options.setSslContext(sslContext());
    }
    if (!blank(apiKey)) {
      String key = apiKey.trim();
      options.addApiKey(() -> key);
      // an API key travels only over TLS (Temporal Cloud requires it)
      options.setEnableHttps(true);
    }
    return options;
  }

  /** What the start-up log says: never a secret, only which kind of authentication is used. */
  public String describe() {
    if (!blank(tlsCert)) {
      return "mutual TLS (" + tlsCert + ")" + (blank(apiKey) ? "" : " and an API key");
    }
    if (!blank(apiKey)) {
      return "an API key over TLS";
    }
    return blank(tlsCa) ? "plaintext" : "TLS";
  }

  private SslContext sslContext() {
    try {
      SimpleSslContextBuilder builder;
      if (blank(tlsCert)) {
        builder = SimpleSslContextBuilder.noKeyOrCertChain();
      } else {
        // read whole: the builder reads its streams only when it builds
        builder = SimpleSslContextBuilder.forPKCS8(new ByteArrayInputStream(read(tlsCert, "TEMPORAL_TLS_CERT")),
            new ByteArrayInputStream(read(tlsKey, "TEMPORAL_TLS_KEY")));
      }
      if (!blank(tlsCa)) {
        builder.setTrustManager(trusting(tlsCa).getTrustManagers()[0]);
      }
      return builder.build();
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot use TEMPORAL_TLS_CERT " + tlsCert + ", TEMPORAL_TLS_KEY " + tlsKey
          + (blank(tlsCa) ? "" : ", TEMPORAL_TLS_CA " + tlsCa) + ": " + e.getMessage(), e);
    }
  }

  private static TrustManagerFactory trusting(String caPath) throws IOException, GeneralSecurityException {
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    try (InputStream ca = new ByteArrayInputStream(read(caPath, "TEMPORAL_TLS_CA"))) {
      int i = 0;
      for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(ca)) {
        trusted.setCertificateEntry("ca-" + i++, certificate);
      }
      if (i == 0) {
        throw new IllegalArgumentException("TEMPORAL_TLS_CA " + caPath + " holds no certificate");
      }
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trusted);
    return factory;
  }

  private static byte[] read(String path, String setting) throws IOException {
    Path file = Path.of(path);
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException(setting + " " + path + " is not a readable file");
    }
    return Files.readAllBytes(file);
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
