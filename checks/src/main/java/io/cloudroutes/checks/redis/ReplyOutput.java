package io.cloudroutes.checks.redis;

import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.CommandOutput;
import java.nio.ByteBuffer;

/**
 * Captures the reply to an arbitrary command as one {@link Reply}, whatever its RESP type: Lettuce's typed outputs
 * each expect one type, while a monitor's command may answer a number, a string, a status or nil.
 */
final class ReplyOutput extends CommandOutput<String, String, ReplyOutput.Reply> {

    /** One reply: its text (null for nil), or the length of a list reply, which a monitor cannot compare. */
    record Reply(String text, int listLength) {

        static Reply of(String text) {
            return new Reply(text, -1);
        }

        boolean isNil() {
            return text == null && listLength < 0;
        }

        boolean isList() {
            return listLength >= 0;
        }
    }

    ReplyOutput() {
        super(StringCodec.UTF8, Reply.of(null));
    }

    @Override
    public void set(ByteBuffer bytes) {
        if (!output.isList()) {
            output = Reply.of(bytes == null ? null : decodeString(bytes));
        }
    }

    @Override
    public void setSingle(ByteBuffer bytes) {
        set(bytes);
    }

    @Override
    public void set(long integer) {
        if (!output.isList()) {
            output = Reply.of(Long.toString(integer));
        }
    }

    @Override
    public void set(double number) {
        if (!output.isList()) {
            output = Reply.of(Double.toString(number));
        }
    }

    @Override
    public void multi(int count) {
        if (!output.isList()) {
            output = new Reply(null, Math.max(count, 0));
        }
    }
}
