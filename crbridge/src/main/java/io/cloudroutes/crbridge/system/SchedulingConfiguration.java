package io.cloudroutes.crbridge.system;

import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Runs crbridge's periodic tasks ({@code @Scheduled}: the every-second watches, the outbox lag, the daily retention
 * clean-up) on one bounded pool of named platform threads, sized and named by {@code spring.task.scheduling.*} in
 * crbridge.properties. Not Boot's default with virtual threads on: that scheduler runs every fixed-delay task on its
 * one scheduler thread, so a long clean-up would hold up the watches that must run every second.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SchedulingConfiguration {

    @Bean
    ThreadPoolTaskScheduler taskScheduler(ThreadPoolTaskSchedulerBuilder builder) {
        return builder.build();
    }
}
