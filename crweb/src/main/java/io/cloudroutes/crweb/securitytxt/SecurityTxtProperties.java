package io.cloudroutes.crweb.securitytxt;

import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where people report a vulnerability of this installation (environment: CLOUDROUTES_SECURITY_CONTACT, comma-separated),
 * published as {@code /.well-known/security.txt} (RFC 9116). Without a contact there is no such file.
 *
 * @param contact  {@code mailto:}, {@code https://} or {@code tel:} URIs, in the order to try them
 * @param validFor how far ahead the file's {@code Expires} lies; RFC 9116 asks for less than a year
 */
@Validated
@ConfigurationProperties("cloudroutes.security")
record SecurityTxtProperties(
        List<
                        @Pattern(
                                regexp = "mailto:[^\\s@]+@[^\\s@]+|https://\\S+|tel:\\+?[0-9][0-9 ().-]*",
                                message =
                                        "must be a "
                                                + "mailto:, https:// or tel: URI, e.g. mailto:security@example.com or https://example.com/security")
                        String>
                contact,
        @DefaultValue("180d") Duration validFor) {

    SecurityTxtProperties {
        contact = contact == null
                ? List.of()
                : contact.stream().map(String::trim).filter(c -> !c.isEmpty()).toList();
        if (validFor.isNegative() || validFor.isZero() || validFor.compareTo(Duration.ofDays(365)) >= 0) {
            throw new IllegalArgumentException(
                    "cloudroutes.security.valid-for (CLOUDROUTES_SECURITY_VALID_FOR) must be "
                            + "more than 0 and less than 365 days, e.g. 180d; it is " + validFor);
        }
    }
}
