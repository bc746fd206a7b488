package io.cloudroutes.bench.schedule;

import io.cloudroutes.bench.Scrape;
import io.cloudroutes.broker.Broker;
import io.cloudroutes.broker.BrokerConfig;
import io.cloudroutes.control.Control;
import io.cloudroutes.control.ControlConfig;
import io.cloudroutes.core.config.Env;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;

/**
 * The control and the broker in the benchmark's JVM, configured from the environments their processes would have:
 * their CPU is told apart by thread ({@link CpuTimes}), their memory is the benchmark JVM's.
 */
final class PartsInThisJvm implements ScheduleParts {

    private final Broker broker;
    private final Control control;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    private PartsInThisJvm(Broker broker, Control control) {
        this.broker = broker;
        this.control = control;
        broker.bindMetrics(registry);
        control.bindMetrics(registry);
    }

    static PartsInThisJvm start(Map<String, String> controlEnvironment, Map<String, String> brokerEnvironment) {
        Broker broker = Broker.start(BrokerConfig.fromEnv(Env.of(brokerEnvironment)));
        try {
            return new PartsInThisJvm(broker, Control.start(ControlConfig.fromEnv(Env.of(controlEnvironment))));
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    @Override
    public Scrape metrics() {
        return Scrape.parse(registry.scrape());
    }

    @Override
    public Map<String, ProcessHandle> ownProcesses() {
        return Map.of();
    }

    @Override
    public void requireRunning() {
        // in this JVM the parts run as long as the benchmark does
    }

    @Override
    public String description() {
        return "cram-control and cram-broker in this JVM (-Dbench.processes=same)";
    }

    @Override
    public void close() {
        try {
            control.close();
        } finally {
            broker.close();
            registry.close();
        }
    }
}
