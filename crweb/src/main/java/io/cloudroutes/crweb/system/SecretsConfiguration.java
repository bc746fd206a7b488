package io.cloudroutes.crweb.system;

import io.cloudroutes.core.secret.SecretBox;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The box that seals secret settings before they are stored, and opens them where crweb must use them. */
@Configuration(proxyBeanMethods = false)
class SecretsConfiguration {

    @Bean
    SecretBox secretBox(CrwebProperties properties) {
        return SecretBox.fromBase64(properties.secretKey());
    }
}
