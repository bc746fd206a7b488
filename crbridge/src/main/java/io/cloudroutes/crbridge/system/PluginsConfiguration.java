package io.cloudroutes.crbridge.system;

import io.cloudroutes.checks.CheckType;
import io.cloudroutes.core.plugin.PluginRegistry;
import io.cloudroutes.reactions.ReactionType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The process's one registry of check types and one of reaction types, created once; the context closes them when
 * the process stops, which frees what the types share (connection pools).
 */
@Configuration(proxyBeanMethods = false)
class PluginsConfiguration {

    @Bean(destroyMethod = "close")
    PluginRegistry<CheckType> checkTypes() {
        return CheckType.registry();
    }

    @Bean(destroyMethod = "close")
    PluginRegistry<ReactionType> reactionTypes() {
        return ReactionType.registry();
    }
}
