package org.rmsconnector.workload.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The enable/disable decision every workload switch applies. */
class ToggleTest {

    /** Records what the toggle asks for: "enable", "disable", "announce:true|false". */
    private static final class Recorder implements Toggle.Target {
        final List<String> calls = new ArrayList<>();

        @Override
        public void enableAdapter() {
            calls.add("enable");
        }

        @Override
        public void disableAdapter() {
            calls.add("disable");
        }

        @Override
        public void announce(boolean enabled) {
            calls.add("announce:" + enabled);
        }
    }

    /** A sequence of configured values → what the toggle does for each. */
    static Stream<Arguments> sequences() {
        return Stream.of(
                Arguments.of(List.of(true), List.of("enable")),
                Arguments.of(List.of(false), List.of("disable", "announce:false")),
                Arguments.of(List.of(true, false), List.of("enable", "disable", "announce:false")),
                Arguments.of(List.of(false, true), List.of("disable", "announce:false", "enable", "announce:true")),
                Arguments.of(List.of(true, true), List.of("enable", "enable")),
                Arguments.of(List.of(false, false), List.of("disable", "announce:false", "disable")),
                Arguments.of(List.of(true, false, true),
                        List.of("enable", "disable", "announce:false", "enable", "announce:true")));
    }

    @ParameterizedTest(name = "[{index}] {0} → {1}")
    @MethodSource("sequences")
    void appliesEveryValueAndAnnouncesChanges(List<Boolean> values, List<String> expected) {
        Recorder r = new Recorder();
        Toggle toggle = new Toggle(r);
        assertNull(toggle.applied());
        values.forEach(toggle::apply);
        assertEquals(expected, r.calls);
        assertEquals(values.get(values.size() - 1), toggle.applied());
    }
}
