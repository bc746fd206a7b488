-- Monitors are checked from one or more zones; their statuses combine under a quorum policy.
alter table monitors
    add column zones  varchar(400) not null default 'default',
    add column quorum varchar(20)  not null default 'MAJORITY'
        check (quorum in ('ANY_HEALTHY', 'MAJORITY', 'ALL_HEALTHY'));
