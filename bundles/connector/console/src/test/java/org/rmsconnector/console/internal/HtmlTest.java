package org.rmsconnector.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.List;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

class HtmlTest {
    @Test
    void textAndAttributesReadBackExactly() {
        for (String value : List.of(Fakes.HOSTILE, Fakes.TEMPLATE, "plain", "ü € \u2028")) {
            String html = "<p title=\"" + Html.attr(value) + "\">" + Html.text(value) + "</p>";
            assertEquals(value, Jsoup.parse(html).selectFirst("p").text());
            assertEquals(value, Jsoup.parse(html).selectFirst("p").attr("title"));
            assertFalse(html.contains("$") || html.contains("\\") || html.contains("<script"), html);
        }
    }

    @Test
    void nullRendersAsNothing() {
        assertEquals("", Html.text(null));
        assertEquals("", Html.attr(null));
    }

    @Test
    void durationsReadNaturally() {
        assertEquals("850 ms", Html.duration(Duration.ofMillis(850)));
        assertEquals("12 s", Html.duration(Duration.ofSeconds(12)));
        assertEquals("3 min 5 s", Html.duration(Duration.ofSeconds(185)));
        assertEquals("2 h 1 min", Html.duration(Duration.ofMinutes(121)));
        assertEquals("-2 s", Html.duration(Duration.ofSeconds(-2)));
        assertEquals("-", Html.duration(null));
    }

    @Test
    void chartPointsScaleToTheHighestValue() {
        assertEquals("6.0,74.0 160.0,40.0 314.0,6.0", Charts.points(List.of(0.0, 5.0, 10.0)));
        assertEquals("6.0,74.0 314.0,74.0", Charts.points(List.of(0.0, 0.0)), "all zero stays on the axis");
        assertEquals("6.0,74.0 314.0,6.0", Charts.points(List.of(Double.NaN, 3.0)));
    }
}
