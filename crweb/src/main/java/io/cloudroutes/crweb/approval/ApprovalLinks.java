package io.cloudroutes.crweb.approval;

import io.cloudroutes.crweb.team.TeamOfAddress;
import io.cloudroutes.store.reaction.HeldApprovals;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The team of the approval request an {@code /approvals/{token}} link names: the link is followed from an email or a
 * Slack message by someone who may be working in another of their teams (their personal one, right after signing in),
 * and it acts in the run's team for any member of it.
 */
@Component
class ApprovalLinks implements TeamOfAddress {

    private final HeldApprovals approvals;

    ApprovalLinks(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.approvals = new HeldApprovals(jdbc, transactionManager);
    }

    @Override
    public Optional<Long> teamOf(HttpServletRequest request) {
        return request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables
                        && variables.get("token") instanceof String token
                ? approvals.teamOfToken(HeldApprovals.hash(token))
                : Optional.empty();
    }

    @Override
    public String what() {
        return "approval request";
    }
}
