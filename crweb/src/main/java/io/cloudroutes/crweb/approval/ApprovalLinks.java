package io.cloudroutes.crweb.approval;

import io.cloudroutes.crweb.team.TeamOfAddress;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The team of the approval request an {@code /approvals/{token}} link names: the link is followed from an email or a
 * Slack message by someone who may be working in another of their teams (their personal one, right after signing in),
 * and it acts in the run's team for any member of it.
 */
@Component
class ApprovalLinks implements TeamOfAddress {

    private final Approvals approvals;

    ApprovalLinks(Approvals approvals) {
        this.approvals = approvals;
    }

    @Override
    public Optional<Long> teamOf(HttpServletRequest request) {
        return request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables
                        && variables.get("token") instanceof String token
                ? approvals.teamOf(token)
                : Optional.empty();
    }

    @Override
    public String what() {
        return "approval request";
    }
}
