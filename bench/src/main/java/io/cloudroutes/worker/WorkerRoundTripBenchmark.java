package io.cloudroutes.worker;

import io.cloudroutes.bench.HotPathBenchmark;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.config.Env;
import io.cloudroutes.core.egress.Egress;
import io.cloudroutes.core.egress.EgressPolicy;
import io.cloudroutes.core.message.CheckJob;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.message.MonitorDefinition;
import io.cloudroutes.core.net.LoopbackPorts;
import io.cloudroutes.core.zmq.BrokerProtocol;
import io.cloudroutes.core.zmq.PlaneSockets;
import io.cloudroutes.core.zmq.TestPlane;
import io.cloudroutes.core.zmq.TestResultsSocket;
import java.io.IOException;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

/**
 * A check through a whole, real {@link Worker}: from the job a broker sends it to its result at an actioner's results
 * socket, as the detection of a failure travels (the broker and the actioner are sockets with their keys, standing in
 * for the processes; the check is an {@code http} check against {@link HealthPage}, as in {@link HttpCheckBenchmark}).
 * One job at a time: this is the latency the worker adds to a check, its hand-offs between the loop and the check's
 * thread included, not the worker's throughput.
 */
public class WorkerRoundTripBenchmark extends HotPathBenchmark {

    private HealthPage target;
    private ZContext zmq;
    private PlaneSockets brokerPlane;
    private ZMQ.Socket broker;
    private byte[] workerIdentity;
    private TestResultsSocket actioner;
    private Worker worker;
    private String url;
    private long jobs;

    @Setup(Level.Trial)
    public void startWorker() throws IOException {
        target = new HealthPage();
        url = target.url();
        String backend = "tcp://127.0.0.1:" + LoopbackPorts.next();
        String results = "tcp://127.0.0.1:" + LoopbackPorts.next();
        zmq = new ZContext();
        brokerPlane = new PlaneSockets(zmq, TestPlane.broker());
        broker = zmq.createSocket(SocketType.ROUTER);
        broker.setReceiveTimeOut(10_000);
        brokerPlane.serve(broker, "broker-backend", TestPlane.broker().workerPublicKeys());
        broker.bind(backend);
        actioner = new TestResultsSocket(results, true);
        WorkerConfig config = new WorkerConfig(
                backend, results, MonitorDefinition.DEFAULT_ZONE, 10, "bench-worker", TestPlane.worker());
        worker = Worker.start(
                config,
                Egress.fromEnv(
                        Env.of(Map.of(EgressPolicy.ALLOW_VARIABLE, "127.0.0.0/8")), Worker.ownEndpoints(config)));
        // the worker says READY; answered as a broker answers, it grants its capacity as credits
        workerIdentity = awaitFromWorker(BrokerProtocol.READY);
        broker.sendMore(workerIdentity);
        broker.send(BrokerProtocol.HEARTBEAT);
        awaitFromWorker(BrokerProtocol.CREDIT);
        checkThroughTheWorker();
    }

    private byte[] awaitFromWorker(String command) {
        while (true) {
            ZMsg message = ZMsg.recvMsg(broker);
            if (message == null) {
                throw new IllegalStateException("the worker sent no " + command + " within 10 s");
            }
            byte[] identity = message.pop().getData();
            boolean wanted = command.equals(message.popString());
            message.destroy();
            if (wanted) {
                return identity;
            }
        }
    }

    @TearDown(Level.Trial)
    public void stopWorker() {
        worker.close();
        actioner.close();
        brokerPlane.close();
        zmq.close();
        target.close();
    }

    @Benchmark
    public CheckResult checkThroughTheWorker() {
        long now = System.currentTimeMillis();
        CheckJob job = new CheckJob(
                "bench-job-" + jobs++, 1, "http", Map.of("url", url), 5_000, now, now, MonitorDefinition.DEFAULT_ZONE);
        broker.sendMore(workerIdentity);
        broker.sendMore(BrokerProtocol.JOB);
        broker.send(MessageCodec.toBytes(job));
        // the worker's heartbeats and returned credits arrive at the broker meanwhile: read, as a broker reads them
        while (ZMsg.recvMsg(broker, ZMQ.DONTWAIT) != null) {
            // nothing to answer: one job at a time stays within the credits
        }
        CheckResult result;
        long deadline = System.nanoTime() + 10_000_000_000L;
        do {
            result = actioner.receive();
        } while (result == null && System.nanoTime() < deadline);
        if (result == null
                || result.status() != Status.HEALTHY
                || !result.resultId().equals(job.jobId())) {
            throw new IllegalStateException("expected a healthy result of " + job.jobId() + ", got " + result);
        }
        return result;
    }
}
