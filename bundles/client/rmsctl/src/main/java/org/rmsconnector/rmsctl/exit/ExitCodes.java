package org.rmsconnector.rmsctl.exit;

/**
 * rmsctl's exit codes, one list for every command (docs/client.md documents them). In a package of its own, which
 * imports nothing: the command packages ({@code rmsctl}, {@code rmsctl.admin}) all use it, and the top-level package
 * lists the admin commands, so keeping it there made the two packages import each other.
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
