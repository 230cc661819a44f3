package io.mcscale.core.balancer;

/**
 * How nginx weighs one upstream server: a {@code weight} (1-100; nginx's default is 1) or
 * {@code backup} (sent requests only while every other server is unavailable). Used for the
 * instances of a remote region ({@code REGION_WEIGHTS}).
 */
public record ServerWeight(int weight, boolean backup) {
    public static final ServerWeight NORMAL = new ServerWeight(1, false);
    public static final ServerWeight BACKUP = new ServerWeight(1, true);

    public ServerWeight {
        if (weight < 1 || weight > 100) {
            throw new IllegalArgumentException("invalid weight " + weight + ": use 1-100 or backup");
        }
    }

    /** {@code backup} or a whole number 1-100. */
    public static ServerWeight parse(String text) {
        String value = text.strip();
        if (value.equalsIgnoreCase("backup")) {
            return BACKUP;
        }
        if (!value.matches("[0-9]{1,3}")) {
            throw new IllegalArgumentException("invalid weight '" + value + "': use 1-100 or backup");
        }
        return new ServerWeight(Integer.parseInt(value), false);
    }

    /** The parameters after the address on the {@code server} line: empty for nginx's default. */
    String directive() {
        if (backup) {
            return " backup";
        }
        return weight == 1 ? "" : " weight=" + weight;
    }

    @Override
    public String toString() {
        return backup ? "backup" : Integer.toString(weight);
    }
}
