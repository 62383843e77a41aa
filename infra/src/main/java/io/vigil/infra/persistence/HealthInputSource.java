package io.vigil.infra.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Where a health component's inputs come from. A source reads a whole page of customers at once
 * (a statement or a few for the page, never one per customer) on the scoring transaction's
 * connection. A customer absent from the answer has no data from this source. New inputs are new
 * beans implementing this; docs/health.md lists the live ones.
 */
public interface HealthInputSource {
  HealthComponent component();

  /**
   * Work every page of a day shares (figures over every customer, stored once for the day), done
   * before each page's transaction in one of its own; cheap once done. Default: none.
   */
  default void prepareDay(LocalDate asOf) {}

  Map<String, List<HealthInput>> read(Connection connection, LocalDate asOf, CustomerScope scope) throws SQLException;
}
