package io.weatherforecast.lessons.schema;

/**
 * Something wrong in a manifest: the document, the JSON pointer inside it (empty for the
 * whole document) and what.
 */
public record Problem(ManifestDocument document, String path, String message) {

    public static Problem of(ManifestDocument document, String message) {
        return new Problem(document, "", message);
    }

    @Override
    public String toString() {
        return document + (path.isEmpty() ? "" : " at " + path) + ": " + message;
    }
}
