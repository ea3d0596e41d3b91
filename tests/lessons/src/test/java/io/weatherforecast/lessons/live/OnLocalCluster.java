package io.weatherforecast.lessons.live;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

import io.weatherforecast.lessons.ProjectFiles;
import io.weatherforecast.lessons.tutorial.LessonDocument;
import io.weatherforecast.lessons.tutorial.PageSection;
import io.weatherforecast.lessons.tutorial.TutorialStep;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A test class that runs on the shared local cluster of its {@link UpWith} options, reset
 * to the state {@code up} left before the class ({@link SharedCluster}); its own
 * {@code @BeforeAll} methods run after that. Test classes run one after the other, so
 * they share the field.
 */
@ExtendWith(SharedCluster.class)
abstract class OnLocalCluster {

    static LocalCluster cluster;

    @BeforeAll
    static void onTheSharedCluster(LocalCluster shared) {
        cluster = shared;
    }

    /**
     * Runs a command line on the cluster ({@link LocalCluster#shell}), which must
     * succeed.
     */
    static LocalCluster.Result run(String commandLine) {
        LocalCluster.Result result = cluster.shell(commandLine);
        assertThat(result.exitStatus()).as("%s: %s", commandLine, result.errors()).isZero();
        return result;
    }

    /**
     * Runs the tutorial's steps to its end, where an attendee who finished it is, each of
     * which must succeed.
     */
    static void runTheTutorialToItsEnd() {
        for (TutorialStep step : LessonDocument.tutorialSteps(ProjectFiles.root().resolve(ProjectFiles.TUTORIAL))) {
            run(step.command().line());
        }
    }

    /**
     * Runs the commands of a page's section (a chapter's "From where you are" or "Clean
     * up") as written, stopping at the first that fails; they must succeed and print what
     * the section shows, if it shows anything.
     */
    static void runSection(Path page, String heading) {
        PageSection section = LessonDocument.section(page, heading);
        assertThat(section.hasCommands()).as("commands in '%s' of %s", heading, page).isTrue();
        LocalCluster.Result result = run("set -e\n" + section.commands());
        section.shown()
            .ifPresent(shown -> assertThat(ShownOutput.difference(section.commands(), shown, result.output()))
                .as("what '%s' of %s prints", heading, page)
                .isNull());
    }

    /** The namespace is gone, or was never there. */
    static void assertNoNamespace(String namespace) {
        LocalCluster.Result get = cluster.shell("kubectl get namespace " + namespace);
        assertThat(get.exitStatus()).as("kubectl get namespace %s: %s", namespace, get.output()).isNotZero();
        assertThat(get.errors()).contains("NotFound");
    }

    /**
     * Runs a step of a page as written: it must succeed and print what the page shows.
     */
    static void runAsWritten(TutorialStep step) {
        LocalCluster.Result result = cluster.shell(step.command().line());
        assertThat(result.exitStatus()).as("%s failed: %s", step, result.errors()).isZero();
        step.shownOutput()
            .ifPresent(shown -> assertThat(ShownOutput.difference(step.command().line(), shown, result.output()))
                .as(step.toString())
                .isNull());
    }

    /**
     * The API server, with the CRDs and istiod's validation webhook, accepts these files
     * ({@code kubectl apply} arguments) in a strict server-side dry run, without a
     * warning.
     */
    static void acceptedStrictly(String files) {
        LocalCluster.Result dryRun = run("kubectl apply --dry-run=server --validate=strict " + files);
        assertThat(dryRun.errors()).as("warnings of the API server").isEmpty();
    }

    /**
     * ... and refuses the file edited by the sed expression, with these words: the check
     * can fail.
     */
    static void refusedStrictly(String file, String sedExpression, String... words) {
        LocalCluster.Result dryRun = cluster
            .shell("sed '" + sedExpression + "' " + file + " | kubectl apply --dry-run=server --validate=strict -f -");
        assertThat(dryRun.exitStatus()).as("%s edited by %s was accepted", file, sedExpression).isNotZero();
        assertThat(dryRun.errors()).contains(words);
    }

}
