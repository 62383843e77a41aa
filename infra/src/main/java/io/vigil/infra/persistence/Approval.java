package io.vigil.infra.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

@MappedEntity("approvals")
public record Approval(
    @Id String id,
    String workflowId,
    String customerId,
    String kind,
    String approverId,
    String toAddress,
    String subject,
    String body,
    String status,
    @Nullable String decidedBy,
    /** The credential the decision was made with (an API token id or {@code oidc:<subject>}). */
    @Nullable String decidedCredential,
    @Nullable Instant decidedAt,
    @Nullable String reason,
    @Nullable String externalId,
    Instant createdAt) {}
