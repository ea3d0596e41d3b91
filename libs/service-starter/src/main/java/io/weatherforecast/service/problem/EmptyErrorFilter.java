package io.weatherforecast.service.problem;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Turns an error status set without a body into an error the error page answers as a
 * problem detail. Written by hand for the few places that set an error status directly
 * instead of raising an error: Spring Boot's welcome page answers a request that does not
 * accept HTML with a bare 406.
 */
class EmptyErrorFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, response);
        if (response.getStatus() >= 400 && !response.isCommitted() && response.getContentType() == null
                && !"HEAD".equals(request.getMethod()) && !request.isAsyncStarted()) {
            response.sendError(response.getStatus());
        }
    }

}
