package org.rmsconnector.simulators;

import java.util.Objects;

/**
 * One mailbox of an address header: {@code "Bob Smith" <bob@contoso.com>} is display name {@code Bob Smith} and
 * address {@code bob@contoso.com}.
 *
 * @param displayName the display name, or null when the header gave none
 * @param address     the address, {@code local@domain} as written (a quoted local part keeps its quotes)
 */
public record Mailbox(String displayName, String address) {

    /** Validates. */
    public Mailbox {
        Objects.requireNonNull(address, "address");
        if (displayName != null && displayName.isBlank()) {
            displayName = null;
        }
    }

    @Override
    public String toString() {
        return displayName == null ? address : displayName + " <" + address + ">";
    }
}
