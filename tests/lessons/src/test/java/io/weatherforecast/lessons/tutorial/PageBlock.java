package io.weatherforecast.lessons.tutorial;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A block of commands on a lesson page outside its steps' own commands
 * ({@link LessonDocument#pageBlocks}): under step {@code step} (0 before the steps), its
 * command lines, and the output the page shows after the block, if any.
 */
public record PageBlock(int step, List<Line> lines, Optional<String> shown) {

    private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*");

    /**
     * One command as an attendee types it (continued lines joined), and the comment after
     * it on the page, which says what it prints.
     */
    public record Line(String command, Optional<String> comment) {

        /** {@code NAME=VALUE}: it sets a variable of the attendee's shell. */
        public boolean assignment() {
            return ASSIGNMENT.matcher(this.command).matches();
        }

    }

    static List<Line> commands(String literal) {
        List<Line> lines = new ArrayList<>();
        StringBuilder joined = new StringBuilder();
        for (String raw : literal.lines().toList()) {
            String line = raw.strip();
            if (line.endsWith("\\")) {
                joined.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            joined.append(line);
            String whole = joined.toString().strip();
            joined.setLength(0);
            if (whole.isEmpty() || whole.startsWith("#")) {
                continue;
            }
            int comment = commentStart(whole);
            lines.add(comment < 0 ? new Line(whole, Optional.empty())
                    : new Line(whole.substring(0, comment).strip(), Optional.of(whole.substring(comment + 1).strip())));
        }
        return lines;
    }

    /** Where a shell comment starts: a # after a blank, outside quotes; -1 if none. */
    private static int commentStart(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                quote = (c == quote) ? 0 : quote;
            }
            else if (c == '\'' || c == '"') {
                quote = c;
            }
            else if (c == '#' && i > 0 && Character.isWhitespace(line.charAt(i - 1))) {
                return i;
            }
        }
        return -1;
    }

}
