package io.weatherforecast.lessons.rules;

import io.weatherforecast.lessons.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * A version of a service: the module that builds it and the image Jib names after it.
 * Read from the poms (the root's {@code image.registry} and modules, each service
 * module's {@code image.name} and {@code image.version-label}), so that a Deployment
 * naming another image than the build makes is caught. A service module is one with an
 * {@code application.yml}, as for the root pom's "service" profile.
 */
public record Workload(String app, String version, String module) {

    private static final Path ROOT_POM = ProjectFiles.root().resolve("pom.xml");

    /**
     * What makes a module a service: the root pom's "service" profile builds its jar and
     * image.
     */
    private static final Path SERVICE_MARKER = Path.of("src", "main", "resources", "application.yml");

    /**
     * The registry Jib puts before each image name: the Maven property
     * {@code image.registry} as the build resolves it (the lessons module passes it to
     * the tests, so that {@code -Dimage.registry=...} is the configured one), else the
     * root pom's default.
     */
    public static final String IMAGE_REGISTRY = System.getProperty("image.registry",
            properties(ROOT_POM).get("image.registry"));

    public static final List<Workload> ALL = children(ROOT_POM, "modules", "module").stream()
        .filter(module -> Files.isRegularFile(ProjectFiles.root().resolve(module).resolve(SERVICE_MARKER)))
        .map(module -> Map.entry(module, properties(ProjectFiles.root().resolve(module).resolve("pom.xml"))))
        .map(module -> new Workload(module.getValue().get("image.name"), module.getValue().get("image.version-label"),
                module.getKey()))
        .toList();

    public static Optional<Workload> of(String app, String version) {
        return ALL.stream().filter(w -> w.app().equals(app) && w.version().equals(version)).findFirst();
    }

    public String image() {
        return IMAGE_REGISTRY + "/" + app + ":" + version;
    }

    private static Map<String, String> properties(Path pom) {
        NodeList properties = element(pom).getElementsByTagName("properties");
        if (properties.getLength() == 0) {
            return Map.of();
        }
        NodeList children = properties.item(0).getChildNodes();
        return IntStream.range(0, children.getLength())
            .mapToObj(children::item)
            .filter(Element.class::isInstance)
            .map(Element.class::cast)
            .collect(Collectors.toMap(Element::getTagName, element -> element.getTextContent().trim()));
    }

    private static List<String> children(Path pom, String parent, String child) {
        Element list = (Element) element(pom).getElementsByTagName(parent).item(0);
        NodeList items = list.getElementsByTagName(child);
        return IntStream.range(0, items.getLength())
            .mapToObj(items::item)
            .map(item -> item.getTextContent().trim())
            .toList();
    }

    private static Element element(Path pom) {
        try {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
        }
        catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalStateException("Cannot read " + pom, e);
        }
    }
}
