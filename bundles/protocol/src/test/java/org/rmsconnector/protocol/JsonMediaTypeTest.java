package org.rmsconnector.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonMediaTypeTest {

    @Test
    void applicationJsonIsAcceptedWithOrWithoutUtf8() {
        for (String ok : new String[] {"application/json", "Application/JSON", "application/json; charset=utf-8",
            "application/json;charset=UTF-8", "application/json; charset=\"utf-8\"", "application/json;",
            "application/json; odata=verbose; charset=utf-8"}) {
            assertEquals(Optional.empty(), JsonMediaType.problem(ok), ok);
        }
    }

    @Test
    void anotherTypeIsRefusedSayingWhatIsExpected() {
        for (String bad : new String[] {"text/plain", "text/plain; charset=utf-8", "application/x-www-form-urlencoded",
            "application/jsonp", "application/problem+json", "multipart/form-data; boundary=x", "*/*"}) {
            String problem = JsonMediaType.problem(bad).orElseThrow(() -> new AssertionError(bad));
            assertTrue(problem.contains("is not accepted") && problem.contains("application/json"), problem);
        }
    }

    @Test
    void aMissingTypeIsRefused() {
        assertTrue(JsonMediaType.problem(null).orElseThrow().contains("no Content-Type"));
        assertTrue(JsonMediaType.problem(" ").orElseThrow().contains("no Content-Type"));
    }

    @Test
    void aCharsetOtherThanUtf8IsRefused() {
        for (String bad : new String[] {"application/json; charset=iso-8859-1", "application/json; charset=utf-16",
            "application/json; charset=\"windows-1252\""}) {
            String problem = JsonMediaType.problem(bad).orElseThrow(() -> new AssertionError(bad));
            assertTrue(problem.startsWith("charset '") && problem.contains("JSON bodies are UTF-8"), problem);
        }
    }

    @Test
    void aMalformedParameterIsRefused() {
        assertTrue(JsonMediaType.problem("application/json; utf-8").orElseThrow().contains("malformed parameter"));
    }

    @Test
    void theCallersValueIsShownPrintableAndShort() {
        String problem = JsonMediaType.problem("text/<b>\u0007" + "x".repeat(300)).orElseThrow();
        assertTrue(problem.startsWith("Content-Type 'text/<b>?xxx"), problem);
        assertTrue(problem.length() < 250, problem);
    }
}
