-- A notification may run on both changes (callOn BOTH): whoever it told of a failure hears of the recovery too.
alter table reactions drop constraint reactions_call_on_check;
alter table reactions add constraint reactions_call_on_check check (call_on in ('FAILED', 'HEALTHY', 'BOTH'));

-- LOGGED: the reaction ran but could only write its message to the log (an email with no SMTP server configured).
-- SKIPPED keeps its one meaning: deliberately not run (frequency limit, escalation rule).
alter table reaction_runs drop constraint reaction_runs_outcome_check;
alter table reaction_runs add constraint reaction_runs_outcome_check
    check (outcome in ('EXECUTED', 'LOGGED', 'SKIPPED', 'FAILED'));
alter table reaction_attempts drop constraint reaction_attempts_outcome_check;
alter table reaction_attempts add constraint reaction_attempts_outcome_check
    check (outcome in ('EXECUTED', 'LOGGED', 'SKIPPED', 'FAILED'));

-- Emails recorded before as SKIPPED because they were only logged are LOGGED (the output is the logged message).
update reaction_runs set outcome = 'LOGGED'
 where outcome = 'SKIPPED'
   and starts_with(output, 'no SMTP server configured (set CLOUDROUTES_SMTP_HOST); message logged instead:');
update reaction_attempts set outcome = 'LOGGED'
 where outcome = 'SKIPPED'
   and starts_with(output, 'no SMTP server configured (set CLOUDROUTES_SMTP_HOST); message logged instead:');
