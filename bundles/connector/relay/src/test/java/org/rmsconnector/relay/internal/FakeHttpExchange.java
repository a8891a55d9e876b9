package org.rmsconnector.relay.internal;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * One HTTP exchange as a servlet container would present it, small enough to read: a request (method, path, headers,
 * a body that arrives in the chunks the test feeds), the response it collects, and the async cycle. Anything the
 * relay is not expected to call throws, so a test notices when the servlet starts to depend on more.
 */
final class FakeHttpExchange {
    // the request
    String method = "POST";
    String pathInfo;
    final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    final Map<String, String> parameters = new LinkedHashMap<>();
    long contentLength = -1;
    String remoteAddress = "10.0.0.5";

    // the response
    int status = 200;
    String contentType;
    final Map<String, String> responseHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    int responseContentLength = -1;
    final ByteArrayOutputStream written = new ByteArrayOutputStream();

    // the async cycle
    boolean asyncStarted;
    long asyncTimeout;
    final List<AsyncListener> listeners = new ArrayList<>();
    private final CountDownLatch completed = new CountDownLatch(1);
    ReadListener readListener;
    private final List<byte[]> arrived = new ArrayList<>();
    private boolean allArrived;

    FakeHttpExchange(String method, String pathInfo) {
        this.method = method;
        this.pathInfo = pathInfo;
    }

    FakeHttpExchange header(String name, String value) {
        headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        return this;
    }

    String body() {
        return written.toString(StandardCharsets.UTF_8);
    }

    boolean completed() {
        return completed.getCount() == 0;
    }

    /** Waits (with a deadline) for the servlet to complete the async cycle. */
    FakeHttpExchange awaitCompleted() throws InterruptedException {
        if (!completed.await(5, TimeUnit.SECONDS)) {
            throw new AssertionError("the servlet did not complete the request within 5 s");
        }
        return this;
    }

    /** The body arrives: one chunk per call, then the end, each reported to the servlet's read listener. */
    void arrive(byte[]... chunks) throws Exception {
        for (byte[] chunk : chunks) {
            arrived.add(chunk);
            readListener.onDataAvailable();
        }
        allArrived = true;
        readListener.onAllDataRead();   // as a container may, even after the servlet answered
    }

    /** The container's timer fires. */
    void timeout() throws Exception {
        for (AsyncListener listener : List.copyOf(listeners)) {
            listener.onTimeout(new AsyncEvent(asyncContext()));
        }
    }

    HttpServletRequest request() {
        return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getPathInfo" -> pathInfo;
                    case "getHeader" -> headers.getOrDefault((String) args[0], List.of()).stream().findFirst()
                            .orElse(null);
                    case "getHeaders" -> Collections.enumeration(headers.getOrDefault((String) args[0], List.of()));
                    case "getHeaderNames" -> Collections.enumeration(List.copyOf(headers.keySet()));
                    case "getContentType" -> headers.getOrDefault("Content-Type", List.of()).stream().findFirst()
                            .orElse(null);
                    case "getContentLengthLong" -> contentLength;
                    case "getParameter" -> parameters.get((String) args[0]);
                    case "getAttribute" -> null;   // no client certificate: the test's authenticator decides
                    case "getRemoteAddr" -> remoteAddress;
                    case "isSecure" -> true;
                    case "startAsync" -> {
                        asyncStarted = true;
                        yield asyncContext();
                    }
                    case "getInputStream" -> input();
                    case "toString" -> method + " " + pathInfo;
                    default -> throw new UnsupportedOperationException("request." + m.getName());
                });
    }

    HttpServletResponse response() {
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                written.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                throw new UnsupportedOperationException();
            }
        };
        return (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) -> {
                    switch (m.getName()) {
                        case "setStatus" -> status = (Integer) args[0];
                        case "setContentType" -> contentType = (String) args[0];
                        case "setHeader" -> responseHeaders.put((String) args[0], (String) args[1]);
                        case "setContentLength" -> responseContentLength = (Integer) args[0];
                        case "getOutputStream" -> {
                            return out;
                        }
                        case "toString" -> {
                            return "response " + status;
                        }
                        default -> throw new UnsupportedOperationException("response." + m.getName());
                    }
                    return null;
                });
    }

    private AsyncContext asyncContext() {
        HttpServletResponse response = response();
        return (AsyncContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {AsyncContext.class},
                (proxy, m, args) -> {
                    switch (m.getName()) {
                        case "setTimeout" -> asyncTimeout = (Long) args[0];
                        case "addListener" -> listeners.add((AsyncListener) args[0]);
                        case "getResponse" -> {
                            return response;
                        }
                        case "getRequest" -> {
                            return request();
                        }
                        case "complete" -> {
                            if (completed()) {
                                throw new IllegalStateException("completed twice");
                            }
                            completed.countDown();
                        }
                        case "toString" -> {
                            return "async " + pathInfo;
                        }
                        default -> throw new UnsupportedOperationException("async." + m.getName());
                    }
                    return null;
                });
    }

    private ServletInputStream input() {
        return new ServletInputStream() {
            private int chunk;
            private int offset;

            @Override
            public boolean isFinished() {
                return allArrived && chunk == arrived.size();
            }

            @Override
            public boolean isReady() {
                return chunk < arrived.size();
            }

            @Override
            public void setReadListener(ReadListener listener) {
                readListener = listener;
            }

            @Override
            public int read() {
                throw new UnsupportedOperationException("the relay reads in blocks");
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (chunk == arrived.size()) {
                    return allArrived ? -1 : 0;
                }
                byte[] current = arrived.get(chunk);
                int n = Math.min(len, current.length - offset);
                System.arraycopy(current, offset, b, off, n);
                offset += n;
                if (offset == current.length) {
                    chunk++;
                    offset = 0;
                }
                return n;
            }
        };
    }

    @Override
    public String toString() {
        return method.toUpperCase(Locale.ROOT) + " " + pathInfo + " -> " + status + " " + body();
    }
}
