package io.vigil.infra.google;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A plain-text RFC 5322 message, base64url-encoded as the Gmail API's "raw" field wants it. */
final class MimeMessages {
  private MimeMessages() {}

  static String raw(String from, String to, String subject, String body, String messageId) {
    StringBuilder mime = new StringBuilder();
    if (from != null && !from.isBlank()) {
      mime.append("From: ").append(from).append("\r\n");
    }
    mime.append("To: ").append(to).append("\r\n")
        .append("Subject: ").append(encodeHeader(subject)).append("\r\n")
        .append("Message-ID: ").append(messageId).append("\r\n")
        .append("MIME-Version: 1.0\r\n")
        .append("Content-Type: text/plain; charset=UTF-8\r\n")
        .append("Content-Transfer-Encoding: base64\r\n\r\n")
        .append(Base64.getMimeEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)));
    return Base64.getUrlEncoder().encodeToString(mime.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static String encodeHeader(String value) {
    boolean ascii = value.chars().allMatch(c -> c >= 32 && c < 127);
    return ascii ? value : "=?UTF-8?B?" + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + "?=";
  }
}
