package io.vigil.infra.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;
import java.time.Instant;

@MappedEntity("product_incidents")
public record ProductIncident(
    @Id String id,
    String source,
    String externalId,
    String title,
    @Nullable String description,
    String severity,
    String status,
    @TypeDef(type = DataType.STRING_ARRAY) String[] affectedComponents,
    @TypeDef(type = DataType.STRING_ARRAY) String[] affectedRegions,
    @Nullable Instant startedAt,
    @Nullable Instant resolvedAt,
    @Nullable String statusPageUrl,
    String workflowId,
    @Nullable String slackChannelId,
    Instant createdAt,
    Instant updatedAt) {}
