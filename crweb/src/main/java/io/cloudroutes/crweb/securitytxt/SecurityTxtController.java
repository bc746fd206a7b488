package io.cloudroutes.crweb.securitytxt;

import io.cloudroutes.crweb.system.NotFoundException;
import io.cloudroutes.crweb.system.PublicUrl;
import io.cloudroutes.crweb.team.Permission;
import io.cloudroutes.crweb.team.Requires;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code /.well-known/security.txt} (RFC 9116): how to report a vulnerability of this installation to its operator.
 * Served only when the operator names a contact; its expiry moves forward by itself, so it never goes stale.
 */
@Controller
class SecurityTxtController {

    static final String PATH = "/.well-known/security.txt";

    private final SecurityTxtProperties properties;
    private final PublicUrl publicUrl;
    private final Clock clock;

    SecurityTxtController(SecurityTxtProperties properties, PublicUrl publicUrl, Clock clock) {
        this.properties = properties;
        this.publicUrl = publicUrl;
        this.clock = clock;
    }

    @Requires(Permission.PUBLIC)
    @GetMapping(PATH)
    ResponseEntity<String> securityTxt() {
        if (properties.contact().isEmpty()) {
            throw new NotFoundException("this installation names no security contact (CLOUDROUTES_SECURITY_CONTACT)");
        }
        StringBuilder text = new StringBuilder();
        properties
                .contact()
                .forEach(contact -> text.append("Contact: ").append(contact).append('\n'));
        text.append("Expires: ")
                .append(DateTimeFormatter.ISO_INSTANT.format(
                        clock.instant().plus(properties.validFor()).truncatedTo(ChronoUnit.SECONDS)))
                .append('\n');
        text.append("Preferred-Languages: en\n");
        text.append("Canonical: ").append(publicUrl.get()).append(PATH).append('\n');
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
                .cacheControl(CacheControl.maxAge(Duration.ofDays(1)))
                .body(text.toString());
    }
}
