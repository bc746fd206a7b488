package io.cloudroutes.standalone;

import io.cloudroutes.core.config.Env;
import java.util.Map;

/**
 * Decides whether the standalone turns crweb's email confirmation off. crweb makes new accounts confirm their address
 * by default; the standalone is usually tried first on a machine without a mail server, where the confirmation mail
 * could never arrive and nobody who signs up could log in. So without an SMTP server it turns confirmation off, unless
 * the operator set it themselves (CLOUDROUTES_ACCOUNTS_REQUIRE_EMAIL_CONFIRMATION or the argument, in any spelling):
 * their choice always stands, and with an SMTP server crweb's default (required) does.
 */
final class EmailConfirmationDefault {

    /** crweb's setting, as the standalone passes it. */
    static final String PROPERTY = "cloudroutes.accounts.require-email-confirmation";

    private static final String VARIABLE = CommandLine.variableOf(PROPERTY);
    private static final String SMTP_HOST = CommandLine.variableOf("cloudroutes.smtp.host");

    private EmailConfirmationDefault() {}

    /**
     * Whether the standalone tells crweb not to require email confirmation: no SMTP host is configured and the operator
     * did not choose either way.
     *
     * @param properties the Spring properties crweb is given (the command line's, e.g. {@code cloudroutes.smtp.host})
     * @param env        the environment, where crweb reads the same settings as variables
     */
    static boolean turnsConfirmationOff(Map<String, String> properties, Env env) {
        return !isSet(SMTP_HOST, properties, env) && !isSet(VARIABLE, properties, env);
    }

    private static boolean isSet(String variable, Map<String, String> properties, Env env) {
        return env.get(variable, null) != null
                || properties.entrySet().stream()
                        .anyMatch(property ->
                                CommandLine.variableOf(property.getKey()).equals(variable)
                                        && !property.getValue().isBlank());
    }
}
