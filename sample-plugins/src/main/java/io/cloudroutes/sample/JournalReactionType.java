package io.cloudroutes.sample;

import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.core.plugin.SettingType;
import io.cloudroutes.reactions.Reaction;
import io.cloudroutes.reactions.ReactionResult;
import io.cloudroutes.reactions.ReactionServices;
import io.cloudroutes.reactions.ReactionType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/** Appends a line per status change to a journal file on the actioner's host, e.g. for a local audit trail. */
public final class JournalReactionType implements ReactionType {

    static final String FILE = "file";

    @Override
    public String id() {
        return "journal";
    }

    @Override
    public String name() {
        return "Journal file";
    }

    @Override
    public List<Setting> settings() {
        return List.of(Setting.of(FILE, "File", SettingType.TEXT)
                .asRequired()
                .help("The absolute path of the journal, on the actioner's host; created when missing"));
    }

    @Override
    public boolean notifiesBothWays() {
        return true;
    }

    @Override
    public Reaction create(Map<String, String> settings, ReactionServices services) {
        Path journal = Path.of(settings.get(FILE).strip());
        return (change, timeout) -> {
            String line =
                    change.monitorName() + " " + change.from() + " -> " + change.to() + ": " + change.reason() + "\n";
            try {
                Files.writeString(
                        journal, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                return ReactionResult.executed("appended to " + journal);
            } catch (IOException e) {
                return ReactionResult.failed("could not append to " + journal + ": " + e.getMessage());
            }
        };
    }
}
