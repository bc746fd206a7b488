package io.cloudroutes.checks.push;

/**
 * A delivery that cannot be read: the sender is answered 400 with {@code field} and the message, which says what to
 * send instead, and the delivery is logged as refused.
 */
public final class PayloadException extends RuntimeException {

    private final String field;

    public PayloadException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The field that is wrong, e.g. {@code alerts[2].status}, or {@code body} for the whole of it. */
    public String field() {
        return field;
    }
}
