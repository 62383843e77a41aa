package io.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The service's own logback.xml (not the tests'), in each VIGIL_LOG_FORMAT. */
class LogFormatTest {

  @Test
  void givenJson_eachLineIsAJsonObjectWithTheLevelTheMessageAndTheWorkflowAndCustomer() throws Exception {
    String out = logWith("json");
    JsonNode line = new ObjectMapper().readTree(out.lines().filter(l -> l.contains("Slack DM recorded")).findFirst()
        .orElseThrow());
    assertThat(line.get("level").asText()).isEqualTo("INFO");
    assertThat(line.get("loggerName").asText()).isEqualTo("io.vigil.test");
    assertThat(line.get("formattedMessage").asText()).isEqualTo("Slack DM recorded for acme");
    assertThat(line.get("mdc").get("WorkflowId").asText()).isEqualTo("usage-drop/acme");
    assertThat(line.get("mdc").get("customerId").asText()).isEqualTo("acme");
  }

  @Test
  void givenNothing_linesAreTextForPeople() throws Exception {
    String out = logWith(null);
    assertThat(out).contains("INFO  io.vigil.test - Slack DM recorded for acme").doesNotContain("{");
  }

  @Test
  void givenAnUnknownFormat_theStartStopsNamingTheSetting() {
    assertThatThrownBy(() -> LogFormat.check(Map.of("VIGIL_LOG_FORMAT", "JSON")::get))
        .hasMessage("VIGIL_LOG_FORMAT must be text or json, not 'JSON' (lower case, no spaces)");
    assertThatThrownBy(() -> LogFormat.check(Map.of("VIGIL_LOG_FORMAT", "xml")::get))
        .hasMessage("VIGIL_LOG_FORMAT must be text or json, not 'xml'");
    LogFormat.check(Map.<String, String>of()::get);
    LogFormat.check(Map.of("VIGIL_LOG_FORMAT", "json")::get);
  }

  /** One line logged through a fresh context configured from src/main/resources/logback.xml; answers stdout. */
  private static String logWith(String format) throws Exception {
    LoggerContext context = new LoggerContext();
    // the MDC the test puts into, as the service's context reads it
    context.setMDCAdapter(MDC.getMDCAdapter());
    if (format != null) {
      context.putProperty("VIGIL_LOG_FORMAT", format);
    }
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(LogFormatTest.class.getClassLoader().getResource("logback.xml"));
      MDC.put("WorkflowId", "usage-drop/acme");
      MDC.put("customerId", "acme");
      context.getLogger("io.vigil.test").info("Slack DM recorded for {}", "acme");
    } finally {
      MDC.clear();
      System.setOut(stdout);
      context.stop();
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
