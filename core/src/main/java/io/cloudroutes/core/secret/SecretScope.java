package io.cloudroutes.core.secret;

/**
 * The row a sealed value belongs to: which kind of object, whose, and which one. A value is sealed with this and its
 * setting's name as AES-GCM associated data, so that it opens only in the setting, row and account it was sealed for:
 * copied into another monitor, another person's reaction or another setting, it does not open.
 *
 * @param kind    {@link #MONITOR} or {@link #REACTION}
 * @param ownerId the account that owns the row
 * @param rowId   the row's seal id: random, given when the row is made, so that it is known before the row is
 *                inserted and its database id exists, and never changes
 */
public record SecretScope(String kind, long ownerId, String rowId) {

    public static final String MONITOR = "monitor";
    public static final String REACTION = "reaction";

    public SecretScope {
        if (!MONITOR.equals(kind) && !REACTION.equals(kind)) {
            throw new IllegalArgumentException("a sealed value belongs to a monitor or a reaction, not '" + kind + "'");
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

    /** The associated data of the setting {@code name} in this row; its parts cannot run into each other. */
    String associatedData(String name) {
        return "cloudroutes/v2/" + kind + "/" + ownerId + "/" + rowId + "/" + name;
    }
}
