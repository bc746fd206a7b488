package io.cloudroutes.core.config;

import java.util.regex.Pattern;

/**
 * Outgoing mail, the same for every process that sends it (crbridge's email reactions, crweb's test runs of them):
 * {@code CLOUDROUTES_MAIL_FROM}, property {@code cloudroutes.mail.from} (crweb's old {@code cloudroutes.mail-from} is
 * still read, see {@link SettingNames#RENAMED}). Spring binds it; the compact constructor is the rule.
 *
 * @param from the From address of notifications, {@value #DEFAULT_FROM} unless set; an address
 *             ({@code alerts@example.com}) or a name with one ({@code CloudRoutes <alerts@example.com>})
 */
public record MailSettings(String from) {

    /** The variable. */
    public static final String FROM_VARIABLE = "CLOUDROUTES_MAIL_FROM";
    /** The From address unless told. */
    public static final String DEFAULT_FROM = "cloudroutes@localhost";

    private static final Pattern ADDRESS = Pattern.compile("[^\\s@<>,]+@[^\\s@<>,]+|[^<>@,]*<[^\\s@<>,]+@[^\\s@<>,]+>");

    public MailSettings {
        from = from == null || from.isBlank() ? DEFAULT_FROM : from.trim();
        if (!ADDRESS.matcher(from).matches()) {
            throw new IllegalStateException(FROM_VARIABLE + " must be one email address, e.g. cloudroutes@example.com "
                    + "or 'CloudRoutes <cloudroutes@example.com>', but is '" + from + "'");
        }
    }
}
