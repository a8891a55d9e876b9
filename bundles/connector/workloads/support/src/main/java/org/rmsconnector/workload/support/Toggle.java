package org.rmsconnector.workload.support;

import java.util.Objects;

/**
 * The switch's decision, kept apart from DS so a unit test can drive it: given the configured {@code enabled}
 * value, enable or disable the adapter component, and announce a change of state.
 * <p>
 * The adapter is enabled or disabled on every call, not only on a change, so a state changed behind the switch's
 * back (the Web Console's component page) is put right by the next configuration update. The first decision
 * announces only "disabled": a workload that is on after a restart is the normal case, one that is off is worth an
 * event so an administrator sees why it is not served.
 */
public final class Toggle {

    /** What the switch acts on. */
    public interface Target {
        void enableAdapter();

        void disableAdapter();

        void announce(boolean enabled);
    }

    private final Target target;
    private Boolean applied;

    public Toggle(Target target) {
        this.target = Objects.requireNonNull(target, "target");
    }

    public synchronized void apply(boolean enabled) {
        if (enabled) {
            target.enableAdapter();
        } else {
            target.disableAdapter();
        }
        boolean announce = applied == null ? !enabled : applied != enabled;
        applied = enabled;
        if (announce) {
            target.announce(enabled);
        }
    }

    /** The last state applied, or {@code null} before the first configuration. */
    public synchronized Boolean applied() {
        return applied;
    }
}
