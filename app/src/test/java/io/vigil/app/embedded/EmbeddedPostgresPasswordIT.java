package io.vigil.app.embedded;

import io.vigil.app.FreePorts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The embedded PostgreSQL lets no one in without the password generated into the data folder:
 * on a new folder, after restarts (clean or kill -9), and on a folder (or a still running server)
 * left by a Vigil that used trust authentication. The folder is 0700, the password file 0600.
 */
class EmbeddedPostgresPasswordIT {

  @Test
  void givenANewDataFolder_onlyTheStoredPasswordGetsIn_andItSurvivesRestartsAndKill9() throws Exception {
    Path data = Files.createTempDirectory("vigil-pw-").resolve("data");
    int port = FreePorts.next();
    Map<String, Object> properties = EmbeddedDefaults.start(Map.of(
        "VIGIL_DATA_DIR", data.toString(),
        "VIGIL_POSTGRES_PORT", String.valueOf(port),
        "TEMPORAL_ADDRESS", "127.0.0.1:1")::get);
    String url = (String) properties.get("datasources.default.url");
    String password = (String) properties.get("datasources.default.password");

    assertThat(url).isEqualTo("jdbc:postgresql://127.0.0.1:" + port + "/postgres");
    assertThat(properties.get("datasources.default.username")).isEqualTo("postgres");
    assertThat(password).hasSizeGreaterThanOrEqualTo(40)
        .isEqualTo(Files.readString(data.resolve("postgres-password")).strip());
    assertThat(mode(data)).isEqualTo("rwx------");
    assertThat(mode(data.resolve("postgres-password"))).isEqualTo("rw-------");
    assertThat(Files.readString(data.resolve("postgres/pg_hba.conf"))).doesNotContain("trust")
        .contains("local   all       all                 scram-sha-256")
        .contains("host    all       all   127.0.0.1/32  scram-sha-256");
    assertRefusedWithoutPassword(url);
    assertRefusedWithWrongPassword(url);
    execute(url, password, "CREATE TABLE kept (id int)", "INSERT INTO kept VALUES (7)");

    // a clean stop and start
    EmbeddedPostgresLauncher.release(data);
    EmbeddedPostgresLauncher.Database again = EmbeddedPostgresLauncher.start(data, port);
    assertThat(again.password()).isEqualTo(password);
    assertThat(keptRow(url, password)).isEqualTo(7);
    assertRefusedWithoutPassword(url);

    // kill -9, then start again
    killHard(postmasterPid(data));
    EmbeddedPostgresLauncher.release(data);
    assertThat(EmbeddedPostgresLauncher.start(data, port).password()).isEqualTo(password);
    assertThat(keptRow(url, password)).isEqualTo(7);
    assertRefusedWithoutPassword(url);
    assertRefusedWithWrongPassword(url);
    assertThat(mode(data.resolve("postgres-password"))).isEqualTo("rw-------");

    // the password file lost: no new password is made up for a database that has one
    EmbeddedPostgresLauncher.release(data);
    Path kept = Files.move(data.resolve("postgres-password"), data.resolveSibling("postgres-password.bak"));
    assertThatThrownBy(() -> EmbeddedPostgresLauncher.start(data, port))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("postgres-password is missing");
    Files.move(kept, data.resolve("postgres-password"));
    assertThat(EmbeddedPostgresLauncher.start(data, port).password()).isEqualTo(password);
    assertThat(keptRow(url, password)).isEqualTo(7);
    EmbeddedPostgresLauncher.release(data);
  }

