package io.cloudroutes.reactions.digitalocean;

import io.cloudroutes.core.plugin.Parsed;
import io.cloudroutes.core.plugin.PluginGroup;
import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.core.plugin.SettingType;
import io.cloudroutes.core.plugin.SettingValues;
import io.cloudroutes.reactions.Reaction;
import io.cloudroutes.reactions.ReactionGroups;
import io.cloudroutes.reactions.ReactionServices;
import io.cloudroutes.reactions.ReactionType;
import io.cloudroutes.reactions.support.SettingReads;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Reboots or power-cycles a DigitalOcean droplet through the API v2 and follows the action until it completes.
 * One-sided: it acts on every run, whatever the direction of the change, so it is meant for {@code callOn FAILED}.
 */
public final class DigitalOceanReactionType implements ReactionType {

    static final String DEFAULT_API = "https://api.digitalocean.com";

    private static final List<Setting> SETTINGS = List.of(
            Setting.of("dropletId", "Droplet ID", SettingType.INTEGER)
                    .asRequired()
                    .range(1, Long.MAX_VALUE)
                    .help("The number in the droplet's URL in the control panel, e.g. 3164444"),
            Setting.of("action", "Action", SettingType.CHOICE)
                    .options("reboot", "power_cycle")
                    .withDefault("reboot")
                    .help("reboot: a graceful restart. power_cycle: off and on again, for a droplet that does "
                            + "not answer a reboot"),
            Setting.of("token", "API token", SettingType.TEXT)
                    .asRequired()
                    .asSecret()
                    .help("A personal access token with write access to droplets"),
            Setting.of("apiBaseUrl", "API base URL", SettingType.URL)
                    .withDefault(DEFAULT_API)
                    .help("Leave as it is unless you reach the API through a proxy"));

    private final Duration pollInterval;

    public DigitalOceanReactionType() {
        this(Duration.ofSeconds(2));
    }

    /** @param pollInterval between two looks at the action while following it */
    DigitalOceanReactionType(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }

    @Override
    public String id() {
        return "digitalocean";
    }

    @Override
    public String name() {
        return "DigitalOcean droplet reboot / power cycle";
    }

    @Override
    public String description() {
        return "Reboots or power-cycles a DigitalOcean droplet.";
    }

    @Override
    public PluginGroup group() {
        return ReactionGroups.SERVERS;
    }

    @Override
    public int rank() {
        return 30;
    }

    @Override
    public List<Setting> settings() {
        return SETTINGS;
    }

    @Override
    public Parsed<DropletAction> parse(Map<String, String> values) {
        return Parsed.read(SETTINGS, values, DigitalOceanReactionType::read);
    }

    private static DropletAction read(SettingValues values) {
        if (values.anyRejected()) {
            return null;
        }
        return new DropletAction(
                SettingReads.baseUrl(values, "apiBaseUrl"),
                values.number("dropletId"),
                values.text("action"),
                values.text("token"));
    }

    @Override
    public Reaction create(Map<String, String> settings, ReactionServices services) {
        return new DigitalOceanReaction(parse(settings).orThrow(), services.http(), pollInterval);
    }

    /** A reboot may take a service down on a false alarm, so safeguards may hold it. */
    @Override
    public boolean disruptive() {
        return true;
    }
}
