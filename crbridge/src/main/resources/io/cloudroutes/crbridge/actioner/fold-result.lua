-- Folds one check result into a monitor's state, atomically, so that exactly one actioner sees each transition.
-- KEYS: state hash, recent list, seen marker. ARGV: status, reason, zone, latency ms, checked-at ms,
-- fail threshold, recover threshold, result JSON, recent list size.
-- Returns {"duplicate"} for a result already folded, else {previous, current, transitioned, heldFor, episodeFrom}.
if not redis.call('SET', KEYS[3], '1', 'NX', 'EX', 3600) then
  return {'duplicate'}
end
local state = redis.call('HMGET', KEYS[1], 'status', 'failures', 'successes', 'heldFor', 'episodeFrom')
local previous = state[1] or 'UNKNOWN'
local failures = tonumber(state[2] or '0')
local successes = tonumber(state[3] or '0')
local held = tonumber(state[4] or '0')
local episode_from = state[5] or 'UNKNOWN'
local result = ARGV[1]
if result == 'FAILED' then
  failures = failures + 1
  successes = 0
else
  successes = successes + 1
  failures = 0
end
local current = previous
if result == 'FAILED' and failures >= tonumber(ARGV[6]) and previous ~= 'FAILED' then
  current = 'FAILED'
elseif result == 'HEALTHY' and successes >= tonumber(ARGV[7]) and previous ~= 'HEALTHY' then
  current = 'HEALTHY'
end
local transitioned = 0
if current ~= previous then
  transitioned = 1
  held = 1
  episode_from = previous
  redis.call('HSET', KEYS[1], 'since', ARGV[5])
elseif result == current then
  -- counts the results that agree with the status since it was entered; never reset within an episode
  held = held + 1
end
redis.call('HSET', KEYS[1], 'status', current, 'failures', failures, 'successes', successes, 'heldFor', held,
  'episodeFrom', episode_from, 'reason', ARGV[2], 'zone', ARGV[3], 'lastCheckedAt', ARGV[5],
  'lastLatencyMillis', ARGV[4])
redis.call('LPUSH', KEYS[2], ARGV[8])
redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[9]) - 1)
return {previous, current, transitioned, held, episode_from}
