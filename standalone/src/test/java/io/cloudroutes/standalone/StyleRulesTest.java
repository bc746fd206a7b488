package io.cloudroutes.standalone;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.cloudroutes.checks.CheckType;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.plugin.PluginRegistry;
import io.cloudroutes.reactions.ReactionType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;

/** Enforces the style rules of DESIGN.md section 7 that a build can check, on every module's main code. */
class StyleRulesTest {

    private static JavaClasses mainCode;

    @BeforeAll
    static void importMainCode() {
        mainCode = ProjectClasses.mainCode();
    }

    @Test
    void codeIsPackagedByFeatureNotByLayer() {
        noClasses()
                .should()
                .resideInAnyPackage(
                        "..controller..",
                        "..controllers..",
                        "..service..",
                        "..services..",
                        "..repository..",
                        "..repositories..",
                        "..dto..",
                        "..impl..")
                .because("DESIGN.md section 7.1: package by feature (monitor/, reaction/, account/, webhook/, plus one"
                        + " system/ for configuration), so that a feature's classes sit together and stay"
                        + " package-private")
                .check(mainCode);
    }

    @Test
    void controllersReadAndWriteThroughServices() {
        noClasses()
                .that()
                .areAnnotatedWith("org.springframework.stereotype.Controller")
                .or()
                .areAnnotatedWith("org.springframework.web.bind.annotation.RestController")
                .should()
                .dependOnClassesThat()
                .haveSimpleNameEndingWith("Repository")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("org.springframework.jdbc.core.JdbcTemplate")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("io.cloudroutes.crweb.system.LiveRedis")
                .because("DESIGN.md section 7: controllers depend on services only; owner-scoped reads and writes"
                        + " live in the feature's services, where every query is scoped to its owner")
                .check(mainCode);
    }

    @Test
    void beansGetWhatTheyNeedThroughTheirConstructors() {
        noFields()
                .should()
                .beAnnotatedWith(Autowired.class)
                .orShould()
                .beAnnotatedWith("jakarta.inject.Inject")
                .because("DESIGN.md section 7.3: constructor injection into final fields, no field injection")
                .check(mainCode);
        noMethods()
                .that()
                .areNotDeclaredIn(Object.class)
                .should()
                .beAnnotatedWith(Autowired.class)
                .because("DESIGN.md section 7.3: constructor injection into final fields, no setter injection")
                .check(mainCode);
    }

    @Test
    void eachProcessMakesItsPluginRegistriesOnce() {
        noClasses()
                .that()
                .doNotHaveSimpleName("PluginsConfiguration")
                .and()
                .doNotHaveFullyQualifiedName("io.cloudroutes.worker.Worker")
                .and()
                .doNotBelongToAnyOf(CheckType.class, ReactionType.class)
                .and()
                .resideOutsideOfPackages("io.cloudroutes.core.plugin..", "io.cloudroutes.bench..")
                .should()
                .callMethod(CheckType.class, "registry")
                .orShould()
                .callMethod(ReactionType.class, "registry")
                .orShould()
                .callMethod(PluginRegistry.class, "load", Class.class)
                .because("DESIGN.md section 7.10: a plugin is created once per process and closed when it stops;"
                        + " every other class gets the process's registry injected")
                .check(mainCode);
    }

    @Test
    void environmentVariablesAreReadThroughTheOneTypedReader() {
        noClasses()
                .that()
                .resideOutsideOfPackages("io.cloudroutes.core.config..", "io.cloudroutes.bench..")
                .should()
                .callMethod(System.class, "getenv", String.class)
                .orShould()
                .callMethod(System.class, "getenv")
                .because("DESIGN.md section 7.4: settings are read one way, by core's Env (the cram processes) or"
                        + " Spring's typed properties, so that a setting has one name and one rule everywhere")
                .check(mainCode);
    }

    @Test
    void checkResultsAreMadeByTheirNamedFactories() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.cloudroutes.core.message..")
                .should()
                .callConstructorWhere(DescribedPredicate.describe(
                        "the constructor of CheckResult",
                        call -> call.getTargetOwner().isEquivalentTo(CheckResult.class)))
                .because("DESIGN.md section 7.13: each rule lives in one place; CheckResult's factories say what kind"
                        + " of observation a result is and make its id by the one scheme (ResultIds)")
                .check(mainCode);
    }

    private static final ArchRule CONFIGURATION_WITHOUT_PROXIES = classes()
            .that()
            .areAnnotatedWith(Configuration.class)
            .should(declareProxyBeanMethodsFalse())
            .because("DESIGN.md section 7.3: @Configuration(proxyBeanMethods = false); a bean method that needs"
                    + " another bean takes it as a parameter");

    private static final ArchRule NO_VALUE_PARAMETERS = noClasses()
            .should(haveAConstructorParameterAnnotatedWith(Value.class))
            .because("DESIGN.md section 7.4: typed configuration as @ConfigurationProperties records with"
                    + " validation; no scattered @Value");

    @Test
    void configurationClassesDoNotProxyTheirBeanMethods() {
        CONFIGURATION_WITHOUT_PROXIES.check(mainCode);
    }

    @Test
    void theHandWrittenConditionsFindWhatTheyAreAbout() {
        JavaClasses offenders = new ClassFileImporter().importClasses(ProxyingConfiguration.class, ValueTaker.class);
        assertThatThrownBy(() -> CONFIGURATION_WITHOUT_PROXIES.check(offenders))
                .hasMessageContaining("ProxyingConfiguration is @Configuration with proxyBeanMethods = true");
        assertThatThrownBy(() -> NO_VALUE_PARAMETERS.check(offenders)).hasMessageContaining("ValueTaker");
    }

    @Configuration
    static class ProxyingConfiguration {}

    static class ValueTaker {
        ValueTaker(@Value("${cloudroutes.anything:1}") int anything) {}
    }

    @Test
    void settingsAreReadAsTypedPropertiesNotValueAnnotations() {
        noFields()
                .should()
                .beAnnotatedWith(Value.class)
                .because("DESIGN.md section 7.4: typed configuration as @ConfigurationProperties records with"
                        + " validation; no scattered @Value")
                .check(mainCode);
        NO_VALUE_PARAMETERS.check(mainCode);
    }

    private static ArchCondition<JavaClass> declareProxyBeanMethodsFalse() {
        return new ArchCondition<>("declare @Configuration(proxyBeanMethods = false)") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                boolean proxies = type.getAnnotationOfType(Configuration.class).proxyBeanMethods();
                events.add(new SimpleConditionEvent(
                        type, !proxies, type.getName() + " is @Configuration with proxyBeanMethods = true"));
            }
        };
    }

    private static ArchCondition<JavaClass> haveAConstructorParameterAnnotatedWith(Class<Value> annotation) {
        return new ArchCondition<>("have a constructor parameter annotated with @" + annotation.getSimpleName()) {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                type.getConstructors()
                        .forEach(constructor -> constructor.getParameters().stream()
                                .filter(parameter -> parameter.isAnnotatedWith(annotation))
                                .forEach(parameter -> events.add(SimpleConditionEvent.satisfied(
                                        type,
                                        constructor.getFullName() + " takes @" + annotation.getSimpleName() + " "
                                                + parameter.getIndex()))));
            }
        };
    }
}
