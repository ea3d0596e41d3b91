package io.weatherforecast.lessons.tutorial;

import java.util.List;
import java.util.Optional;

/**
 * A level-2 section of a page ({@link LessonDocument#sections}): its heading, the
 * {@code bash} and {@code shell} blocks in it, its steps' included, joined in order, the
 * first {@code text} block in it (what the commands print, as the page shows it), and the
 * destinations of its links.
 */
public record PageSection(String heading, String commands, Optional<String> shown, List<String> links) {

    public boolean hasCommands() {
        return !this.commands.isBlank();
    }

}
