package io.vigil.infra.google;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An RFC 5322 message, base64url-encoded as the Gmail API's "raw" field wants it: plain text, or
 * multipart/alternative with an HTML part when there is one (mail clients show the richer part they can).
 */
final class MimeMessages {
  private MimeMessages() {}

  static String raw(String from, String to, String subject, String body, String html, String messageId) {
    StringBuilder mime = new StringBuilder();
    if (from != null && !from.isBlank()) {
      mime.append("From: ").append(from).append("\r\n");
    }
    mime.append("To: ").append(to).append("\r\n")
        .append("Subject: ").append(encodeHeader(subject)).append("\r\n")
        .append("Message-ID: ").append(messageId).append("\r\n")
        .append("MIME-Version: 1.0\r\n");
    if (html == null) {
      part(mime, "text/plain", body);
    } else {
      String boundary = "vigil-" + Integer.toHexString(messageId.hashCode()) + "-alt";
      mime.append("Content-Type: multipart/alternative; boundary=\"").append(boundary).append("\"\r\n\r\n");
      mime.append("--").append(boundary).append("\r\n");
      part(mime, "text/plain", body);
      mime.append("\r\n--").append(boundary).append("\r\n");
      part(mime, "text/html", html);
      mime.append("\r\n--").append(boundary).append("--\r\n");
    }
    return Base64.getUrlEncoder().encodeToString(mime.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void part(StringBuilder mime, String type, String content) {
    mime.append("Content-Type: ").append(type).append("; charset=UTF-8\r\n")
        .append("Content-Transfer-Encoding: base64\r\n\r\n")
        .append(Base64.getMimeEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8)));
  }

  private static String encodeHeader(String value) {
    boolean ascii = value.chars().allMatch(c -> c >= 32 && c < 127);
    return ascii ? value : "=?UTF-8?B?" + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + "?=";
  }
}
