package io.cloudroutes.reactions;

/**
 * Why a {@link Mailer} did not send a message. The message is the mail library's, to report as it is.
 *
 * <ul>
 *   <li>{@link Unbuildable}: the message could not be built (an address that does not parse); sending it again fails
 *       the same way;
 *   <li>{@link CredentialsRefused}: the SMTP server refused the configured credentials; sending again fails the same
 *       way until the operator fixes them;
 *   <li>{@link NotSent}: any other failure to send (connection refused, a timeout, the server answering 4xx): the next
 *       attempt may go through.
 * </ul>
 */
public abstract sealed class MailFailure extends Exception {

    private MailFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether sending again later may go through. */
    public abstract boolean retryable();

    /** The message could not be built. */
    public static final class Unbuildable extends MailFailure {

        public Unbuildable(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public boolean retryable() {
            return false;
        }
    }

    /** The SMTP server refused the credentials. */
    public static final class CredentialsRefused extends MailFailure {

        public CredentialsRefused(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public boolean retryable() {
            return false;
        }
    }

    /** Any other failure to send; the next attempt may go through. */
    public static final class NotSent extends MailFailure {

        public NotSent(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public boolean retryable() {
            return true;
        }
    }
}
