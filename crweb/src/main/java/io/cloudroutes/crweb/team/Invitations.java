package io.cloudroutes.crweb.team;

import io.cloudroutes.crweb.account.CurrentUser;
import io.cloudroutes.crweb.account.InvitationMail;
import io.cloudroutes.crweb.audit.AuditAction;
import io.cloudroutes.crweb.audit.AuditLog;
import io.cloudroutes.crweb.audit.AuditLog.Target;
import io.cloudroutes.crweb.system.FieldProblem;
import io.cloudroutes.crweb.system.NotFoundException;
import io.cloudroutes.crweb.system.SaveResult;
import io.cloudroutes.crweb.system.SecretTokens;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.team.Invitation;
import io.cloudroutes.store.team.InvitationRepository;
import io.cloudroutes.store.team.Team;
import io.cloudroutes.store.team.TeamMember;
import io.cloudroutes.store.team.TeamMemberRepository;
import io.cloudroutes.store.team.TeamRepository;
import io.cloudroutes.store.team.TeamRole;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Invitations of email addresses to a team, mailed as links. A link alone never lets anyone in: it is accepted only by
 * a signed-in account whose email is the invited one. Only the SHA-256 of a link's token is stored; a new invitation
 * of an address replaces its open one, whose link then stops working.
 */
@Service
class Invitations {

    /** What an invitation's token starts with, so a person (or a secret scanner) can tell what it is. */
    private static final String PREFIX = "cri_";

    /** The longest email address an account may have (RFC 5321). */
    static final int MAX_EMAIL_LENGTH = 254;

    private final InvitationRepository invitations;
    private final TeamRepository teams;
    private final TeamMemberRepository members;
    private final UserAccountRepository users;
    private final InvitationMail mail;
    private final AuditLog audit;
    private final Validator validator;
    private final Clock clock;

    Invitations(
            InvitationRepository invitations,
            TeamRepository teams,
            TeamMemberRepository members,
            UserAccountRepository users,
            InvitationMail mail,
            AuditLog audit,
            Validator validator,
            Clock clock) {
        this.invitations = invitations;
        this.teams = teams;
        this.members = members;
        this.users = users;
        this.mail = mail;
        this.audit = audit;
        this.validator = validator;
        this.clock = clock;
    }

    /** Who is invited, as the form and the API send it. */
    record Draft(
            @NotBlank(message = "enter the email address of the person to invite")
            @Email(message = "enter a valid email address, e.g. ana@example.com")
            @Size(max = MAX_EMAIL_LENGTH, message = "an email address has at most 254 characters")
            String email,

            @NotBlank(message = "choose a role: admin, editor or viewer")
            String role) {}

    /** An invitation that can still be accepted, as the team page and the API show it. */
    record Open(long id, String email, TeamRole role, String invitedBy, Instant createdAt, Instant expiresAt) {}

    /** An invitation as its link's page shows it. */
    record Offer(String email, String team, TeamRole role, String invitedBy, Instant expiresAt) {}

    /** What became of accepting an invitation. */
    sealed interface Acceptance {
        /** The account is now a member of the team with the invited role. */
        record Joined(long teamId, String team, TeamRole role) implements Acceptance {}

        /** The account was a member already: nothing changed. */
        record AlreadyMember(long teamId, String team, TeamRole role) implements Acceptance {}

        /** The signed-in account is not the invited address: nothing changed. */
        record OtherAccount(String invitedEmail) implements Acceptance {}

        /** Unknown, used, withdrawn or expired: nothing changed. */
        record NotValid() implements Acceptance {}
    }

    /**
     * Invites {@code draft.email()} to the team with {@code draft.role()} and mails the link; a former open
     * invitation of the address stops working. Only an owner invites an owner.
     */
    @Transactional
    SaveResult<Open> invite(ActiveTeam team, Draft draft) {
        List<FieldProblem> problems = new java.util.ArrayList<>(FieldProblem.violations(validator, draft));
        Optional<TeamRole> role = role(draft.role());
        if (draft.role() != null && !draft.role().isBlank() && role.isEmpty()) {
            problems.add(new FieldProblem("role", "choose a role: owner, admin, editor or viewer"));
        }
        if (!problems.isEmpty()) {
            return new SaveResult.Refused<>(problems);
        }
        if (role.get() == TeamRole.OWNER && !team.may(Permission.MANAGE_TEAM)) {
            throw new ForbiddenException("only an owner of the team may invite an owner");
        }
        String email = draft.email().strip();
        Team row = teams.lock(team.id()).orElseThrow(() -> new NotFoundException("team " + team.id()));
        Optional<UserAccount> account = users.findByEmail(email);
        if (account.isPresent()
                && members.findByTeamIdAndUserId(team.id(), account.get().getId())
                        .isPresent()) {
            return refused("email", email + " is a member of this team already: change their role in the list above");
        }
        if (!mail.configured()) {
            return refused(
                    "email",
                    "invitations cannot be mailed: this CloudRoutes has no SMTP server (ask its operator to set "
                            + "CLOUDROUTES_SMTP_HOST)");
        }
        if (!mail.mayMail(email)) {
            return refused("email", "too many mails went to this address lately: try again in an hour");
        }
        Instant now = clock.instant();
        List<Invitation> replaced = invitations.findPendingOf(team.id(), email);
        replaced.forEach(old -> old.withdraw(now));
        String token = SecretTokens.generate(PREFIX);
        Invitation invitation = invitations.save(new Invitation(
                team.id(),
                email,
                role.get(),
                SecretTokens.hash(token),
                team.memberId(),
                now,
                now.plus(mail.lifetime())));
        audit.record(
                team.id(),
                AuditAction.MEMBER_INVITED,
                Target.invitation(invitation.getId(), email),
                "as " + name(role.get()) + (replaced.isEmpty() ? "" : "; replaces the earlier invitation"));
        mail.send(new InvitationMail.Invite(
                email, team.email(), row.getName(), name(role.get()), token, invitation.getExpiresAt()));
        return new SaveResult.Saved<>(open(invitation, team.email()));
    }

