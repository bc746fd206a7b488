package io.cloudroutes.core.zmq;

import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.MessageCodec;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

/**
 * A ROUTER socket in an actioner's place, with the actioner's test keys: it receives workers' results and, when told
 * to, acknowledges each as an actioner does once it holds the result durably ({@link ResultProtocol}).
 */
public final class TestResultsSocket implements AutoCloseable {

    private final ZContext context = new ZContext();
    private final PlaneSockets plane = new PlaneSockets(context, TestPlane.actioner());
    private final ZMQ.Socket socket;
    private final boolean acknowledging;

    /** Binds {@code endpoint}; an acknowledging socket acknowledges every result it receives. */
    public TestResultsSocket(String endpoint, boolean acknowledging) {
        this.acknowledging = acknowledging;
        socket = context.createSocket(SocketType.ROUTER);
        socket.setReceiveTimeOut(50);
        plane.serve(socket, "results", TestPlane.actioner().workerPublicKeys());
        socket.bind(endpoint);
    }

    /** The next result, or null if none came within 50 ms. */
    public CheckResult receive() {
        return receive(ZMsg.recvMsg(socket));
    }

    /** The next result if one is waiting, else null. */
    public CheckResult receiveNow() {
        return receive(ZMsg.recvMsg(socket, ZMQ.DONTWAIT));
    }

    private CheckResult receive(ZMsg message) {
        if (message == null) {
            return null;
        }
        byte[] identity = message.pop().getData();
        CheckResult result = MessageCodec.fromBytes(message.pop().getData(), CheckResult.class);
        message.destroy();
        if (acknowledging) {
            socket.sendMore(identity);
            socket.sendMore(ResultProtocol.ACK);
            socket.send(result.resultId());
        }
        return result;
    }

    @Override
    public void close() {
        plane.close();
        context.close();
    }
}
