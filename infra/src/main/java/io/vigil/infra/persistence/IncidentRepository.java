package io.vigil.infra.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface IncidentRepository extends GenericRepository<ProductIncident, String> {
  Optional<ProductIncident> findById(String id);

  @Query("UPDATE product_incidents SET slack_channel_id = :channelId WHERE id = :id")
  void setChannel(String id, String channelId);

  @Query("""
      UPDATE incident_customer_impact SET outreach_status = 'sent', customer_notified_at = coalesce(customer_notified_at, now())
      WHERE incident_id = :incidentId AND customer_id = :customerId AND outreach_status = 'pending'""")
  void markOutreachSent(String incidentId, String customerId);

  @Query("UPDATE incident_customer_impact SET approval_id = :approvalId WHERE incident_id = :incidentId AND customer_id = :customerId")
  void linkApproval(String incidentId, String customerId, String approvalId);

  @Query("""
      UPDATE incident_customer_impact SET csm_notified_at = coalesce(csm_notified_at, now())
      WHERE incident_id = :incidentId AND customer_id IN (:customerIds)""")
  void markCsmNotified(String incidentId, List<String> customerIds);

  @Query("""
      UPDATE incident_customer_impact SET outreach_status = 'responded', responded_at = now(), response_note = :note
      WHERE incident_id = :incidentId AND customer_id = :customerId""")
  int recordResponse(String incidentId, String customerId, @Nullable String note);
}
