package io.cloudroutes.crweb.configcode;

import io.cloudroutes.crweb.system.Flash;
import io.cloudroutes.crweb.team.ActiveTeam;
import io.cloudroutes.crweb.team.Permission;
import io.cloudroutes.crweb.team.Requires;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The Configuration page: download the team's configuration as YAML, paste (or pick) a document, review what it would
 * change, then apply exactly what was reviewed. Works without JavaScript; the file picker fills the text box with it.
 */
@Controller
class ConfigController {

    private final ConfigExport export;
    private final ConfigImport imports;

    ConfigController(ConfigExport export, ConfigImport imports) {
        this.export = export;
        this.imports = imports;
    }

    @Requires(Permission.VIEW)
    @GetMapping("/config")
    String page(ActiveTeam team, Model model) {
        model.addAttribute("canEdit", team.may(Permission.EDIT));
        model.addAttribute("document", "");
        model.addAttribute("secrets", "");
        model.addAttribute("prune", false);
        return "config/index";
    }

    @Requires(Permission.VIEW)
    @GetMapping("/config/export.yaml")
    @ResponseBody
    ResponseEntity<String> download(ActiveTeam team) {
        String fileName = "cloudroutes-" + team.name().replaceAll("[^A-Za-z0-9._-]+", "-") + ".yaml";
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(ConfigApiController.YAML + ";charset=UTF-8"))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(fileName, StandardCharsets.UTF_8)
                                .build()
                                .toString())
                .body(ConfigYaml.write(export.export(team.id())));
    }

    @Requires(Permission.VIEW)
    @PostMapping("/config/review")
    String review(
            ActiveTeam team,
            @RequestParam(defaultValue = "") String document,
            @RequestParam(defaultValue = "") String secrets,
            @RequestParam(defaultValue = "false") boolean prune,
            Model model,
            HttpServletResponse response) {
        noStore(response);
        keep(model, team, document, secrets, prune);
        try {
            model.addAttribute("plan", imports.plan(team, ConfigYaml.read(document), secretLines(secrets), prune));
        } catch (ConfigRefused e) {
            model.addAttribute("problems", e.problems());
        }
        return "config/index";
    }

    @Requires(Permission.EDIT)
    @PostMapping("/config/apply")
    String apply(
            ActiveTeam team,
            @RequestParam(defaultValue = "") String document,
            @RequestParam(defaultValue = "") String secrets,
            @RequestParam(defaultValue = "false") boolean prune,
            @RequestParam(defaultValue = "") String planHash,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        noStore(response);
        keep(model, team, document, secrets, prune);
        try {
            if (planHash.isBlank()) {
                throw new ConfigImport.StalePlan();
            }
            ConfigPlan applied = imports.apply(team, ConfigYaml.read(document), secretLines(secrets), prune, planHash);
            Flash.notice(
                    redirect,
                    applied.changes()
                            ? "Applied: " + applied.counts().create() + " created, "
                                    + applied.counts().update() + " updated, "
                                    + applied.counts().delete()
                                    + " deleted."
                            : "No changes: the team already has this configuration.");
            return "redirect:/config";
        } catch (ConfigRefused e) {
            model.addAttribute("problems", e.problems());
        } catch (ConfigImport.StalePlan e) {
            model.addAttribute("stale", e.getMessage());
            try {
                model.addAttribute("plan", imports.plan(team, ConfigYaml.read(document), secretLines(secrets), prune));
            } catch (ConfigRefused refused) {
                model.addAttribute("problems", refused.problems());
            }
        }
        return "config/index";
    }

    private static void keep(Model model, ActiveTeam team, String document, String secrets, boolean prune) {
        model.addAttribute("canEdit", team.may(Permission.EDIT));
        model.addAttribute("document", document);
        model.addAttribute("secrets", secrets);
        model.addAttribute("prune", prune);
    }

    /** The page carries the secrets typed on it: no cache keeps it. */
    private static void noStore(HttpServletResponse response) {
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    /** {@code NAME=value} lines; blank lines and lines starting with # are skipped. */
    static Map<String, String> secretLines(String text) {
        Map<String, String> secrets = new LinkedHashMap<>();
        for (String line : text.split("\\R")) {
            String trimmed = line.strip();
            int equals = trimmed.indexOf('=');
            if (trimmed.isEmpty() || trimmed.startsWith("#") || equals <= 0) {
                continue;
            }
            secrets.put(
                    trimmed.substring(0, equals).strip(),
                    trimmed.substring(equals + 1).strip());
        }
        return secrets;
    }
}
