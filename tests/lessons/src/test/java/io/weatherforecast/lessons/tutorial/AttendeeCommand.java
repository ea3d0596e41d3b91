package io.weatherforecast.lessons.tutorial;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A command of the tutorial as an attendee of a workshop on one shared cluster types it
 * (docs/workshop.md): what it applies, rendered for the attendee by scripts/attendee.sh,
 * and the namespace {@code weather} read as the attendee's, {@code $ATTENDEE}.
 */
public final class AttendeeCommand {

    private static final Pattern APPLY = Pattern.compile("kubectl apply -[fk] (\\S+)");

    private AttendeeCommand() {
    }

    public static String of(String tutorialLine) {
        Matcher apply = APPLY.matcher(tutorialLine);
        return apply.matches() ? "scripts/attendee.sh " + apply.group(1) + " | kubectl apply -f -"
                : tutorialLine.replace("-n weather", "-n $ATTENDEE");
    }

}
