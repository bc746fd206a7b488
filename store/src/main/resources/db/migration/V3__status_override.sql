-- A person can hold a monitor's status at FAILED or HEALTHY (e.g. to fail over by hand, or during maintenance).
alter table monitors
    add column override_status varchar(10) check (override_status in ('FAILED', 'HEALTHY')),
    add column override_by     varchar(254),
    add column override_at     timestamptz;
