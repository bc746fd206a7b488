package io.cloudroutes.core.redis;

import java.util.List;

/** Reading the reply of {@code XINFO GROUPS}: a list of groups, each a flat list of field names and values. */
public final class StreamGroups {

    private StreamGroups() {}

    /** The last id delivered to {@code group}, or null when the stream has no such group. */
    @SuppressWarnings("unchecked")
    public static String lastDeliveredId(List<Object> xinfoGroups, String group) {
        for (Object each : xinfoGroups) {
            List<Object> fields = (List<Object>) each;
            String name = null;
            String delivered = null;
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                String field = String.valueOf(fields.get(i));
                if (field.equals("name")) {
                    name = String.valueOf(fields.get(i + 1));
                } else if (field.equals("last-delivered-id")) {
                    delivered = String.valueOf(fields.get(i + 1));
                }
            }
            if (group.equals(name)) {
                return delivered;
            }
        }
        return null;
    }
}
