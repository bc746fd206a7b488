package io.cloudroutes.store.reaction;

import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.reactions.email.FormerEmailTemplates;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rewrites the stored settings of every email reaction for the subject that became a Mustache template like the
 * bodies ({@link FormerEmailTemplates}): each saved subject renders what it rendered before, and subjects and bodies
 * still at the former defaults become today's, which say "recovered" on a recovery.
 *
 * <p>Java rather than SQL because each rewritten subject is checked by the template code the reactions use, and one
 * whose own text Mustache would misread keeps its literal text under other delimiters. Registered as a bean by
 * {@link io.cloudroutes.store.StoreConfiguration} (not found by scanning), so that every process applies it the same
 * way, from a jar or not.
 */
public class V8__Mustache_email_subjects extends BaseJavaMigration {

    private static final Logger log = LoggerFactory.getLogger(V8__Mustache_email_subjects.class);

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        Map<Long, String> rewritten = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                        "select id, settings from reactions where reaction_type = 'email' order by id");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                Map<String, String> stored = MessageCodec.mapFromJson(rows.getString("settings"));
                Map<String, String> upgraded = FormerEmailTemplates.upgrade(stored);
                if (!upgraded.equals(stored)) {
                    rewritten.put(rows.getLong("id"), MessageCodec.mapToJson(upgraded));
                }
            }
        }
        try (PreparedStatement update =
                connection.prepareStatement("update reactions set settings = ?, updated_at = now() where id = ?")) {
            for (Map.Entry<Long, String> reaction : rewritten.entrySet()) {
                update.setString(1, reaction.getValue());
                update.setLong(2, reaction.getKey());
                update.addBatch();
            }
            update.executeBatch();
        }
        log.info("email reactions brought to Mustache subjects reactions={}", rewritten.size());
    }
}
