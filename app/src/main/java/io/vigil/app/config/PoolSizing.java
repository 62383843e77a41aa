package io.vigil.app.config;

import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sizes the connection pool from {@link PoolSizes} before it opens. A pool set explicitly
 * ({@code datasources.default.maximum-pool-size}) is kept when it has room for every thread that may
 * ask for a connection, and refused otherwise: a pool smaller than that lets a burst of requests keep
 * activities waiting for a connection until they time out.
 */
@Singleton
public class PoolSizing implements BeanCreatedEventListener<DatasourceConfiguration> {
  private static final Logger LOG = LoggerFactory.getLogger(PoolSizing.class);
  /** Connections kept open while idle; the rest open on demand and close after the idle timeout. */
  private static final int MINIMUM_IDLE = 2;

  private final PoolSizes sizes;
  private final Environment environment;

  public PoolSizing(PoolSizes sizes, Environment environment) {
    this.sizes = sizes;
    this.environment = environment;
  }

  @Override
  public DatasourceConfiguration onCreated(BeanCreatedEvent<DatasourceConfiguration> event) {
    DatasourceConfiguration datasource = event.getBean();
    String property = "datasources." + datasource.getName() + ".maximum-pool-size";
    int needed = sizes.needed();
    Integer explicit = environment.getProperty(property, Integer.class).orElse(null);
    if (explicit != null && explicit < needed) {
      throw new ConfigurationException(("%s %d is smaller than %d HTTP threads + %d activity slots + %d local "
          + "activity slots (vigil.pools.http-threads, vigil.pools.activity-slots): raise it to at least %d, or lower those")
          .formatted(property.replace(".maximum-pool-size", " maximum-pool-size"), explicit,
              sizes.httpThreads(), sizes.activitySlots(), PoolSizes.LOCAL_ACTIVITY_SLOTS, needed));
    }
    datasource.setMaximumPoolSize(explicit != null ? explicit : sizes.connections());
    if (!environment.containsProperty("datasources." + datasource.getName() + ".minimum-idle")) {
      datasource.setMinimumIdle(Math.min(MINIMUM_IDLE, datasource.getMaximumPoolSize()));
    }
    LOG.info("Pools: {} HTTP threads, {} activity slots, {} database connections", sizes.httpThreads(),
        sizes.activitySlots(), datasource.getMaximumPoolSize());
    return datasource;
  }
}
