package dev.sublet.cli;

/** A failure the user can act on; {@link Cli} prints its message alone and exits with status 1. */
final class CliException extends RuntimeException {
    CliException(String message) {
        super(message);
    }
}
