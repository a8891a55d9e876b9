package org.rmsconnector.console.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;

/**
 * Just enough of the servlet API to drive a plugin as the Web Console does: requests and responses are dynamic
 * proxies that answer the calls the plugins make and fail loudly on any other, so a test notices when a plugin
 * starts to depend on something the fake does not model.
 */
final class FakeHttp {
    static final String HOST = "connector.example.com:8443";
    static final String PLUGIN_ROOT_PREFIX = "/system/console/";

    private FakeHttp() {
    }

    /** A request to build. */
    static final class Req {
        String method = "GET";
        String uri;
        String remoteUser = "admin";
        String contentType;
        final Map<String, List<String>> params = new LinkedHashMap<>();
        final Map<String, String> headers = new HashMap<>();
        final Map<String, Object> attributes = new HashMap<>();
        final Map<String, Part> parts = new LinkedHashMap<>();

        Req(String label) {
            uri = PLUGIN_ROOT_PREFIX + label;
            attributes.put(ConsolePlugin.ATTR_PLUGIN_ROOT, uri);
            headers.put("host", HOST);
        }

        Req post() {
            method = "POST";
            contentType = "application/x-www-form-urlencoded";
            return this;
        }

        Req param(String name, String value) {
            params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            return this;
        }

        Req header(String name, String value) {
            headers.put(name.toLowerCase(Locale.ROOT), value);
            return this;
        }

        /** The query string of a redirect Location, as the browser would send it back. */
        Req query(String location) {
            String q = URI.create(location).getRawQuery();
            if (q != null) {
                for (String pair : q.split("&")) {
                    int eq = pair.indexOf('=');
                    param(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            return this;
        }

        Req multipartField(String name, String value) {
            contentType = "multipart/form-data; boundary=x";
            parts.put(name, new FakePart(name, null, value.getBytes(StandardCharsets.UTF_8)));
            return this;
        }

        Req multipartFile(String name, String fileName, byte[] content) {
            contentType = "multipart/form-data; boundary=x";
            parts.put(name, new FakePart(name, fileName, content));
            return this;
        }

        HttpServletRequest build() {
            return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                        case "getMethod" -> method;
                        case "getRequestURI" -> uri;
                        case "getProtocol" -> "HTTP/1.1";
                        case "getScheme" -> "https";
                        case "getServerName" -> "connector.example.com";
                        case "getServerPort" -> 8443;
                        case "getRemoteUser" -> remoteUser;
                        case "getContentType" -> contentType;
                        case "getHeader" -> headers.get(((String) args[0]).toLowerCase(Locale.ROOT));
                        case "getAttribute" -> attributes.get((String) args[0]);
                        case "setAttribute" -> attributes.put((String) args[0], args[1]);
                        case "getParameter" -> {
                            List<String> v = params.get((String) args[0]);
                            yield v == null ? null : v.get(0);
                        }
                        case "getParts" -> (Collection<Part>) parts.values();
                        case "getPart" -> parts.get((String) args[0]);
                        case "toString" -> method + " " + uri;
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> throw new UnsupportedOperationException("the fake request has no " + m.getName());
                    });
        }
    }

    /** What a plugin answered. */
    static final class Res {
        int status = 200;
        String contentType;
        final Map<String, String> headers = new HashMap<>();
        final StringWriter text = new StringWriter();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final PrintWriter writer = new PrintWriter(text);

        String body() {
            writer.flush();
            return text.toString();
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        HttpServletResponse build() {
            return (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) -> switch (m.getName()) {
                        case "setStatus" -> {
                            status = (Integer) args[0];
                            yield null;
                        }
                        case "getStatus" -> status;
                        case "setContentType" -> {
                            contentType = (String) args[0];
                            yield null;
                        }
                        case "getContentType" -> contentType;
                        case "setHeader", "addHeader" -> {
                            headers.put(((String) args[0]).toLowerCase(Locale.ROOT), (String) args[1]);
                            yield null;
                        }
                        case "setContentLength" -> {
                            headers.put("content-length", String.valueOf(args[0]));
                            yield null;
                        }
                        case "getWriter" -> writer;
                        case "getOutputStream" -> new ServletOutputStream() {
                            @Override
                            public void write(int b) {
                                bytes.write(b);
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
                        case "isCommitted" -> false;
                        case "toString" -> "response " + status;
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> throw new UnsupportedOperationException("the fake response has no " + m.getName());
                    });
        }
    }

    /** Runs the request through the plugin as the console would and returns the answer. */
    static Res call(ConsolePlugin plugin, Req req) throws Exception {
        Res res = new Res();
        plugin.service(req.build(), res.build());
        return res;
    }

    /** A multipart part held in memory. */
    static final class FakePart implements Part {
        private final String name;
        private final String fileName;
        private final byte[] content;
        boolean deleted;

        FakePart(String name, String fileName, byte[] content) {
            this.name = name;
            this.fileName = fileName;
            this.content = content;
        }

        @Override
        public InputStream getInputStream() {
            return new ByteArrayInputStream(content);
        }

        @Override
        public String getContentType() {
            return fileName == null ? null : "application/java-archive";
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public String getSubmittedFileName() {
            return fileName;
        }

        @Override
        public long getSize() {
            return content.length;
        }

        @Override
        public void write(String fileName) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete() {
            deleted = true;
        }

        @Override
        public String getHeader(String name) {
            return null;
        }

        @Override
        public Collection<String> getHeaders(String name) {
            return List.of();
        }

        @Override
        public Collection<String> getHeaderNames() {
            return List.of();
        }
    }
}
