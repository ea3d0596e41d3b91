package io.weatherforecast.lessons;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The module's test resources folder, where the broken manifests and tutorials live. */
public final class TestResources {

    private TestResources() {
    }

    public static Path root() {
        try {
            return Path.of(TestResources.class.getResource("/broken").toURI()).getParent();
        }
        catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

}
