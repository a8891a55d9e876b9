package org.rmsconnector.channel;

/** Argument checks the channel's value types share. */
final class Checks {

    private Checks() {
    }

    static void requireText(String s, String name) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
