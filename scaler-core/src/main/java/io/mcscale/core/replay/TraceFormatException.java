package io.mcscale.core.replay;

/** A trace that cannot be replayed; the message names the file and line, and says what is wrong. */
public class TraceFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final int line;

    public TraceFormatException(String source, int line, String problem) {
        super(source + " line " + line + ": " + problem);
        this.line = line;
    }

    public int line() {
        return line;
    }
}
