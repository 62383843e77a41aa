package io.vigil.activities.tickets;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.vigil.infra.persistence.TicketStore;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Categorizes tickets with a {@link TicketModel} trained on the shipped labeled tickets plus every
 * category a person corrected. The model is trained on first use and again by {@link #retrain()};
 * a prediction below {@code vigil.tickets.refine-below} confidence is offered to the optional
 * {@link CategoryRefiner}, at most {@code vigil.tickets.refine-per-batch} per batch.
 */
@Singleton
public class TicketCategorizer {
  private static final Logger log = LoggerFactory.getLogger(TicketCategorizer.class);

  private final TicketStore tickets;
  private final CategoryRefiner refiner;
  private final double refineBelow;
  private final int refinePerBatch;
  private volatile Trained trained;

  public TicketCategorizer(TicketStore tickets, @Nullable CategoryRefiner refiner,
      @Value("${vigil.tickets.refine-below:0.5}") double refineBelow,
      @Value("${vigil.tickets.refine-per-batch:20}") int refinePerBatch) {
    this.tickets = tickets;
    this.refiner = refiner;
    this.refineBelow = refineBelow;
    this.refinePerBatch = refinePerBatch;
  }

  /** What a training used: the shipped tickets and the corrected ones. */
  public record Trained(TicketModel model, int shipped, int corrected) {}

  public record Text(String subject, String body) {}

  /** One prediction per text, in order. */
  public List<CategoryPrediction> categorize(List<Text> texts) {
    TicketModel model = current().model();
    List<CategoryPrediction> predictions = new ArrayList<>(texts.size());
    int offered = 0;
    for (Text text : texts) {
      CategoryPrediction prediction = model.classify(text.subject(), text.body());
      if (refiner != null && prediction.confidence() < refineBelow && offered < refinePerBatch) {
        offered++;
        prediction = refiner.refine(text.subject(), text.body(), prediction).orElse(prediction);
      }
      predictions.add(prediction);
    }
    return predictions;
  }

  public CategoryPrediction categorize(String subject, String body) {
    return categorize(List.of(new Text(subject, body))).get(0);
  }

  /** Trains a new model on the shipped tickets and every correction so far, and uses it from now on. */
  public synchronized Trained retrain() {
    List<LabeledTicket> data = new ArrayList<>(LabeledTickets.all());
    int shipped = data.size();
    int corrected = 0;
    for (TicketStore.CorrectedText text : tickets.correctedTexts()) {
      Optional<TicketCategory> category = TicketCategory.fromWire(text.category());
      if (category.isPresent()) {
        data.add(new LabeledTicket(category.get(), text.subject(), text.body()));
        corrected++;
      }
    }
    long started = System.nanoTime();
    Trained next = new Trained(TicketModel.train(data), shipped, corrected);
    log.info("Ticket classifier trained on {} shipped and {} corrected tickets in {} ms", shipped, corrected,
        (System.nanoTime() - started) / 1_000_000);
    trained = next;
    return next;
  }

  private Trained current() {
    Trained now = trained;
    if (now != null) {
      return now;
    }
    synchronized (this) {
      return trained != null ? trained : retrain();
    }
  }
}
