package io.cloudroutes.core.secret;

/**
 * The row a sealed value belongs to: which kind of object, whose, and which one. A value is sealed with this and its
 * setting's name as AES-GCM associated data, so that it opens only in the setting, row and account it was sealed for:
 * copied into another monitor, another person's reaction or another setting, it does not open.
 *
 * @param kind    {@link #MONITOR}, {@link #REACTION} or {@link #ACCOUNT} (a person's own secret, e.g. their TOTP secret)
 * @param ownerId the account that owns the row
 * @param rowId   the row's seal id: random, given when the row is made, so that it is known before the row is
 *                inserted and its database id exists, and never changes
 */
public record SecretScope(String kind, long ownerId, String rowId) {

    public static final String MONITOR = "monitor";
    public static final String REACTION = "reaction";
    /** A secret of the account itself: its owner and its row are both the account. */
    public static final String ACCOUNT = "account";

    public SecretScope {
        if (!MONITOR.equals(kind) && !REACTION.equals(kind) && !ACCOUNT.equals(kind)) {
            throw new IllegalArgumentException(
                    "a sealed value belongs to a monitor, a reaction or an account, not '" + kind + "'");
        }
        if (rowId == null || rowId.isBlank() || rowId.indexOf('/') >= 0) {
            throw new IllegalArgumentException("a sealed value needs the seal id of its row");
        }
    }

    public static SecretScope monitor(long ownerId, String rowId) {
        return new SecretScope(MONITOR, ownerId, rowId);
    }

    public static SecretScope reaction(long ownerId, String rowId) {
        return new SecretScope(REACTION, ownerId, rowId);
    }

    /** The account {@code userId}'s own secrets: sealed for one account, they do not open for another. */
    public static SecretScope account(long userId) {
        return new SecretScope(ACCOUNT, userId, Long.toString(userId));
    }

    /** The associated data of the setting {@code name} in this row; its parts cannot run into each other. */
    String associatedData(String name) {
        return "cloudroutes/v2/" + kind + "/" + ownerId + "/" + rowId + "/" + name;
    }
}
