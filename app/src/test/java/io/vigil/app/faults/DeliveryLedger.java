package io.vigil.app.faults;

import io.vigil.app.faults.Playbooks.ExpectedDm;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Counts what the providers received against what the playbooks owe, for one run's tag: every DM a
 * CSM is owed, every approved email, by what WireMock took (Slack posts by their delivery key, Gmail
 * sends by their Message-ID), and what the database still holds as undelivered.
 */
final class DeliveryLedger {
  private final ProvidersWithMemory providers;
  private final String jdbcUrl;
  private final String user;
  private final String password;

  DeliveryLedger(ProvidersWithMemory providers, String jdbcUrl, String user, String password) {
    this.providers = providers;
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
  }

  /** An approval of the run, as the database has it. */
  record Approval(String id, String status, String to, String subject) {}

  /**
   * The counts. A delivery is lost when it never reached the provider (an owed DM with no message,
   * an approved email not sent, a delivery still pending or failed); duplicated when the provider
   * took it more than once.
   */
  record Counts(int owedDms, int dmsOnce, int dmsLost, int dmsDuplicated, int dmsByEmail, int approvals,
      int approvalsSentOnce, int approvalsLost, int approvalsDuplicated, int slackPosts, int slackKeysTwice,
      int gmailSends, int gmailMessageIdsTwice, int notificationsUndelivered, Map<String, Integer> notificationStatuses) {
    int lost() {
      return dmsLost + approvalsLost + notificationsUndelivered;
    }

    int duplicated() {
      return dmsDuplicated + approvalsDuplicated + slackKeysTwice + gmailMessageIdsTwice;
    }

    String describe() {
      return String.format("owed DMs %d: %d delivered once (%d of them by email after Slack failed), %d lost, %d twice; "
              + "approved emails %d: %d sent once, %d lost, %d twice; Slack posts taken %d (%d keys twice); "
              + "Gmail sends taken %d (%d Message-IDs twice); notifications %s, %d undelivered",
          owedDms, dmsOnce, dmsByEmail, dmsLost, dmsDuplicated, approvals, approvalsSentOnce, approvalsLost,
          approvalsDuplicated, slackPosts, slackKeysTwice, gmailSends, gmailMessageIdsTwice, notificationStatuses,
          notificationsUndelivered);
    }
  }

  Counts count(String tag, List<ExpectedDm> owed) {
    List<ExpectedDm> dms = List.copyOf(owed);
    List<String> channels = dms.stream().map(ExpectedDm::slackChannel).toList();
    List<ProvidersWithMemory.Post> posts = providers.posts().stream().filter(p -> channels.contains(p.channel())).toList();
    List<ProvidersWithMemory.Mail> mails = providers.mails().stream()
        .filter(m -> m.to() != null && m.to().contains(tag)).toList();

    int once = 0;
    int lost = 0;
    int twice = 0;
    int byEmail = 0;
    for (ExpectedDm dm : dms) {
      long slack = posts.stream().filter(p -> p.channel().equals(dm.slackChannel()) && p.text().contains(dm.marker())).count();
      long email = mails.stream().filter(m -> m.to().contains(dm.email()) && m.text().contains(dm.marker())).count();
      long delivered = slack + email;
      if (delivered == 0) {
        lost++;
      } else if (delivered == 1) {
        once++;
        byEmail += (int) email;
      } else {
        twice++;
      }
    }

    List<Approval> approvals = approvals(tag);
    int sentOnce = 0;
    int approvalsLost = 0;
    int approvalsTwice = 0;
    for (Approval approval : approvals) {
      long sent = mails.stream().filter(m -> m.to().contains(approval.to()) && approval.subject().equals(m.subject())).count();
      if (sent == 0 || !"sent".equals(approval.status())) {
        approvalsLost++;
      } else if (sent == 1) {
        sentOnce++;
      } else {
        approvalsTwice++;
      }
    }

    Map<String, Long> postsPerKey = posts.stream().collect(Collectors.groupingBy(ProvidersWithMemory.Post::key, Collectors.counting()));
    Map<String, Long> sendsPerMessageId =
        mails.stream().collect(Collectors.groupingBy(ProvidersWithMemory.Mail::messageId, Collectors.counting()));
    Map<String, Integer> statuses = notificationStatuses(tag);
    return new Counts(dms.size(), once, lost, twice, byEmail, approvals.size(), sentOnce, approvalsLost, approvalsTwice,
        posts.size(), (int) postsPerKey.values().stream().filter(n -> n > 1).count(), mails.size(),
        (int) sendsPerMessageId.values().stream().filter(n -> n > 1).count(), undelivered(tag), statuses);
  }

  List<Approval> approvals(String tag) {
    return query("SELECT id, status, to_address, subject FROM approvals WHERE customer_id LIKE '%" + tag + "%' ORDER BY id",
        rs -> new Approval(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
  }

  /** Notification rows by channel:status for the run's workflows. */
  Map<String, Integer> notificationStatuses(String tag) {
    Map<String, Integer> statuses = new TreeMap<>();
    query("SELECT channel || ':' || status, count(*) FROM notifications WHERE workflow_id LIKE '%" + tag + "%' GROUP BY 1",
        rs -> statuses.put(rs.getString(1), rs.getInt(2)));
    return statuses;
  }

  /**
   * Deliveries that did not arrive: still pending, or failed without a sent email for the same DM
   * (a Slack DM that failed for good goes by email under the same key with /email).
   */
  int undelivered(String tag) {
    return query("SELECT count(*) FROM notifications n WHERE n.workflow_id LIKE '%" + tag + "%' AND (n.status = 'pending'"
        + " OR (n.status = 'failed' AND NOT EXISTS (SELECT 1 FROM notifications e WHERE e.idempotency_key ="
        + " regexp_replace(n.idempotency_key, '/slack$', '/email') AND e.status = 'sent')))",
        rs -> rs.getInt(1)).get(0);
  }

  private interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private <T> List<T> query(String sql, Row<T> row) {
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<T> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(row.read(rs));
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
