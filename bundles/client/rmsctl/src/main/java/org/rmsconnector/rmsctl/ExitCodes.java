package org.rmsconnector.rmsctl;

/**
 * rmsctl's exit codes, one list for every command (docs/client.md documents them). A type of its own so the
 * commands in other packages need not import {@link Rmsctl}, which lists them as its subcommands.
 */
public final class ExitCodes {

    /** The command did what it was asked. */
    public static final int OK = 0;
    /** The operation was refused or failed. */
    public static final int FAILED = 1;
    /** The command line is wrong. */
    public static final int USAGE = 2;
    /** The service or connector cannot be reached or asked us to come back later. */
    public static final int UNAVAILABLE = 3;
    /** Admin commands: no or wrong credentials. */
    public static final int UNAUTHENTICATED = 4;

    private ExitCodes() {
    }
}
