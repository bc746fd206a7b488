package io.cloudroutes.standalone;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;

/** The main code of every CloudRoutes module on this class path, imported once for the ArchUnit rules. */
final class ProjectClasses {

    private static JavaClasses mainCode;

    private ProjectClasses() {}

    static synchronized JavaClasses mainCode() {
        if (mainCode == null) {
            // ImportOption.DoNotIncludeJars would drop the sibling modules, which arrive as jars in a reactor build.
            // Their tests and test fixtures (the test-jars of core and store) are no part of what the rules are about.
            ImportOption projectMainCode = (Location location) -> !location.contains("/test-classes/")
                    && !location.contains("-tests.jar")
                    && (location.contains("/target/classes/") || location.contains("/io/cloudroutes/"));
            mainCode = new ClassFileImporter().withImportOption(projectMainCode).importPackages("io.cloudroutes");
        }
        return mainCode;
    }
}
