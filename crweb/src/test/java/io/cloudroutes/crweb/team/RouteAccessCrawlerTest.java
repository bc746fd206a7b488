package io.cloudroutes.crweb.team;

import static io.cloudroutes.crweb.TestInfrastructure.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import io.cloudroutes.crweb.PeopleInTeams;
import io.cloudroutes.crweb.approval.HeldForApproval;
import io.cloudroutes.crweb.system.SecretTokens;
import io.cloudroutes.store.apikey.ApiKey;
import io.cloudroutes.store.apikey.ApiKeyRepository;
import io.cloudroutes.store.maintenance.MaintenanceWindow;
import io.cloudroutes.store.maintenance.MaintenanceWindowRepository;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.cloudroutes.store.statuspage.IncidentState;
import io.cloudroutes.store.statuspage.StatusIncident;
import io.cloudroutes.store.statuspage.StatusIncidentRepository;
import io.cloudroutes.store.statuspage.StatusPage;
import io.cloudroutes.store.statuspage.StatusPageRepository;
import io.cloudroutes.store.team.Invitation;
import io.cloudroutes.store.team.InvitationRepository;
import io.cloudroutes.store.team.TeamRole;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Visits every route CloudRoutes' controllers declare, found from the controllers themselves (a route added later is
 * visited too), as each role of a team and as someone outside it: a role below the route's permission gets 403,
 * a role at or above it gets through, and someone from another team gets 404 for the team's things.
 */
class RouteAccessCrawlerTest extends PeopleInTeams {

    private static final Pattern VARIABLE = Pattern.compile("\\{(\\w+)}");
    private static final String TCP_MONITOR = """
            {"name":"db","checkType":"tcp","intervalSeconds":30,"timeoutSeconds":5,
             "zones":["default"],"settings":{"host":"db.internal","port":"5432"}}""";
    private static final String WEBHOOK_REACTION = """
            {"name":"hook","reactionType":"webhook","callOn":"FAILED","settings":{"url":"https://hooks.example.com/x"}}""";

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Autowired
    ApiKeyRepository keys;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    InvitationRepository invitations;

    @Autowired
    MaintenanceWindowRepository windows;

    @Autowired
    StatusPageRepository statusPages;

    @Autowired
    StatusIncidentRepository incidents;

    private Person owner;
    private long team;
    private final Map<TeamRole, Person> byRole = new java.util.EnumMap<>(TeamRole.class);
    private final Map<TeamRole, String> keyByRole = new java.util.EnumMap<>(TeamRole.class);

    /** A route as declared: its pattern, one of its methods, and what it needs. */
    record Route(String pattern, HttpMethod method, Permission needs, HandlerMethod handler) {
        boolean api() {
            return pattern.startsWith("/api/");
        }

        @Override
        public String toString() {
            return method + " " + pattern;
        }
    }

    @BeforeEach
    void aTeamWithOneMemberOfEachRole() throws Exception {
        owner = person("owner");
        team = teamOf(owner, "Crawled " + UUID.randomUUID());
        byRole.put(TeamRole.OWNER, owner);
        for (TeamRole role : List.of(TeamRole.ADMIN, TeamRole.EDITOR, TeamRole.VIEWER)) {
            Person member = person(role.name().toLowerCase());
            join(member, team, role);
            switchTo(member, team);
            byRole.put(role, member);
        }
        for (TeamRole role : TeamRole.values()) {
            keyByRole.put(role, keyMadeDirectly(byRole.get(role), team));
        }
    }

