package io.vigil.infra.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface CustomerRepository extends GenericRepository<Customer, String> {
  Optional<Customer> findById(String id);

  List<Customer> findByIdInList(List<String> ids);

  boolean existsById(String id);

  long count();

  @Query("""
      INSERT INTO customers (id, name, arr, segment, region, csm_id, champion_name, champion_email, product_name, timezone)
      VALUES (:id, :name, :arr, :segment, :region, :csmId, :championName, :championEmail, :productName, :timezone)
      ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, arr = EXCLUDED.arr, segment = EXCLUDED.segment,
        region = EXCLUDED.region, csm_id = EXCLUDED.csm_id, champion_name = EXCLUDED.champion_name,
        champion_email = EXCLUDED.champion_email, product_name = EXCLUDED.product_name,
        timezone = EXCLUDED.timezone, updated_at = now()""")
  void upsert(String id, String name, BigDecimal arr, String segment, String region, String csmId,
      String championName, String championEmail, @Nullable String productName, @Nullable String timezone);

  /** Sets the account facts given; a null leaves that one as it is. */
  @Query("""
      UPDATE customers SET seats = coalesce(CAST(:seats AS integer), seats), plan = coalesce(CAST(:plan AS text), plan),
        start_date = coalesce(CAST(:startDate AS date), start_date),
        renewal_date = coalesce(CAST(:renewalDate AS date), renewal_date)
      WHERE id = :id""")
  void setAccount(String id, @Nullable Integer seats, @Nullable String plan, @Nullable LocalDate startDate,
      @Nullable LocalDate renewalDate);

  /**
   * Records the customer's ARR, seats and plan as they stand from {@code day} on (a second change the
   * same day replaces the first), for the health score's growth to compare against 90 days later.
   */
  @Query("""
      INSERT INTO customer_account_history (customer_id, effective_on, arr, seats, plan)
      SELECT id, :day, arr, seats, plan FROM customers WHERE id = :id
      ON CONFLICT (customer_id, effective_on) DO UPDATE SET arr = EXCLUDED.arr, seats = EXCLUDED.seats,
        plan = EXCLUDED.plan, recorded_at = now()""")
  void recordAccount(String id, LocalDate day);

  /** The customer's country (ISO 3166-1 alpha-2), whose public holidays apply to it; null: none of its own. */
  @Query("UPDATE customers SET country = :country WHERE id = :id")
  void setCountry(String id, @Nullable String country);

  /** The product components a customer depends on. */
  @Query("UPDATE customers SET components = :components WHERE id = :id")
  void setComponents(String id, @TypeDef(type = DataType.STRING_ARRAY) String[] components);

  /** A page of the customers of {@code csmIds} (a text[] literal; null: everyone's) by name, after the previous page's last. */
  @Query("""
      SELECT * FROM customers
      WHERE (CAST(:csmIds AS text[]) IS NULL OR csm_id = ANY(CAST(:csmIds AS text[])))
        AND (CAST(:afterId AS text) IS NULL OR (name, id) > (CAST(:afterName AS text), CAST(:afterId AS text)))
      ORDER BY name, id LIMIT :limit""")
  List<Customer> pageByName(@Nullable String csmIds, @Nullable String afterName, @Nullable String afterId, int limit);
}
