-- Folds one check result into a monitor's state, atomically, so that exactly one actioner sees each transition.
-- KEYS: state hash, recent list, seen marker, pending decisions (sorted set), decision sequence, rebuild epoch,
--       maintenance marker (exists while the monitor is in a maintenance window, see MaintenanceWatch).
-- ARGV: 1 status, 2 reason, 3 zone, 4 latency ms, 5 checked-at ms, 6 fail threshold, 7 recover threshold,
--       8 result JSON, 9 recent list size, 10 quorum (ANY_HEALTHY | MAJORITY | ALL_HEALTHY),
--       11 vote window ms (a zone votes while its last result is younger than this),
--       12 '1' when the result must not vote (its zone cannot reach its canary, or the worker could not run the
--       check for a limit of its own); it is recorded, and its reason says why,
--       13 the status a person holds the monitor at ('' when it follows its checks), 14 the result id,
--       15 the highest trigger a reaction can have (past it no count of an episode can make one due), 16 the monitor id,
--       17 and 18 the trigger counts of the monitor's reactions that run on FAILED and on HEALTHY, between commas
--       (',3,5,'; ',' when none), or '*' when the definition does not say (written by an older bridge),
--       19 '1' when the caller has just restored the monitor's status from PostgreSQL (fold even without a state),
--       20 '1' to re-evaluate rather than fold a result: at the end of a maintenance window the status the zones give
--       now is taken at once; no zone is counted, nothing is added to the recent results (ARGV 1 is the status held),
--       21 "now" in milliseconds, or '' for Redis' own clock (live folds pass ''; replay and tests pass the time),
--       22 and 23 flap damping: more than ARGV 22 transitions within ARGV 23 ms make the monitor flapping.
-- In maintenance (KEYS[7] exists) the zones still count and the result is recorded, but the monitor keeps its status,
-- counts nothing and records no decision, so no reaction runs: its reason says the change was held.
-- "Now" is Redis' own clock (TIME), never a live caller's: a zone's age is judged by the same clock that stamped it, so
-- actioners whose clocks disagree still agree on which zones vote.
-- Each zone has its own status under the thresholds (fields z:<zone>:status|failures|successes|at); the monitor's
-- status combines the voting zones under the quorum (io.cloudroutes.core.Quorum names them). This script is the one
-- place the quorum is applied (docs/monitoring-semantics.md, "Zones and quorum"; QuorumFoldTest): ANY_HEALTHY fails
-- when no voting zone is healthy, MAJORITY when more than half fail (a tie stays HEALTHY), ALL_HEALTHY when any fails;
-- while no zone votes (all silent past the vote window, or not voting), the monitor keeps the status it had.
-- Returns {"duplicate"} for a result already folded, {"unrestored"} (nothing written) for a monitor without state while
-- Redis lost its data and no rebuild has finished since (no epoch): its status must first come back from PostgreSQL,
-- else the fold starts from UNKNOWN and records a transition that never happened. That happens to a result whose
-- definition was read just before the loss, or one of a monitor a rebuild running across the loss wrote again.
-- Else {previous, current, transitioned, heldFor, episodeFrom, counted, flapping, flapChanged, now}: counted is 1 when this result moved heldFor (the transition itself, or a result agreeing with the status),
-- so each heldFor value, and with it each reaction's trigger, is reached by exactly one result per episode; flapping
-- is 1 while the monitor flaps, flapChanged 1 for the one fold that set or cleared it (so a notice is sent once), now
-- the fold's own time in ms (history keeps it, so that a replay folds each result at the time the live fold did).
-- A decision carries its explanation (votes): each zone's vote as the quorum saw it, the counts, the quorum and its
-- thresholds, read in the same loop that counts the votes (no other key is read for it).
-- A decision is pushed onto the pending decisions in the same atomic step as the fold, so that no crash or PostgreSQL
-- outage between the fold and its recording loses it: the actioners' ledger drains it into PostgreSQL and removes it
-- only once committed. A decision is the transition (always: its event, and at a recovery the restores), or a count
-- equal to the trigger of one of the monitor's reactions that run on the status; any other count makes nothing due and
-- costs PostgreSQL nothing. With triggers unknown ('*') every count up to ARGV[15] is one, as before they were known.
local zone = ARGV[3]
local reevaluating = ARGV[20] == '1'
local in_maintenance = redis.call('EXISTS', KEYS[7]) == 1
local zf = 'z:' .. zone .. ':'
local state = redis.call('HMGET', KEYS[1], 'status', 'heldFor', 'episodeFrom', 'zones',
  zf .. 'status', zf .. 'failures', zf .. 'successes', 'flapTransitions', 'flapping')
