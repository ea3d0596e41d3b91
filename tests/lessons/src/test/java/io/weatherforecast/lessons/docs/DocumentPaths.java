package io.weatherforecast.lessons.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.parser.Parser;

/**
 * The paths a Markdown page names that do not exist: the targets of its relative links
 * (from the page's folder) and the repository paths in its code (from the root), which
 * start with a top-level folder of the repository, such as {@code k8s/…} or
 * {@code scripts/…}. A segment in capitals ({@code NAME}) or in angle brackets stands for
 * any name, {@code *} is a glob; paths under a {@code target} folder are build output,
 * which a fresh clone does not have.
 */
public final class DocumentPaths {

    private static final Parser PARSER = Parser.builder().build();

    private static final Pattern PLACEHOLDER = Pattern.compile("[A-Z][A-Z_]*|<[^>/]+>");

    private final Path root;

    private final Pattern repositoryPath;

    public DocumentPaths(Path root) {
        this.root = root;
        String folders = topLevelFolders(root).stream().map(Pattern::quote).collect(Collectors.joining("|"));
        this.repositoryPath = Pattern.compile("(?<![\\w./~$-])(?:" + folders + ")/[\\w.*<>-]*(?:/[\\w.*<>-]+)*/?");
    }

    /** Every Markdown page of the repository but build output and test fixtures. */
    public List<Path> pages() {
        try (Stream<Path> files = Files.walk(root)) {
            return files.map(root::relativize)
                .filter(file -> file.toString().endsWith(".md"))
                .filter(file -> !isBuildOutputOrFixture(file))
                .sorted()
                .toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Each path the page names that does not exist, as {@code page: link|path target}.
     */
    public List<String> missingIn(Path page) {
        String markdown;
        try {
            markdown = Files.readString(root.resolve(page));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        List<String> missing = new ArrayList<>();
        Path folder = root.resolve(page).getParent();
        PARSER.parse(markdown).accept(new AbstractVisitor() {

            @Override
            public void visit(Link link) {
                checkLink(link.getDestination());
                visitChildren(link);
            }

            @Override
            public void visit(Image image) {
                checkLink(image.getDestination());
            }

            @Override
            public void visit(Code code) {
                checkCode(code.getLiteral());
            }

            @Override
            public void visit(FencedCodeBlock block) {
                checkCode(block.getLiteral());
            }

            @Override
            public void visit(IndentedCodeBlock block) {
                checkCode(block.getLiteral());
            }

            private void checkLink(String destination) {
                if (destination.isEmpty() || destination.startsWith("#")
                        || URI.create(encode(destination)).isAbsolute()) {
                    return;
                }
                String file = destination.replaceFirst("#.*$", "");
                if (!Files.exists(folder.resolve(file).normalize())) {
                    missing.add(page + ": link " + destination);
                }
            }

            private void checkCode(String code) {
                Matcher matcher = repositoryPath.matcher(code);
                while (matcher.find()) {
                    String path = matcher.group().replaceFirst("[.]+$", "");
                    if (!exists(path)) {
                        missing.add(page + ": path " + path);
                    }
                }
            }

        });
        return missing;
    }

    private boolean exists(String path) {
        List<String> segments = List.of(path.split("/"));
        if (segments.contains("target")) {
            return true;
        }
        List<Path> candidates = List.of(root);
        for (String segment : segments) {
            candidates = candidates.stream().flatMap(folder -> matching(folder, segment)).toList();
        }
        return !candidates.isEmpty();
    }

    private static Stream<Path> matching(Path folder, String segment) {
        if (!PLACEHOLDER.matcher(segment).matches() && !segment.contains("*")) {
            Path child = folder.resolve(segment);
            return Files.exists(child) ? Stream.of(child) : Stream.empty();
        }
        if (!Files.isDirectory(folder)) {
            return Stream.empty();
        }
        PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + (segment.contains("*") ? segment : "*"));
        try (Stream<Path> children = Files.list(folder)) {
            return children.filter(child -> glob.matches(child.getFileName())).toList().stream();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static boolean isBuildOutputOrFixture(Path file) {
        String path = file.toString();
        return path.startsWith(".") || path.contains("/target/") || path.startsWith("target/")
                || path.contains("src/test/resources/") || path.contains("node_modules/");
    }

    private static Set<String> topLevelFolders(Path root) {
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(Files::isDirectory)
                .map(entry -> entry.getFileName().toString())
                .filter(name -> !name.startsWith(".") && !name.equals("target"))
                .collect(Collectors.toSet());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String encode(String destination) {
        return destination.replace(" ", "%20").replace("<", "%3C").replace(">", "%3E");
    }

}
