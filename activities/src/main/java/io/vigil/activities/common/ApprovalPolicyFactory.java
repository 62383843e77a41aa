package io.vigil.activities.common;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.vigil.workflows.common.ApprovalPolicy;
import jakarta.inject.Singleton;
import java.time.Duration;

/** The approval wait every playbook's drafts get: {@code VIGIL_APPROVAL_REMIND_AFTER}, {@code _EXPIRE_AFTER}, {@code _SEND_MODE}. */
@Factory
public class ApprovalPolicyFactory {
  @Singleton
  ApprovalPolicy approvalPolicy(
      @Value("${vigil.approval.remind-after:24h}") Duration remindAfter,
      @Value("${vigil.approval.expire-after:7d}") Duration expireAfter,
      @Value("${vigil.approval.send-mode:send}") String sendMode) {
    return new ApprovalPolicy(remindAfter, expireAfter, "draft".equalsIgnoreCase(sendMode));
  }
}
