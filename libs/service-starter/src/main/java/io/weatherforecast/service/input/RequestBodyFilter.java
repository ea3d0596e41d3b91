package io.weatherforecast.service.input;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request body that cannot be read: one whose Content-Type is a wildcard such
 * as {@code application/*} (answered 415: Spring would fail on it with a 500), and one
 * longer than its endpoint accepts, before anything parses it. Written by hand because
 * neither Tomcat nor Spring bounds a body that is not a form or a multipart: Tomcat's
 * max-http-form-post-size and max-swallow-size do not apply to JSON, and Jackson reads
 * whatever the stream gives. A declared Content-Length over the limit is answered 413 at
 * once (the error report valve writes the problem detail); a body without a length
 * (chunked) is counted as it is read, and the read that passes the limit throws
 * {@link RequestBodyTooLargeException}, which the problem details answer 413. Not
 * Spring's ContentCachingRequestWrapper, whose overflow hook comes with a copy of every
 * body and form parameters encoded again.
 */
class RequestBodyFilter extends OncePerRequestFilter {

    private final InputProperties properties;

    RequestBodyFilter(InputProperties properties) {
        this.properties = properties;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (isWildcard(request.getContentType())) {
            response.sendError(HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE);
            return;
        }
        long limit = this.properties.maxBodySize(request.getRequestURI());
        if (request.getContentLengthLong() > limit) {
            request.setAttribute(InputAutoConfiguration.PROBLEM_DETAIL_ATTRIBUTE, new DefaultMessageSourceResolvable(
                    new String[] { "weather.problem.body-too-large" }, new Object[] { limit }));
            response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
            return;
        }
        chain.doFilter(new LimitedRequest(request, limit), response);
    }

    private static boolean isWildcard(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return type.isWildcardType() || type.isWildcardSubtype();
        }
        catch (InvalidMediaTypeException ex) {
            return false;
        }
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private final long limit;

        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (this.stream == null) {
                this.stream = new LimitedInputStream(super.getInputStream(), this.limit);
            }
            return this.stream;
        }

    }

    private static final class LimitedInputStream extends ServletInputStream {

        private final ServletInputStream in;

        private final long limit;

        private long count;

        LimitedInputStream(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = this.in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = this.in.read(buffer, offset, length);
            if (read > 0) {
                count(read);
            }
            return read;
        }

        private void count(int read) throws RequestBodyTooLargeException {
            this.count += read;
            if (this.count > this.limit) {
                throw new RequestBodyTooLargeException(this.limit);
            }
        }

        @Override
        public boolean isFinished() {
            return this.in.isFinished();
        }

        @Override
        public boolean isReady() {
            return this.in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            this.in.setReadListener(listener);
        }

        @Override
        public void close() throws IOException {
            this.in.close();
        }

    }

}
