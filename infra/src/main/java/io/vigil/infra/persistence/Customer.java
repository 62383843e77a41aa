package io.vigil.infra.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;
import java.math.BigDecimal;
import java.time.LocalDate;

@MappedEntity("customers")
public record Customer(
    @Id String id,
    String name,
    BigDecimal arr,
    String segment,
    String region,
    String csmId,
    String championName,
    String championEmail,
    @Nullable String productName,
    @Nullable String timezone,
    int healthScore,
    @TypeDef(type = DataType.STRING_ARRAY) String[] components,
    @Nullable String country,
    @Nullable Integer seats,
    @Nullable String plan,
    @Nullable LocalDate startDate,
    @Nullable LocalDate renewalDate,
    @Nullable String healthBand,
    @Nullable String healthTrend,
    @Nullable LocalDate healthAsOf) {}
