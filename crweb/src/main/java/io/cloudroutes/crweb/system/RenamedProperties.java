package io.cloudroutes.crweb.system;

import io.cloudroutes.core.config.SettingNames;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Reads a property crweb renamed ({@link SettingNames#RENAMED}, e.g. {@code cloudroutes.mail-from}, now
 * {@code cloudroutes.mail.from} as crbridge names it) under its new name, with one warning naming the new name, so
 * that a configuration written for the old name keeps working. The old value takes the place the old name had: it
 * wins over what the old name won over (an argument over a variable), and gives way to the new name given in the same
 * place or above. Environment variables are not renamed: they are the public contract.
 */
public class RenamedProperties implements EnvironmentPostProcessor, Ordered {

    /** The name of the property sources holding renamed values, one in front of each source that had an old name. */
    static final String SOURCE_PREFIX = "cloudroutes-renamed:";

    private final Log log;

    public RenamedProperties(DeferredLogFactory logs) {
        this.log = logs.getLog(RenamedProperties.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        List<PropertySource<?>> sources =
                environment.getPropertySources().stream().toList();
        if (sources.stream().anyMatch(source -> source.getName().startsWith(SOURCE_PREFIX))) {
            return; // applied to this environment already
        }
        Map<String, String> settled = new LinkedHashMap<>(); // new name to where it was found, highest first
        for (PropertySource<?> source : sources) {
            if (source instanceof SystemEnvironmentPropertySource
                    || ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)) {
                continue;
            }
            ConfigurationPropertySource view = ConfigurationPropertySource.from(source);
            if (view == null) {
                continue;
            }
            Map<String, Object> renamed = new LinkedHashMap<>();
            SettingNames.RENAMED.forEach((oldName, newName) -> {
                if (settled.containsKey(newName)) {
                    return;
                }
                if (view.getConfigurationProperty(ConfigurationPropertyName.of(newName)) != null) {
                    settled.put(newName, source.getName());
                    return;
                }
                ConfigurationProperty old = view.getConfigurationProperty(ConfigurationPropertyName.of(oldName));
                if (old != null) {
                    renamed.put(newName, old.getValue());
                    settled.put(newName, source.getName());
                    log.warn(SettingNames.deprecation(oldName, newName) + " (" + source.getName() + ")");
                }
            });
            if (!renamed.isEmpty()) {
                environment
                        .getPropertySources()
                        .addBefore(source.getName(), new MapPropertySource(SOURCE_PREFIX + source.getName(), renamed));
            }
        }
    }

    /** After the configuration files are loaded, which may hold old names too. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
