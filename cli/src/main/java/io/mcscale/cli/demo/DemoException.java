package io.mcscale.cli.demo;

/** The demo could not go on; the message says what it waited for and where the logs are. */
public class DemoException extends Exception {
    private static final long serialVersionUID = 1L;

    public DemoException(String message) {
        super(message);
    }
}