    @Test
    void everyHandlerSaysWhatItNeeds() {
        List<String> undeclared = new ArrayList<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            if (TeamAccessInterceptor.isOurs(handler)) {
                try {
                    TeamAccessInterceptor.required(handler);
                } catch (IllegalStateException e) {
                    undeclared.add(info.toString());
                }
            }
        });
        assertThat(undeclared).isEmpty();
        assertThat(routes()).hasSizeGreaterThan(40);
    }

    @Test
    void eachRoleGetsThroughExactlyWhereItsPermissionAllows() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Route route : routes()) {
            if (!route.needs().needsTeam() || route.pattern().equals("/team/leave")) {
                // leaving is one's own act, refused only by the rules of owners (TeamRolesTest)
                continue;
            }
            for (TeamRole role : TeamRole.values()) {
                Person visitor = byRole.get(role);
                Things things = freshThingsOf(team, visitor);
                MockHttpServletResponse answer = visit(route, visitor, keyByRole.get(role), things);
                int status = answer.getStatus();
                join(visitor, team, role); // as they were, whatever the visit changed
                keys.deleteById(things.keyId()); // within the team's quota of keys
                // and of reactions and monitors, however many routes there are to visit
                reactions.deleteById(things.reactionId());
                monitors.deleteById(things.monitorId());
                boolean allowed = route.needs().grantedTo(role);
                if (allowed && (status == 403 || status == 404 || status >= 500)) {
                    wrong.add(route + " as " + role + ": " + status + ", expected to get through: "
                            + answer.getContentAsString());
                }
                if (!allowed && status != 403) {
                    wrong.add(route + " as " + role + ": " + status + ", expected 403: " + answer.getContentAsString());
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void someoneFromAnotherTeamFindsNoneOfTheTeamsThings() throws Exception {
        Person outsider = person("outsider");
        String outsidersKey = keyMadeDirectly(outsider, personalTeam(outsider));
        List<String> wrong = new ArrayList<>();
        for (Route route : routes()) {
            if (!route.needs().needsTeam()) {
                continue;
            }
            Things things = freshThingsOf(team, owner);
            MockHttpServletResponse answer = visit(route, outsider, outsidersKey, things);
            boolean namesAThing = VARIABLE.matcher(route.pattern()).find();
            if (namesAThing && answer.getStatus() != 404) {
                wrong.add(route + ": " + answer.getStatus() + ", expected 404");
            }
            if (!namesAThing && answer.getContentAsString().contains(things.marker())) {
                wrong.add(route + ": shows the other team's " + things.marker());
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void publicPagesOfATeamAnswerAnyoneWithoutALogIn() throws Exception {
        List<String> wrong = new ArrayList<>();
        int visited = 0;
        for (Route route : routes()) {
            if (route.needs() != Permission.PUBLIC || !route.pattern().contains("{slug}")) {
                continue;
            }
            visited++;
            Things things = freshThingsOf(team, owner);
            MockHttpServletResponse answer = mvc.perform(request(route.method(), path(route.pattern(), things)))
                    .andReturn()
                    .getResponse();
            if (answer.getStatus() != 200 || !answer.getContentAsString().contains(things.marker())) {
                wrong.add(route + ": " + answer.getStatus() + ", expected the team's published page");
            }
        }
        assertThat(visited).isGreaterThanOrEqualTo(2); // the page and its JSON
        assertThat(wrong).isEmpty();
    }

    /** Things of a team, made for one visit (a visit may delete them): named with a marker no other test uses. */
    record Things(
            long monitorId,
            long reactionId,
            long keyId,
            long memberId,
            long visitorId,
            long invitationId,
            long windowId,
            long statusPageId,
            long incidentId,
            long heldJobId,
            long runId,
            long replayId,
            String marker,
            HeldForApproval heldRun) {}

    /** Things of the team; the API key and the on-call mark are the visitor's own, which any member may change. */
    private Things freshThingsOf(long teamId, Person visitor) {
        String marker = "crawled-" + UUID.randomUUID();
        Monitor monitor = new Monitor(teamId, owner.id(), marker, "tcp");
        monitor.setSettings(Map.of("host", "db.internal", "port", "5432"));
        monitor.setIntervalSeconds(30);
        monitor.setTimeoutSeconds(5);
        ReactionConfig reaction = new ReactionConfig(teamId, owner.id(), marker, "webhook");
        reaction.setSettings(Map.of("url", "https://hooks.example.com/" + marker));
        reaction = reactions.save(reaction);
        monitor.getReactions().add(reaction);
        long monitorId = monitors.save(monitor).getId();
        long keyId = keys.save(new ApiKey(teamId, visitor.id(), marker, "crk_" + marker.substring(8, 14), hash()))
                .getId();
        Person member = person("member");
        join(member, teamId, TeamRole.VIEWER);
        Instant now = Instant.now();
        long invitationId = invitations
                .save(new Invitation(
                        teamId,
                        marker + "@example.com",
                        TeamRole.VIEWER,
                        hash(),
                        owner.id(),
                        now,
                        now.plusSeconds(3600)))
                .getId();
        MaintenanceWindow window = new MaintenanceWindow(teamId, now);
        window.setName(marker);
        window.happenOnce("UTC", now, now.plusSeconds(3600));
        window.setTags(List.of("crawled"));
        long windowId = windows.save(window).getId();
        // a published status page showing the monitor, with an incident; its slug is the marker
        StatusPage page = new StatusPage(teamId);
        page.setSlug(marker);
        page.setTitle(marker);
        page.setPublished(true);
        page.addGroup("Crawled", List.of(monitorId));
        long statusPageId = statusPages.save(page).getId();
        long incidentId = incidents
                .save(new StatusIncident(statusPageId, marker, IncidentState.INVESTIGATING, "crawled", now))
                .getId();
        // a run of the monitor held by a safeguard, as an actioner leaves it
        long heldJobId = jdbc.queryForObject(
                "insert into reaction_jobs (monitor_id, reaction_id, episode, kind, to_status, held_for, change, "
                        + "held_kind, held_reason, held_at, not_before) values (?, ?, ?, 'RUN', 'FAILED', 1, '{}', "
                        + "'FLAPPING', ?, now(), 'infinity') returning id",
                Long.class,
                monitorId,
                reaction.getId(),
                marker,
                "held: " + marker);
        long runId = jdbc.queryForObject(
                "insert into reaction_runs (monitor_id, reaction_id, reaction_name, outcome, output, started_at, "
                        + "finished_at, attempts, restore) values (?, ?, ?, 'EXECUTED', 'crawled', now(), now(), 1, false) "
                        + "returning id",
                Long.class,
                monitorId,
                reaction.getId(),
                marker);
        // a replay of the monitor, as the replay form records it
        long replayId = jdbc.queryForObject(
                "insert into replay_requests (team_id, monitor_id, requested_by, requested_at, days, reaction_name, "
                        + "reaction_type, call_on, trigger_count, frequency_seconds, escalation_step, "
                        + "escalation_wait_seconds) values (?, ?, 'crawler', now(), 1, ?, 'webhook', 'FAILED', 1, 0, 1, 0) "
                        + "returning id",
                Long.class,
                teamId,
                monitorId,
                marker);
        return new Things(
                monitorId,
                reaction.getId(),
                keyId,
                member.id(),
                visitor.id(),
                invitationId,
                windowId,
                statusPageId,
                incidentId,
                heldJobId,
                runId,
                replayId,
                marker,
                // a run of the reaction held for approval, and its request's link token
                HeldForApproval.of(
                        jdbc, transactions, teamId, monitorId, marker, reaction.getId(), now.plusSeconds(3600)));
    }

    private MockHttpServletResponse visit(Route route, Person person, String key, Things things) throws Exception {
        MockHttpServletRequestBuilder request = request(route.method(), path(route.pattern(), things));
        if (route.api()) {
            request.with(bearer(key)).contentType(MediaType.APPLICATION_JSON).content(body(route));
        } else {
            request.with(person.login()).with(csrf());
            params(route).forEach(request::param);
        }
        return mvc.perform(request).andReturn().getResponse();
    }

    private static String path(String pattern, Things things) {
        Matcher variables = VARIABLE.matcher(pattern);
        StringBuilder path = new StringBuilder();
        while (variables.find()) {
            String name = variables.group(1);
            String value = switch (name) {
                case "slug" -> things.marker();
                case "pageId" -> String.valueOf(things.statusPageId());
                case "incidentId" -> String.valueOf(things.incidentId());
                case "token" -> things.heldRun().token();
                default -> String.valueOf(id(name, pattern, things));
            };
            variables.appendReplacement(path, value);
        }
        variables.appendTail(path);
        return path.toString();
    }

    /** The id a path variable names. */
    private static long id(String name, String pattern, Things things) {
        return switch (name) {
            case "reactionId" -> things.reactionId();
            case "windowId" -> things.windowId();
            case "jobId" ->
                pattern.endsWith("/approve") || pattern.endsWith("/deny")
                        ? things.heldRun().jobId()
                        : things.heldJobId();
            case "replayId" -> things.replayId();
            case "userId" -> pattern.endsWith("/on-call") ? things.visitorId() : things.memberId();
            case "id" ->
                pattern.startsWith("/runs/") || pattern.startsWith("/api/v1/reaction-runs/")
                        ? things.runId()
                        : pattern.contains("/invitations/")
                                ? things.invitationId()
                                : pattern.startsWith("/reactions/") || pattern.startsWith("/api/v1/reactions/")
                                        ? things.reactionId()
                                        : pattern.contains("api-keys") ? things.keyId() : things.monitorId();
            default ->
                throw new IllegalStateException(
                        "a route with {" + name + "}: teach the crawler which thing it names: " + pattern);
        };
    }

    /** A body an API route accepts, so that only access decides the answer. */
    private static String body(Route route) {
        String pattern = route.pattern();
        if (pattern.endsWith("/override")) {
            return "{\"status\":\"FAILED\"}";
        }
        if (pattern.endsWith("/test")) {
            return "{\"dryRun\":true,\"direction\":\"FAILED\"}";
        }
        if (pattern.equals("/api/v1/monitors/bulk")) {
            return "[" + TCP_MONITOR + "]";
        }
        if (pattern.endsWith("/replays")) {
            return "{\"reactionType\":\"webhook\",\"days\":1}";
        }
        if (pattern.startsWith("/api/v1/monitors")) {
            return TCP_MONITOR;
        }
        if (pattern.startsWith("/api/v1/reactions")) {
            return WEBHOOK_REACTION;
        }
        if (pattern.startsWith("/api/v1/maintenance-windows")) {
            return "{\"name\":\"crawled\",\"kind\":\"ONCE\",\"timeZone\":\"UTC\",\"startsAt\":\"2026-06-01T10:00\","
                    + "\"endsAt\":\"2026-06-01T11:00\",\"tags\":[\"crawled\"]}";
        }
        if (pattern.startsWith("/api/v1/api-keys")) {
            return "{\"name\":\"crawler\"}";
        }
        if (pattern.equals("/api/v1/team/invitations")) {
            return "{\"email\":\"crawled-" + UUID.randomUUID() + "@example.com\",\"role\":\"VIEWER\"}";
        }
        return "{}";
    }

    /** The form fields a page route takes, so that only access decides the answer. */
    private static Map<String, String> params(Route route) {
        String pattern = route.pattern();
        if (pattern.endsWith("/role")) {
            return Map.of("role", "EDITOR");
        }
        if (pattern.endsWith("/on-call")) {
            return Map.of("onCall", "true");
        }
        if (pattern.endsWith("/override")) {
            return Map.of("status", "FAILED");
        }
        if (pattern.equals("/team/invitations")) {
            return Map.of("email", "crawled-" + UUID.randomUUID() + "@example.com", "role", "VIEWER");
        }
        if (pattern.equals("/team/name")) {
            return Map.of("name", "Renamed");
        }
        if (pattern.endsWith("/check-now")) {
            // a check really runs: at a loopback port where nothing listens, so nothing else is contacted
            return Map.of(
                    "checkType", "tcp",
                    "timeoutSeconds", "5",
                    "settings[host]", "127.0.0.1",
                    "settings[port]", "9");
        }
        if (pattern.startsWith("/monitors")) {
            return Map.of(
                    "name", "crawled",
                    "checkType", "tcp",
                    "intervalSeconds", "30",
                    "timeoutSeconds", "5",
                    "failThreshold", "2",
                    "recoverThreshold", "1",
                    "settings[host]", "db.internal",
                    "settings[port]", "5432");
        }
        if (pattern.startsWith("/reactions")) {
            return Map.of(
                    "name",
                    "crawled",
                    "reactionType",
                    "webhook",
                    "callOn",
                    "FAILED",
                    "settings[url]",
                    "https://hooks.example.com/x");
        }
        if (pattern.startsWith("/account/api-keys")) {
            return Map.of("name", "crawled");
        }
        if (pattern.startsWith("/maintenance")) {
            return Map.of(
                    "name", "crawled",
                    "kind", "ONCE",
                    "timeZone", "UTC",
                    "startsAt", "2026-06-01T10:00",
                    "endsAt", "2026-06-01T11:00",
                    "tags", "crawled");
        }
        return Map.of();
    }

    private List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry :
                mappings.getHandlerMethods().entrySet()) {
            HandlerMethod handler = entry.getValue();
            if (!TeamAccessInterceptor.isOurs(handler)) {
                continue;
            }
            Permission needs = TeamAccessInterceptor.required(handler);
            for (String pattern : entry.getKey().getPatternValues()) {
                if (pattern.contains("**")) {
                    continue; // documentation pages: public
                }
                var methods = entry.getKey().getMethodsCondition().getMethods();
                for (RequestMethod method : methods.isEmpty() ? List.of(RequestMethod.GET) : methods) {
                    routes.add(new Route(pattern, HttpMethod.valueOf(method.name()), needs, handler));
                }
            }
        }
        return routes;
    }

    private String keyMadeDirectly(Person person, long teamId) {
        String value = SecretTokens.generate("crk_");
        keys.save(new ApiKey(teamId, person.id(), "crawler", value.substring(0, 10), SecretTokens.hash(value)));
        return value;
    }

    private static String hash() {
        return SecretTokens.hash(SecretTokens.generate("crk_"));
    }
}
