package io.weatherforecast.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A module of the project's {@code services.txt} (callees before their callers), with the
 * name its callers use: the image name of its pom, shared by every version of a service.
 */
record ServiceModule(String module, String service) {

    private static final Pattern IMAGE_NAME = Pattern.compile("<image\\.name>([^<]+)</image\\.name>");

    static List<ServiceModule> read(Path root) {
        try {
            return Files.readAllLines(root.resolve("services.txt"))
                .stream()
                .map(line -> line.replaceFirst("#.*", "").strip())
                .filter(line -> !line.isEmpty())
                .map(line -> line.split("\\s+")[0])
                .map(module -> new ServiceModule(module, imageName(root.resolve(module).resolve("pom.xml"))))
                .toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String imageName(Path pom) {
        Matcher matcher;
        try {
            matcher = IMAGE_NAME.matcher(Files.readString(pom));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        if (!matcher.find()) {
            throw new IllegalStateException(pom + " names no image.name");
        }
        return matcher.group(1);
    }
}
