package io.weatherforecast.lessons.cluster;

import io.weatherforecast.lessons.schema.Problem;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A manifest file that fails the strict schema checks, with every problem found in it.
 */
public final class InvalidManifestException extends RuntimeException {

    InvalidManifestException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
    }

}
