package io.weatherforecast.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layout of docs/architecture.md, checked on the compiled classes of every module: no
 * package in two modules, no cycle between packages, the libraries below the services,
 * and beans registered by themselves only by service-starter.
 */
class ArchitectureTest {

    private static final List<String> LIBRARIES = List.of("libs/service-starter", "libs/live-config",
            "libs/weather-model", "libs/forecast-core");

    private static final List<String> SERVICES = List.of("recommendation", "advertisement", "forecast-v1",
            "forecast-v2", "frontend");

    private static JavaClasses classes;

    @BeforeAll
    static void importEveryModule() {
        classes = new ClassFileImporter().importPaths(
                Stream.concat(LIBRARIES.stream(), SERVICES.stream()).map(ArchitectureTest::classesOf).toList());
    }

    @Test
    void noPackageLivesInTwoModules() {
        Map<String, Set<String>> modulesByPackage = new TreeMap<>();
        for (String module : Stream.concat(LIBRARIES.stream(), SERVICES.stream()).toList()) {
            Path root = classesOf(module);
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(file -> file.toString().endsWith(".class"))
                    .map(file -> root.relativize(file.getParent()).toString().replace('/', '.'))
                    .forEach(pkg -> modulesByPackage.computeIfAbsent(pkg, key -> new TreeSet<>()).add(module));
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }

        assertThat(modulesByPackage).allSatisfy((pkg, modules) -> assertThat(modules).as(pkg).hasSize(1));
    }

    @Test
    void packagesDependOnEachOtherWithoutCycles() {
        slices().matching("io.weatherforecast.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theStarterAndLiveConfigKnowNoDomainAndTheModelKnowsNoService() {
        noClasses().that()
            .resideInAnyPackage("io.weatherforecast.service..", "io.weatherforecast.liveconfig..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.weatherforecast.weather..", "io.weatherforecast.forecast..",
                    "io.weatherforecast.advertisement..", "io.weatherforecast.recommendation..",
                    "io.weatherforecast.frontend..")
            .check(classes);
        noClasses().that()
            .resideInAPackage("io.weatherforecast.weather..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.weatherforecast.forecast..", "io.weatherforecast.advertisement..",
                    "io.weatherforecast.recommendation..", "io.weatherforecast.frontend..")
            .check(classes);
    }

    @Test
    void noServiceReadsTheCodeOfAnother() {
        for (String service : List.of("advertisement", "recommendation", "frontend", "forecast.v1", "forecast.v2")) {
            noClasses().that()
                .resideOutsideOfPackage("io.weatherforecast." + service + "..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.weatherforecast." + service + "..")
                .check(classes);
        }
    }

    @Test
    void onlyTheStarterRegistersBeansByItself() {
        String imports = "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports";
        assertThat(Stream.concat(LIBRARIES.stream(), SERVICES.stream())
            .filter(module -> Files.exists(classesOf(module).resolve(imports))))
            .containsExactly("libs/service-starter");
    }

    private static Path classesOf(String module) {
        Path classes = ServiceProcess.ROOT.resolve(module).resolve("target").resolve("classes");
        if (!Files.isDirectory(classes)) {
            throw new IllegalStateException(
                    classes + " is missing: run the tests through Maven, which builds it first");
        }
        return classes;
    }

}
