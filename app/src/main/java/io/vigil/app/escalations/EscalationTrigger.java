package io.vigil.app.escalations;

import io.vigil.activities.escalation.EscalationEvaluator;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates escalations after ticket batches, in the background: a batch's answer does not wait for
 * clustering, and requests arriving while an evaluation runs are coalesced into one more run (every
 * evaluation reads everything, so one run after the last request covers them all).
 */
@Singleton
public class EscalationTrigger {
  private static final Logger LOG = LoggerFactory.getLogger(EscalationTrigger.class);

  private final EscalationEvaluator evaluator;
  private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "escalation-evaluation");
    t.setDaemon(true);
    return t;
  });
  private final AtomicBoolean requested = new AtomicBoolean();
  private final AtomicLong runs = new AtomicLong();

  public EscalationTrigger(EscalationEvaluator evaluator) {
    this.evaluator = evaluator;
  }

  /** Asks for an evaluation soon; returns at once. */
  public void request() {
    if (requested.compareAndSet(false, true)) {
      runner.execute(this::run);
    }
  }

  /** Evaluations finished since start (tests wait on it). */
  public long runs() {
    return runs.get();
  }

  private void run() {
    requested.set(false);
    try {
      evaluator.evaluate();
    } catch (RuntimeException e) {
      // the next batch, or POST /api/escalations/evaluate, evaluates again: nothing is lost but time
      LOG.error("Escalation evaluation failed: {}", e.toString(), e);
    } finally {
      runs.incrementAndGet();
    }
  }

  @PreDestroy
  void stop() {
    runner.shutdownNow();
  }
}
