package io.weatherforecast.service.identity;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/** Stamps every response with the {@value ServiceIdentity#HEADER} header. */
class ServedByHeaderFilter extends OncePerRequestFilter {

    private final String headerValue;

    ServedByHeaderFilter(ServiceIdentity identity) {
        this.headerValue = identity.headerValue();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader(ServiceIdentity.HEADER, headerValue);
        chain.doFilter(request, response);
    }

}
