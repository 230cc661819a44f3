package io.mcscale.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Turns an exception that escaped a command into one line a person can act on. Bad input
 * ({@link IllegalArgumentException}) exits 2, anything else 1; the stack trace goes only to the debug log.
 */
final class UserFacingExceptionHandler implements CommandLine.IExecutionExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(UserFacingExceptionHandler.class);

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": " + message);
        log.debug("command failed", e);
        return e instanceof IllegalArgumentException ? 2 : 1;
    }
}
