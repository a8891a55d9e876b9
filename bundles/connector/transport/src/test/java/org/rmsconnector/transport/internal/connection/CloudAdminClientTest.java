package org.rmsconnector.transport.internal.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rmsconnector.api.admin.AdminException;
import org.rmsconnector.api.admin.AdminException.Reason;
import org.rmsconnector.transport.internal.registration.ConnectorRegistration;

/** How the cloud's answers to administration calls become {@link AdminException}s. */
class CloudAdminClientTest {

    private static final String ERROR = "{\"code\":\"conflict\",\"message\":\"'SP01$' is already authorized for"
            + " sharepoint\",\"requestId\":\"r-1\"}";

    @Test
    void eachRefusalGetsItsReasonAndTheCloudsMessage() {
        Map<Integer, Reason> expected = Map.of(400, Reason.INVALID, 401, Reason.REFUSED, 403, Reason.REFUSED,
                404, Reason.NOT_FOUND, 409, Reason.CONFLICT, 500, Reason.UNAVAILABLE, 502, Reason.UNAVAILABLE,
                503, Reason.UNAVAILABLE, 405, Reason.UNAVAILABLE);
        expected.forEach((status, reason) -> {
            AdminException e = CloudAdminClient.refusal("authorizing SP01$ for sharepoint", status, ERROR);
            assertEquals(reason, e.reason(), "HTTP " + status);
            assertTrue(e.getMessage().startsWith("authorizing SP01$ for sharepoint was refused by the cloud (HTTP "
                    + status + ": conflict: 'SP01$' is already authorized for sharepoint)"), e.getMessage());
        });
    }

    @Test
    void theMessagesSayWhatToDo() {
        assertTrue(CloudAdminClient.refusal("x", 401, "").getMessage().contains("register the node again"));
        assertTrue(CloudAdminClient.refusal("x", 503, "").getMessage().endsWith("try again"));
        assertTrue(CloudAdminClient.refusal("x", 405, "").getMessage().contains("older than this connector"));
    }

    @Test
    void aBodyThatIsNoErrorAnswerIsQuotedShortly() {
        assertEquals("oops", CloudAdminClient.cloudMessage("{\"message\":\"oops\"}"));
        assertEquals("<html> <body>Bad gateway</body> </html>", CloudAdminClient.cloudMessage(
                "<html>\n<body>Bad gateway</body>\n</html>"));
        String longPage = "x".repeat(500);
        assertEquals(201, CloudAdminClient.cloudMessage(longPage).length());
        assertNull(CloudAdminClient.cloudMessage(" "));
        assertNull(CloudAdminClient.cloudMessage(null));
    }

    @Test
    void registrationRefusalsMapByStatus() {
        assertEquals(Reason.REFUSED, CloudConnectionImpl.refused(new ConnectorRegistration.RegistrationException(
                "wrong password", 401)).reason());
        assertEquals(Reason.REFUSED, CloudConnectionImpl.refused(new ConnectorRegistration.RegistrationException(
                "not a connector admin", 403)).reason());
        assertEquals(Reason.CONFLICT, CloudConnectionImpl.refused(new ConnectorRegistration.RegistrationException(
                "name taken", 409)).reason());
        assertEquals(Reason.INVALID, CloudConnectionImpl.refused(new ConnectorRegistration.RegistrationException(
                "bad name", 400)).reason());
        AdminException unusable = CloudConnectionImpl.refused(new ConnectorRegistration.RegistrationException(
                "the cloud's answer lacks id"));
        assertEquals(Reason.UNAVAILABLE, unusable.reason());
        assertEquals("the cloud's answer lacks id", unusable.getMessage());
    }
}
