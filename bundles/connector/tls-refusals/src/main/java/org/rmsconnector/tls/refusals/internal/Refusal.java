package org.rmsconnector.tls.refusals.internal;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLEngine;
import javax.security.auth.x500.X500Principal;

/**
 * One refused client certificate: whose (subject, issuer, serial), why, from where (the peer's address and port)
 * and on which listener. The names come from the certificate the client sent, so they are whatever the client chose
 * to write: they are cut to {@value #MAX_NAME} characters here and quoted where they are written.
 */
record Refusal(String subject, String issuer, String serial, RefusalReason reason, String peer, String listener,
        String detail) {

    static final int MAX_NAME = 256;
    static final int MAX_DETAIL = 300;
    static final String UNKNOWN = "unknown";

    static Refusal of(X509Certificate[] chain, Throwable failure, String peer, String listener) {
        RefusalReason reason = RefusalReason.of(chain, failure);
        String detail = cut(String.valueOf(failure.getMessage()), MAX_DETAIL);
        if (chain == null || chain.length == 0) {
            return new Refusal("(none)", "(none)", "", reason, peer, listener, detail);
        }
        X509Certificate leaf = chain[0];
        return new Refusal(cut(leaf.getSubjectX500Principal().getName(X500Principal.RFC2253), MAX_NAME),
                cut(leaf.getIssuerX500Principal().getName(X500Principal.RFC2253), MAX_NAME),
                leaf.getSerialNumber().toString(16), reason, peer, listener, detail);
    }

    /** {@code host:port} of the other end, as the listener's SSLEngine was told (Jetty gives the remote address). */
    static String peer(SSLEngine engine) {
        if (engine == null || engine.getPeerHost() == null) {
            return UNKNOWN;
        }
        return hostAndPort(engine.getPeerHost(), engine.getPeerPort());
    }

    static String peer(Socket socket) {
        SocketAddress address = socket == null ? null : socket.getRemoteSocketAddress();
        if (address instanceof InetSocketAddress inet) {
            return hostAndPort(inet.getHostString(), inet.getPort());
        }
        return UNKNOWN;
    }

    static String hostAndPort(String host, int port) {
        String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return port > 0 ? h + ":" + port : h;
    }

    /**
     * At most {@code max} characters, with control and invisible formatting characters (a right-to-left override
     * that would make a log viewer show another name) written as {@code \\uXXXX}.
     */
    static String cut(String text, int max) {
        String head = text.length() > 4 * max ? text.substring(0, 4 * max) : text;
        StringBuilder out = new StringBuilder(head.length());
        for (int i = 0; i < head.length(); i++) {
            char c = head.charAt(i);
            int type = Character.getType(c);
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.length() <= max && head.length() == text.length() ? out.toString()
                : out.substring(0, max - 1) + "…";
    }
}
