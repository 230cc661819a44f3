package io.mcscale.core.model;

import java.util.List;

/**
 * What the policy decided at one evaluation and why. Reasons are short codes a person can read
 * in a log line, e.g. {@code active_users>=6}, {@code cpu>70}, {@code cooldown 212 s left},
 * {@code low for 430 of 600 s}.
 */
public record ScaleDecision(Direction direction, List<String> reasons) {
    public enum Direction { UP, DOWN, NONE }

    public ScaleDecision {
        if (direction == null) {
            throw new IllegalArgumentException("a decision needs a direction");
        }
        reasons = List.copyOf(reasons);
    }

    public static ScaleDecision up(List<String> reasons) {
        return new ScaleDecision(Direction.UP, reasons);
    }

    public static ScaleDecision down(List<String> reasons) {
        return new ScaleDecision(Direction.DOWN, reasons);
    }

    public static ScaleDecision none(List<String> reasons) {
        return new ScaleDecision(Direction.NONE, reasons);
    }

    public boolean isAction() {
        return direction != Direction.NONE;
    }
}