-- every state has a status (the fold and the seeding write it): none means no state, the only case the epoch is read
if not state[1] and ARGV[19] ~= '1' and redis.call('EXISTS', KEYS[6]) == 0 then
  return {'unrestored'}
end
if reevaluating and not state[1] then
  -- nothing to re-evaluate: the next result folds as usual
  return {'duplicate'}
end
if not redis.call('SET', KEYS[3], '1', 'NX', 'EX', 3600) then
  return {'duplicate'}
end
local previous = state[1] or 'UNKNOWN'
local held = tonumber(state[2] or '0')
local episode_from = state[3] or 'UNKNOWN'
local zones = state[4] or ''
local zone_status = state[5] or 'UNKNOWN'
local failures = tonumber(state[6] or '0')
local successes = tonumber(state[7] or '0')
local result = ARGV[1]
-- milliseconds, as the zones' 'at' fields hold them
local now
if ARGV[21] and ARGV[21] ~= '' then
  now = tonumber(ARGV[21])
else
  local time = redis.call('TIME')
  now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end

local abstaining = ARGV[12] == '1'
if reevaluating then
  -- the zones stay as their results left them
elseif abstaining then
  -- the zone has no judgement of the target (it cannot trust its own network, or its worker could not run the
  -- check): keep its counts, take its vote away until it can again
  redis.call('HSET', KEYS[1], zf .. 'abstain', '1', zf .. 'at', now, zf .. 'reason', 'not voting: ' .. ARGV[2])
else
  if result == 'FAILED' then
    failures = failures + 1
    successes = 0
  else
    successes = successes + 1
    failures = 0
  end
  if result == 'FAILED' and failures >= tonumber(ARGV[6]) then
    zone_status = 'FAILED'
  elseif result == 'HEALTHY' and successes >= tonumber(ARGV[7]) then
    zone_status = 'HEALTHY'
  end
  redis.call('HSET', KEYS[1], zf .. 'status', zone_status, zf .. 'failures', failures, zf .. 'successes', successes,
    zf .. 'at', now, zf .. 'reason', ARGV[2], zf .. 'abstain', '0')
end
if not reevaluating and not string.find(',' .. zones .. ',', ',' .. zone .. ',', 1, true) then
  zones = (zones == '') and zone or (zones .. ',' .. zone)
  redis.call('HSET', KEYS[1], 'zones', zones)
end

local healthy, failed = 0, 0
-- each zone's vote as read here, kept by reference for the decision's explanation (encoded only when one is recorded)
local zone_votes = {}
for z in string.gmatch(zones, '[^,]+') do
  local vote = redis.call('HMGET', KEYS[1], 'z:' .. z .. ':status', 'z:' .. z .. ':at', 'z:' .. z .. ':abstain',
    'z:' .. z .. ':reason')
  vote[5] = z
  zone_votes[#zone_votes + 1] = vote
  if vote[2] and vote[3] ~= '1' and now - tonumber(vote[2]) <= tonumber(ARGV[11]) then
    vote[6] = true
    if vote[1] == 'HEALTHY' then
      healthy = healthy + 1
    elseif vote[1] == 'FAILED' then
      failed = failed + 1
    end
  end
end
local current = previous
if healthy + failed > 0 then
  local quorum = ARGV[10]
  local is_failed
  if quorum == 'ANY_HEALTHY' then
    is_failed = healthy == 0
  elseif quorum == 'ALL_HEALTHY' then
    is_failed = failed > 0
  else
    is_failed = failed * 2 > healthy + failed
  end
  current = is_failed and 'FAILED' or 'HEALTHY'
end

if ARGV[13] ~= '' then
  -- held by hand: the zones keep their own view, the monitor shows what the person decided
  current = ARGV[13]
end

local reason = ARGV[2]
if in_maintenance then
  if current ~= previous then
    reason = 'held for maintenance (would be ' .. current .. '): ' .. ARGV[2]
  end
  current = previous
end

local transitioned = 0
local counted = 0
if in_maintenance then
  -- nothing counts, so nothing becomes due; the window's end re-evaluates
elseif current ~= previous then
  transitioned = 1
  counted = 1
  held = 1
  episode_from = previous
  redis.call('HSET', KEYS[1], 'since', ARGV[5], 'episode', ARGV[14])
elseif result == current and not abstaining and not reevaluating then
  -- counts the results that agree with the status since it was entered; never reset within an episode. A result
  -- that disagrees (a monitor held by hand, an outvoted zone) or does not vote leaves heldFor, and everything due at
  -- it, as it was.
  held = held + 1
  counted = 1
end
-- Flap damping: the times of the last transitions (at most K + 1, within the window W; all a decision needs) are kept
-- in the state, comma-separated. More than K of them within W make the monitor flapping. It is stable again only once
-- no transition happened for a whole W, not as soon as the count drops to K: a monitor that keeps changing at about
-- the limit would otherwise enter and leave flapping with every change, and the flag (and its notice) would flap too.
-- The times live in the state hash only: when Redis loses the state, the monitor starts again as not flapping.
local flap_k = tonumber(ARGV[22] or '') or 5
local flap_w = tonumber(ARGV[23] or '') or 600000
local was_flapping = state[9] == '1'
local times = {}
for t in string.gmatch(state[8] or '', '[^,]+') do
  local at = tonumber(t)
  if at > now - flap_w then
    table.insert(times, at)
  end
end
-- a monitor's first status (from UNKNOWN) is not a change of it
if transitioned == 1 and previous ~= 'UNKNOWN' then
  table.insert(times, now)
  -- a caller's "now" can go back (replay of results out of order): keep the times in order
  table.sort(times)
  while #times > flap_k + 1 do
    table.remove(times, 1)
  end
end
local in_window = 0
for _, at in ipairs(times) do
  if at <= now then
    in_window = in_window + 1
  end
end
local flapping = was_flapping
if in_window > flap_k then
  flapping = true
elseif #times == 0 then
  flapping = false
end
local flap_changed = flapping ~= was_flapping
if transitioned == 1 or flap_changed or #times == 0 and state[8] and state[8] ~= '' then
  redis.call('HSET', KEYS[1], 'flapTransitions', table.concat(times, ','), 'flapping', flapping and '1' or '0',
    'flapWindow', flap_w)
end

if reevaluating then
  redis.call('HSET', KEYS[1], 'status', current, 'heldFor', held, 'episodeFrom', episode_from, 'reason', reason)
else
  redis.call('HSET', KEYS[1], 'status', current, 'heldFor', held, 'episodeFrom', episode_from, 'reason', reason,
    'zone', zone, 'lastCheckedAt', ARGV[5], 'lastLatencyMillis', ARGV[4])
  redis.call('LPUSH', KEYS[2], ARGV[8])
  redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[9]) - 1)
