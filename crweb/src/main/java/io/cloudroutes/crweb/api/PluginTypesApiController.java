package io.cloudroutes.crweb.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cloudroutes.checks.CheckType;
import io.cloudroutes.core.CallOn;
import io.cloudroutes.core.plugin.PluginRegistry;
import io.cloudroutes.core.plugin.PluginType;
import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.core.plugin.SettingType;
import io.cloudroutes.crweb.team.Permission;
import io.cloudroutes.crweb.team.Requires;
import io.cloudroutes.reactions.ReactionType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The check and reaction types this installation has, with the settings schema each accepts. */
@RestController
@Tag(name = "Types")
class PluginTypesApiController {

    private final List<TypeView> checkTypes;
    private final List<TypeView> reactionTypes;

    PluginTypesApiController(PluginRegistry<CheckType> checkTypes, PluginRegistry<ReactionType> reactionTypes) {
        this.checkTypes = checkTypes.grouped().stream()
                .flatMap(group -> group.types().stream())
                .map(type -> TypeView.of(type, type.pushed(), null, null, null))
                .toList();
        this.reactionTypes = reactionTypes.grouped().stream()
                .flatMap(group -> group.types().stream())
                .map(type -> TypeView.of(type, null, type.callOns(), type.restoresOnRecovery(), type.disruptive()))
                .toList();
    }

    /**
     * A type and its settings; {@code pushed} (check types only) means results come from webhooks or pings;
     * {@code callOn} (reaction types only) lists the changes its reactions may run on (BOTH for notifications), and
     * {@code restoresOnRecovery} says whether it undoes on recovery what it did on failure, {@code disruptive} whether its
     * runs may take a service down (safeguards may hold them; a reaction may say otherwise). {@code description} and
     * {@code group} are what the UI's chooser shows; types come in the chooser's order.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TypeView(
            String id,
            String name,
            String description,
            String group,
            Boolean pushed,
            List<CallOn> callOn,
            Boolean restoresOnRecovery,
            Boolean disruptive,
            List<SettingView> settings) {

        static TypeView of(
                PluginType type, Boolean pushed, List<CallOn> callOn, Boolean restoresOnRecovery, Boolean disruptive) {
            return new TypeView(
                    type.id(),
                    type.name(),
                    type.description(),
                    type.group().name(),
                    pushed,
                    callOn,
                    restoresOnRecovery,
                    disruptive,
                    type.settings().stream().map(SettingView::of).toList());
        }
    }

    /**
     * One setting: what a client must send in {@code settings} under {@code name}. Unbounded limits are absent;
     * {@code maxLength} is the most characters a value may have (a line break counts as one).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SettingView(
            String name,
            String label,
            SettingType type,
            boolean required,
            String defaultValue,
            boolean secret,
            String help,
            List<String> options,
            Long min,
            Long max,
            int maxLength) {

        static SettingView of(Setting setting) {
            return new SettingView(
                    setting.name(),
                    setting.label(),
                    setting.type(),
                    setting.required(),
                    setting.defaultValue(),
                    setting.secret(),
                    setting.help(),
                    setting.options().isEmpty() ? null : setting.options(),
                    setting.min() == Long.MIN_VALUE ? null : setting.min(),
                    setting.max() == Long.MAX_VALUE ? null : setting.max(),
                    setting.maxLength());
        }
    }

    @Requires(Permission.SIGNED_IN)
    @GetMapping("/api/v1/check-types")
    @Operation(summary = "Check types and their settings")
    List<TypeView> checkTypes() {
        return checkTypes;
    }

    @Requires(Permission.SIGNED_IN)
    @GetMapping("/api/v1/reaction-types")
    @Operation(summary = "Reaction types and their settings")
    List<TypeView> reactionTypes() {
        return reactionTypes;
    }
}