    /** The team's invitations that can still be accepted, newest first. */
    @Transactional(readOnly = true)
    List<Open> open(ActiveTeam team) {
        return invitations.findOpen(team.id(), clock.instant()).stream()
                .map(invitation -> open(invitation, emailOf(invitation.getInvitedBy())))
                .toList();
    }

    /** Withdraws an open invitation of the team: its link stops working. Any other is not found. */
    @Transactional
    void withdraw(ActiveTeam team, long id) {
        Instant now = clock.instant();
        Invitation invitation = invitations
                .findByIdAndTeamId(id, team.id())
                .filter(found -> found.openAt(now))
                .orElseThrow(() -> new NotFoundException("invitation " + id));
        invitation.withdraw(now);
        audit.record(
                team.id(),
                AuditAction.MEMBER_INVITATION_WITHDRAWN,
                Target.invitation(id, invitation.getEmail()),
                "was as " + name(invitation.getRole()));
    }

    /** The open invitation the token is for, as its page shows it. */
    @Transactional(readOnly = true)
    Optional<Offer> offer(String token) {
        Instant now = clock.instant();
        return find(token, false)
                .filter(found -> found.openAt(now))
                .flatMap(invitation -> teams.findById(invitation.getTeamId())
                        .map(team -> new Offer(
                                invitation.getEmail(),
                                team.getName(),
                                invitation.getRole(),
                                emailOf(invitation.getInvitedBy()),
                                invitation.getExpiresAt())));
    }

    /**
     * Accepts the invitation for {@code user}, if it is open and for their email: they become a member with its role,
     * and it is used. A member already keeps their role, and the invitation stays as it is.
     */
    @Transactional
    Acceptance accept(String token, CurrentUser user) {
        Instant now = clock.instant();
        Optional<Invitation> found = find(token, true).filter(invitation -> invitation.openAt(now));
        if (found.isEmpty()) {
            return new Acceptance.NotValid();
        }
        Invitation invitation = found.get();
        if (!invitation.getEmail().equalsIgnoreCase(user.getUsername())) {
            return new Acceptance.OtherAccount(invitation.getEmail());
        }
        Optional<Team> team = teams.lock(invitation.getTeamId());
        if (team.isEmpty()) {
            return new Acceptance.NotValid();
        }
        Optional<TeamMember> member = members.findByTeamIdAndUserId(invitation.getTeamId(), user.id());
        if (member.isPresent()) {
            return new Acceptance.AlreadyMember(
                    invitation.getTeamId(), team.get().getName(), member.get().getRole());
        }
        members.save(new TeamMember(invitation.getTeamId(), user.id(), invitation.getRole()));
        invitation.accept(user.id(), now);
        audit.record(
                invitation.getTeamId(),
                AuditAction.MEMBER_JOINED,
                Target.member(user.id(), user.getUsername()),
                "as " + name(invitation.getRole()) + ", invited by " + emailOf(invitation.getInvitedBy()));
        return new Acceptance.Joined(invitation.getTeamId(), team.get().getName(), invitation.getRole());
    }

    private Optional<Invitation> find(String token, boolean lock) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 100) {
            return Optional.empty();
        }
        String hash = SecretTokens.hash(token);
        return lock ? invitations.lockByTokenHash(hash) : invitations.findByTokenHash(hash);
    }

    private String emailOf(Long userId) {
        return userId == null
                ? "a former member"
                : users.findById(userId).map(UserAccount::getEmail).orElse("a former member");
    }

    private static Open open(Invitation invitation, String invitedBy) {
        return new Open(
                invitation.getId(),
                invitation.getEmail(),
                invitation.getRole(),
                invitedBy,
                invitation.getCreatedAt(),
                invitation.getExpiresAt());
    }

    private static Optional<TeamRole> role(String role) {
        return Arrays.stream(TeamRole.values())
                .filter(r -> r.name().equalsIgnoreCase(role == null ? "" : role.strip()))
                .findFirst();
    }

    static String name(TeamRole role) {
        return role.label();
    }

    private static <T> SaveResult<T> refused(String field, String message) {
        return new SaveResult.Refused<>(List.of(new FieldProblem(field, message)));
    }
}