  @Test
  void givenADataFolderOfTheTrustDays_whenStarted_theSuperuserGetsThePasswordAndTrustIsGone() throws Exception {
    Path data = Files.createTempDirectory("vigil-pw-trust-");
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    int port = FreePorts.next();
    try (EmbeddedPostgres old = startAsOlderVigilDid(data, port)) {
      execute(old.getJdbcUrl("postgres", "postgres"), null, "CREATE TABLE kept (id int)", "INSERT INTO kept VALUES (7)");
    }

    EmbeddedPostgresLauncher.Database db = EmbeddedPostgresLauncher.start(data, port);

    assertThat(mode(data)).isEqualTo("rwx------");
    assertThat(mode(data.resolve("postgres-password"))).isEqualTo("rw-------");
    assertThat(db.password()).isEqualTo(Files.readString(data.resolve("postgres-password")).strip());
    assertThat(PgHba.allowsTrust(data.resolve("postgres"))).isFalse();
    assertRefusedWithoutPassword(db.url());
    assertRefusedWithWrongPassword(db.url());
    assertThat(keptRow(db.url(), db.password())).isEqualTo(7);

    // and once migrated, it starts like any other folder
    EmbeddedPostgresLauncher.release(data);
    assertThat(EmbeddedPostgresLauncher.start(data, port).password()).isEqualTo(db.password());
    assertThat(keptRow(db.url(), db.password())).isEqualTo(7);
    assertRefusedWithoutPassword(db.url());
    EmbeddedPostgresLauncher.release(data);
  }

  @Test
  void givenATrustingServerStillRunning_whenReused_itIsMigratedWhileRunning() throws Exception {
    Path data = Files.createTempDirectory("vigil-pw-survivor-");
    int port = FreePorts.next();
    try (EmbeddedPostgres survivor = startAsOlderVigilDid(data, port)) {
      execute(survivor.getJdbcUrl("postgres", "postgres"), null, "CREATE TABLE kept (id int)",
          "INSERT INTO kept VALUES (7)");

      long postmaster = postmasterPid(data);
      EmbeddedPostgresLauncher.Database db = EmbeddedPostgresLauncher.start(data, port);

      assertThat(postmasterPid(data)).isEqualTo(postmaster);
      assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive)).contains(true);
      assertRefusedWithoutPassword(db.url());
      assertRefusedWithWrongPassword(db.url());
      assertThat(keptRow(db.url(), db.password())).isEqualTo(7);
      // reused again: nothing left to migrate
      assertThat(EmbeddedPostgresLauncher.start(data, port).password()).isEqualTo(db.password());
      assertThat(keptRow(db.url(), db.password())).isEqualTo(7);
    }
  }

  @Test
  void theDatabaseRecordKeepsThePasswordOutOfItsToString() {
    var db = new EmbeddedPostgresLauncher.Database("jdbc:postgresql://127.0.0.1:5433/postgres", "postgres", "s3cr3t");
    assertThat(db.toString()).doesNotContain("s3cr3t").contains("password=***");
  }

  /** What the launcher did before passwords: zonky's initdb with trust for everyone. */
  private static EmbeddedPostgres startAsOlderVigilDid(Path data, int port) throws IOException {
    Path pgData = Files.createDirectories(data.resolve("postgres"));
    EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(pgData).setCleanDataDirectory(false)
        .setPort(port).setServerConfig("listen_addresses", "127.0.0.1").start();
    assertThat(PgHba.allowsTrust(pgData)).isTrue();
    return postgres;
  }

  private static void assertRefusedWithoutPassword(String url) {
    Properties user = new Properties();
    user.setProperty("user", "postgres");
    assertThatThrownBy(() -> DriverManager.getConnection(url, user).close())
        .isInstanceOf(SQLException.class).hasMessageContaining("SCRAM");
  }

  private static void assertRefusedWithWrongPassword(String url) {
    assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "not-the-password").close())
        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
  }

  private static void execute(String url, String password, String... statements) throws SQLException {
    Properties credentials = new Properties();
    credentials.setProperty("user", "postgres");
    if (password != null) {
      credentials.setProperty("password", password);
    }
    try (Connection c = DriverManager.getConnection(url, credentials); Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }

  private static int keptRow(String url, String password) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, "postgres", password); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM kept")) {
      assertThat(rs.next()).isTrue();
      return rs.getInt(1);
    }
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  private static long postmasterPid(Path data) throws IOException {
    return Long.parseLong(Files.readAllLines(data.resolve("postgres/postmaster.pid")).get(0).trim());
  }

  private static void killHard(long pid) throws Exception {
    new ProcessBuilder("kill", "-9", String.valueOf(pid)).start().waitFor();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && Instant.now().isBefore(deadline)) {
      Thread.sleep(50);
    }
    Thread.sleep(300);
  }

}
