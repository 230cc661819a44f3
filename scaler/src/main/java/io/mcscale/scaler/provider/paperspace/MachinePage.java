package io.mcscale.scaler.provider.paperspace;

import java.util.List;

/** One page of {@code GET /machines}; pass {@code nextPage} as {@code after} to get the next one. */
public record MachinePage(List<PaperspaceMachine> items, boolean hasMore, String nextPage) {
}
