package org.rmsconnector.workload.support;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;

import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.StrictJson;

/**
 * Reading request bodies. The adapter reads a body with the protocol bundle's strict reader ({@link StrictJson}), as
 * the cloud does, so the two cannot disagree about what a body says: a member name twice at any depth, a lone
 * surrogate or a byte that is not UTF-8 is refused by both, naming the field. It forwards what the protocol records
 * write back, never the bytes it received: unknown members never reach the cloud.
 */
public final class Bodies {
    /** The protocol's bound for one JSON text (docs/protocol.md §2). */
    public static final int MAX_JSON_CHARS = StrictJson.MAX_CHARS;
    public static final byte[] EMPTY = new byte[0];

    private Bodies() {
    }

    /** The body as text; anything but well-formed UTF-8 is refused, never replaced. */
    public static String text(byte[] body) throws Refused {
        return text(body, "the request body");
    }

    /** The body of message {@code what} as text; a byte that is not UTF-8 is refused naming the field it is in. */
    private static String text(byte[] body, String what) throws Refused {
        try {
            return StrictJson.text(body, what);
        } catch (ProtocolException e) {
            throw malformed(e);
        }
    }

    /**
     * The body as the text of one JSON object. The shared parser would also read a top-level array of pairs
     * ({@code [["k","v"]]}) as an object; the adapter refuses it here, before any parser sees it.
     */
    public static String objectText(byte[] body, String what) throws Refused {
        String text = text(body, what);
        if (text.isBlank()) {
            throw Refused.badRequest(what + ": the request body is empty; a JSON object is expected");
        }
        if (!text.stripLeading().startsWith("{")) {
            throw Refused.badRequest(what + ": not a JSON object");
        }
        return text;
    }

    /** The text of one JSON object (see {@link #objectText}) parsed into a map the caller may edit. */
    public static Map<String, Object> object(String text, String what) throws Refused {
        if (text.isBlank() || !text.stripLeading().startsWith("{")) {
            throw Refused.badRequest(what + ": not a JSON object");
        }
        try {
            return StrictJson.parseObject(text, what); // a new map, the adapter's to edit
        } catch (ProtocolException e) {
            throw malformed(e);
        }
    }

    public static String json(Map<String, ?> map) {
        return JSONObjectUtils.toJSONString(map);
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The size of a JSON array member, or -1 when it is absent or not an array (the protocol parser reports that). */
    public static int arraySize(Map<String, Object> object, String member) {
        return object.get(member) instanceof List<?> list ? list.size() : -1;
    }

    /** A protocol refusal (always {@code MALFORMED} for a request) as the relay's 400. */
    public static Refused malformed(ProtocolException e) {
        return Refused.badRequest(e.getMessage());
    }

    /**
     * The body of a template request: empty (the list), or {@code {"id":"<template id>"}} (one template). Anything
     * else is refused, so the transport only ever sees those two shapes.
     */
    public static byte[] templatesBody(byte[] body) throws Refused {
        String text = text(body, "TemplateRequest");
        if (text.isBlank()) {
            return EMPTY;
        }
        Map<String, Object> object = object(text, "TemplateRequest");
        for (String member : object.keySet()) {
            if (!"id".equals(member)) {
                throw Refused.badRequest("TemplateRequest." + member
                        + ": unknown member; send an empty body for the list, or {\"id\":\"<template id>\"}");
            }
        }
        Object id = object.get("id");
        if (id == null) {
            return EMPTY;
        }
        if (!(id instanceof String s) || s.isBlank()) {
            throw Refused.badRequest("TemplateRequest.id: expected a non-blank string");
        }
        return utf8(json(Map.of("id", s.strip())));
    }
}
