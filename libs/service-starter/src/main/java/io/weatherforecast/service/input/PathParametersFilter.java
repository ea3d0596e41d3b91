package io.weatherforecast.service.input;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriUtils;

/**
 * Refuses with a 400, as Tomcat refuses a malformed percent-escape in the path itself, a
 * path whose parameters ({@code /weather;x=%zz}) hold one. Tomcat passes path parameters
 * on undecoded, and Spring MVC decodes the path with {@link UriUtils#decode} whenever it
 * writes an answer (its guard against reflected file downloads), which throws and turns
 * any answer into a 500. Checked here with the same decoder, since neither Tomcat nor
 * Spring offers a setting that validates path parameters.
 */
class PathParametersFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String uri = request.getRequestURI();
        if (uri.indexOf(';') >= 0) {
            try {
                UriUtils.decode(uri, StandardCharsets.UTF_8);
            }
            catch (IllegalArgumentException malformed) {
                request.setAttribute(InputAutoConfiguration.PROBLEM_DETAIL_ATTRIBUTE,
                        new DefaultMessageSourceResolvable("weather.problem.malformed-path"));
                response.sendError(HttpServletResponse.SC_BAD_REQUEST);
                return;
            }
        }
        chain.doFilter(request, response);
    }

}
