-- Approvals: a reaction may wait for a person to approve each run. The run is held (held_kind 'APPROVAL', V29) until
-- someone approves or denies it, or until approval_timeout_seconds pass; then it runs or is skipped, as
-- on_approval_timeout says. The timeout's range is checked by the application (Limits.ApprovalTimeoutSeconds).
alter table reactions
    add column approval_required        boolean    not null default false,
    add column approval_timeout_seconds integer    not null default 600,
    add column on_approval_timeout      varchar(8) not null default 'SKIP' check (on_approval_timeout in ('RUN', 'SKIP'));

-- The one request sent for a held run: a link with 256 random bits, of which only the SHA-256 (hex) is kept, as for
-- account tokens (V15). One request per job (unique), so that of several actioners only one sends it. The link works
-- once (used_at), until the approval's time limit (expires_at, the job's hold_until), for the job's team only.
create table approval_requests (
    id         bigserial primary key,
    job_id     bigint      not null unique references reaction_jobs (id) on delete cascade,
    team_id    bigint      not null references teams (id) on delete cascade,
    token_hash varchar(64) not null unique,
    created_at timestamptz not null,
    expires_at timestamptz not null,
    sent_to    text,
    used_at    timestamptz,
    decision   varchar(8) check (decision in ('APPROVED', 'DENIED')),
    decided_by varchar(320)
);
