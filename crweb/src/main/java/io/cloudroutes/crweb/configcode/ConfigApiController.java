package io.cloudroutes.crweb.configcode;

import io.cloudroutes.crweb.api.ApiError;
import io.cloudroutes.crweb.team.ActiveTeam;
import io.cloudroutes.crweb.team.Permission;
import io.cloudroutes.crweb.team.Requires;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The team's configuration as code through the REST API: export as YAML (or JSON), plan (a dry run that answers the
 * diff) and apply. A body is the YAML document itself, or JSON carrying it with the secrets it refers to.
 */
@RestController
@RequestMapping("/api/v1/config")
@Tag(name = "Configuration as code")
class ConfigApiController {

    static final String YAML = "application/yaml";

    private final ConfigExport export;
    private final ConfigImport imports;

    ConfigApiController(ConfigExport export, ConfigImport imports) {
        this.export = export;
        this.imports = imports;
    }

    /** A document with what it needs to be applied. */
    record ConfigRequest(
            @Schema(description = "the YAML document as text, or the same document as a JSON object")
            JsonNode document,

            @Schema(
                    description =
                            "values of the {secret: NAME} references, by NAME; never stored as part of a document")
            Map<String, String> secrets,

            @Schema(description = "also delete what the team has and the document does not name (default false)")
            Boolean prune,

            @Schema(
                    description =
                            "apply only: the hash of the plan reviewed; refused with 409 if the team changed since")
            String planHash) {

        ConfigDocument read() {
            if (document == null || document.isNull()) {
                throw ConfigRefused.of("document", "send the document: YAML text, or the document as a JSON object");
            }
            return ConfigYaml.read(document.isString() ? document.asString() : ConfigYaml.fromTree(document));
        }

        Map<String, String> secretValues() {
            return secrets == null ? Map.of() : secrets;
        }
    }

    @Requires(Permission.VIEW)
    @GetMapping(produces = {YAML, MediaType.APPLICATION_JSON_VALUE})
    @Operation(
            summary = "Export the team's monitors, reactions, maintenance windows and status pages (YAML; "
                    + "?format=json for JSON); secrets are written as {secret: NAME} references")
    ResponseEntity<?> export(ActiveTeam team, @RequestParam(required = false) String format) {
        ConfigDocument document = export.export(team.id());
        if ("json".equalsIgnoreCase(format)) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(document);
        }
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(YAML + ";charset=UTF-8"))
                .body(ConfigYaml.write(document));
    }

    @Requires(Permission.VIEW)
    @PostMapping(path = "/plan", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "What applying the document would change, item by item; changes nothing")
    ConfigPlan plan(ActiveTeam team, @RequestBody ConfigRequest request) {
        return imports.plan(team, request.read(), request.secretValues(), Boolean.TRUE.equals(request.prune()));
    }

    @Requires(Permission.VIEW)
    @PostMapping(
            path = "/plan",
            consumes = {YAML, "application/x-yaml", "text/yaml"})
    @Operation(summary = "What applying the YAML document would change; changes nothing")
    ConfigPlan planYaml(
            ActiveTeam team, @RequestBody String document, @RequestParam(defaultValue = "false") boolean prune) {
        return imports.plan(team, ConfigYaml.read(document), Map.of(), prune);
    }

    @Requires(Permission.EDIT)
    @PostMapping(path = "/apply", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Apply the document in one transaction: all of it or, on any problem, nothing")
    ConfigPlan apply(ActiveTeam team, @RequestBody ConfigRequest request) {
        return imports.apply(
                team, request.read(), request.secretValues(), Boolean.TRUE.equals(request.prune()), request.planHash());
    }

    @Requires(Permission.EDIT)
    @PostMapping(
            path = "/apply",
            consumes = {YAML, "application/x-yaml", "text/yaml"})
    @Operation(summary = "Apply the YAML document in one transaction: all of it or, on any problem, nothing")
    ConfigPlan applyYaml(
            ActiveTeam team,
            @RequestBody String document,
            @RequestParam(defaultValue = "false") boolean prune,
            @RequestParam(required = false) String planHash) {
        return imports.apply(team, ConfigYaml.read(document), Map.of(), prune, planHash);
    }

    @ExceptionHandler(ConfigRefused.class)
    ResponseEntity<ApiError> refused(ConfigRefused e) {
        return ResponseEntity.unprocessableContent()
                .body(new ApiError(
                        "validation_failed",
                        "the document is not acceptable as it is; nothing was changed: see each field",
                        e.problems()));
    }

    @ExceptionHandler(ConfigImport.StalePlan.class)
    ResponseEntity<ApiError> stale(ConfigImport.StalePlan e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(ApiError.of("plan_stale", e.getMessage()));
    }
}
