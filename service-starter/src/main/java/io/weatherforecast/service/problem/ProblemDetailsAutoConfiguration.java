package io.weatherforecast.service.problem;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Client errors answered as RFC 9457 problem details that tell the caller what to fix.
 */
@AutoConfiguration
@Import(ProblemDetailsAdvice.class)
public class ProblemDetailsAutoConfiguration {

}
