package io.cloudroutes.core.message;

/**
 * What a control writes to Redis while it holds back checks because the actioners are behind, for crweb to show: the
 * results the workers send are not being folded as fast as they arrive, so monitors are checked late rather than
 * checked on time with nobody learning their results.
 *
 * @param sinceMillis    when the control began to hold checks back (Redis' clock, epoch ms)
 * @param backlogMillis  how long the oldest result no actioner has read yet had waited, at the control's last look
 * @param limitMillis    the wait past which controls hold checks back ({@code CLOUDROUTES_CONTROL_MAX_RESULTS_BACKLOG_MILLIS})
 */
public record ChecksDelayed(long sinceMillis, long backlogMillis, long limitMillis) {}
