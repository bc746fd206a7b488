package io.cloudroutes.broker;

import io.cloudroutes.core.config.Env;
import io.cloudroutes.core.zmq.ZmqEndpoints;
import io.cloudroutes.core.zmq.ZmqSecurity;
import java.time.Duration;

/**
 * Settings of a broker.
 *
 * @param frontendBind  where controls push jobs (PULL)
 * @param backendBind   where workers connect (ROUTER)
 * @param zoneQueueCapacity jobs held for each zone while none of its workers has free capacity; a job beyond it is
 *                      dropped and counted, so that a zone without workers never holds back the others (the monitor's
 *                      next due time issues a new one)
 * @param maxJobAge     jobs held longer than this (by the broker's own clock, from when it took them) are dropped: a
 *                      newer job for the same monitor is already on its way
 * @param security      the broker's CURVE key pair and the controls' and workers' public keys it admits
 */
public record BrokerConfig(
        String frontendBind, String backendBind, int zoneQueueCapacity, Duration maxJobAge, ZmqSecurity security) {

    /**
     * CLOUDROUTES_BROKER_FRONTEND_BIND / _BACKEND_BIND (default: the CLOUDROUTES_BROKER_FRONTEND / _BACKEND
     * endpoint; when those list several brokers, as controls and workers read them, the _BIND settings are required), CLOUDROUTES_BROKER_QUEUE_CAPACITY (10000 per zone), CLOUDROUTES_BROKER_MAX_JOB_AGE_SECONDS (120),
     * and the CLOUDROUTES_ZMQ_* keys (see {@link ZmqSecurity#fromEnv}).
     */
    public static BrokerConfig fromEnv(Env env) {
        ZmqEndpoints endpoints = ZmqEndpoints.fromEnv(env);
        return new BrokerConfig(
                ZmqEndpoints.brokerBindAddress(
                        env,
                        "CLOUDROUTES_BROKER_FRONTEND_BIND",
                        ZmqEndpoints.BROKER_FRONTEND,
                        endpoints.brokerFrontend()),
                ZmqEndpoints.brokerBindAddress(
                        env, "CLOUDROUTES_BROKER_BACKEND_BIND", ZmqEndpoints.BROKER_BACKEND, endpoints.brokerBackend()),
                env.getInt("CLOUDROUTES_BROKER_QUEUE_CAPACITY", 10_000, 1, 10_000_000),
                Duration.ofSeconds(env.getInt("CLOUDROUTES_BROKER_MAX_JOB_AGE_SECONDS", 120, 1, 86_400)),
                ZmqSecurity.fromEnv(env));
    }
}