end
local function can_be_due(count, status)
  local triggers = (status == 'FAILED') and ARGV[17] or ARGV[18]
  if triggers == '*' then
    return count <= tonumber(ARGV[15])
  end
  return string.find(triggers, ',' .. count .. ',', 1, true) ~= nil
end
if transitioned == 1 or (counted == 1 and current ~= 'UNKNOWN' and can_be_due(held, current)
    and not (current == 'HEALTHY' and episode_from == 'UNKNOWN')) then
  -- a state folded before episodes were recorded names its episode by when it began
  local episode = redis.call('HGET', KEYS[1], 'episode')
    or ('since-' .. (redis.call('HGET', KEYS[1], 'since') or '0'))
  local sequence = redis.call('INCR', KEYS[5])
  -- why: the zones' votes (bounded: one entry per zone the monitor has, reasons cut short), the counts and the rule
  local function cut(text, limit)
    if #text <= limit then
      return text
    end
    -- never inside a UTF-8 character: the JSON must stay readable
    while limit > 0 and text:byte(limit + 1) >= 0x80 and text:byte(limit + 1) < 0xC0 do
      limit = limit - 1
    end
    return string.sub(text, 1, limit)
  end
  local snapshot = {}
  for i, vote in ipairs(zone_votes) do
    snapshot[i] = {zone = vote[5], status = vote[1] or 'UNKNOWN', atMillis = tonumber(vote[2] or '0'),
      abstaining = vote[3] == '1', voting = vote[6] == true, reason = cut(vote[4] or '', 300)}
  end
  local votes = {quorum = ARGV[10], healthy = healthy, failed = failed, voteWindowMillis = tonumber(ARGV[11]),
    failThreshold = tonumber(ARGV[6]), recoverThreshold = tonumber(ARGV[7]), nowMillis = now,
    maintenance = in_maintenance, zones = (#snapshot > 0) and snapshot or nil}
  redis.call('ZADD', KEYS[4], sequence, cjson.encode({sequence = sequence, monitorId = tonumber(ARGV[16]), episode = episode,
    previous = previous, current = current, episodeFrom = episode_from, transitioned = transitioned == 1, heldFor = held,
    reason = reason, zone = zone, checkedAtMillis = tonumber(ARGV[5]), latencyMillis = tonumber(ARGV[4]), override = ARGV[13],
    resultId = ARGV[14], flapping = flapping, votes = votes}))
end
return {previous, current, transitioned, held, episode_from, counted, flapping and 1 or 0, flap_changed and 1 or 0,
  now}
