package io.vigil.workflows.incident;

import java.util.List;

/** A page of CSM ids, in id order; {@code next} is the cursor of the following page, null after the last. */
public record CsmPage(List<String> csmIds, String next) {}
