package io.vigil.app.security;

import io.vigil.infra.persistence.PgArrays;
import java.util.List;

/**
 * The customers a caller may see, as the CSMs who own them: everyone's for an admin
 * ({@code csmIds == null}), a manager's own and their team's, a CSM's own, none for a machine.
 */
public record Scope(List<String> csmIds) {
  public static final Scope ALL = new Scope(null);
  public static final Scope NONE = new Scope(List.of());

  public boolean isAll() {
    return csmIds == null;
  }

  public boolean coversCsm(String csmId) {
    return isAll() || csmIds.contains(csmId);
  }

  /** The repository parameter: a text[] literal, or null for no restriction. */
  public String csmIdsLiteral() {
    return isAll() ? null : PgArrays.literal(csmIds);
  }
}
