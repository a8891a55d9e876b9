package org.rmsconnector.protocol;

import java.util.ArrayList;
import java.util.List;
import org.rmsconnector.protocol.jose.Fields;
import org.rmsconnector.protocol.jose.Json;

/**
 * A request for use licenses, one per item, for the holder of a server certificate. Batched
 * because servers (search, journaling) decrypt many items at once.
 *
 * @param serverCertificate compact {@link ServerCertificate} of the requester
 * @param items             1..{@value #MAX_ITEMS} items
 */
public record AcquireLicenseRequest(String serverCertificate, List<Item> items) {

    /** Most items in one request. */
    public static final int MAX_ITEMS = 100;

    /**
     * One license wanted.
     *
     * @param publishingLicense compact {@link PublishingLicense} of the content
     * @param onBehalfOf        user whose rights to evaluate (super users and servers acting for
     *                          a user), or null for the certificate's own identity
     */
    public record Item(String publishingLicense, String onBehalfOf) {

        /** Validates the fields. */
        public Item {
            Wire.requireJws(publishingLicense, "publishingLicense");
            if (onBehalfOf != null && onBehalfOf.isBlank()) {
                throw new IllegalArgumentException("onBehalfOf: blank");
            }
        }

        /** An item for the certificate's own identity. */
        public Item(String publishingLicense) {
            this(publishingLicense, null);
        }

        static Item fromFields(Fields f) throws ProtocolException {
            return new Item(f.compactJws("publishingLicense"), f.optString("onBehalfOf"));
        }
    }

    /** Validates the fields. */
    public AcquireLicenseRequest {
        Wire.requireJws(serverCertificate, "serverCertificate");
        items = Wire.listOf(items, "items", 1, MAX_ITEMS);
    }

    /** JSON form. */
    public String toJson() {
        List<Object> list = new ArrayList<>();
        for (Item i : items) {
            list.add(Json.object().put("publishingLicense", i.publishingLicense()).put("onBehalfOf", i.onBehalfOf()).map());
        }
        return Json.object().put("serverCertificate", serverCertificate).put("items", list).toJson();
    }

    /** Parses; refuses malformed input with {@link Reason#MALFORMED} naming the field. */
    public static AcquireLicenseRequest fromJson(String json) throws ProtocolException {
        return Wire.parse(json, "AcquireLicenseRequest", f -> new AcquireLicenseRequest(
                f.compactJws("serverCertificate"), Wire.list(f, "items", 1, MAX_ITEMS, Item::fromFields)));
    }
}
