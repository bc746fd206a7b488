-- Claims due monitors and moves each to its next slot, atomically, so that several controls never claim the same
-- check. KEYS[1] = schedule; ARGV = batch size, monitor key prefix (RedisKeys.MONITOR_PREFIX), interval field,
-- definition field.
-- The one script that builds key names itself: the monitors' keys (prefix .. id) are known only once the script has
-- read which monitors are due, so they cannot be passed in KEYS; their prefix comes from RedisKeys, never from here.
-- "Now" is Redis' own clock (TIME), never the control's: controls whose clocks disagree still agree on what is due,
-- and a control whose clock runs ahead cannot claim checks early nor one running behind leave them late.
-- Next due = the first slot of the form offset + k * interval strictly after now + half an interval: no drift,
-- monitors of one interval spread across it by their offset, a control that was down skips missed slots instead of
-- bursting, and a monitor claimed off its slot (new, overdue after a restart, due again after a rebuild) is not
-- checked a second time moments later at its slot: two checks of a monitor are at least half an interval apart.
-- Returns id, due time and definition JSON for each monitor claimed (the longest overdue first), so that the control
-- needs no second round trip for the definitions, then Redis' now, by which the control tells how late each check is
-- and how many slots an overdue monitor passed over, then the due time of the monitor due first after the claim (-1
-- when the schedule is empty), so that the control claims again when it is due rather than a whole poll later.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[1]))
local claimed = {}
for i = 1, #due, 2 do
  local id = due[i]
  local fields = redis.call('HMGET', ARGV[2] .. id, ARGV[3], ARGV[4])
  local interval = fields[1]
  local seconds = interval and tonumber(interval)
  if not interval then
    redis.call('ZREM', KEYS[1], id)
  elseif not seconds or seconds <= 0 then
    -- Not claimed and not lost: one unreadable hash must not stall every other monitor's claim, and the bridge's
    -- next write or rebuild repairs it.
    redis.log(redis.LOG_WARNING, 'cloudroutes: monitor ' .. id .. ' has no valid interval, retrying in a minute')
    redis.call('ZADD', KEYS[1], now + 60000, id)
  else
    local ms = seconds * 1000
    -- The offset is the fractional part of id times the golden ratio, scaled to the interval: monitors created one
    -- after another (consecutive ids) fall evenly across the whole interval. (id * 1000003 % ms, before, put them 3 ms
    -- apart for every interval dividing 1000 s, so 1,000 monitors of 10 s were all checked within the same 3 s.)
    local offset = math.floor(((tonumber(id) * 0.6180339887498949) % 1) * ms)
    local next_due = offset + (math.floor((now + ms / 2 - offset) / ms) + 1) * ms
    redis.call('ZADD', KEYS[1], next_due, id)
    table.insert(claimed, id)
    -- returned as a number so that Redis answers with an integer, not Lua's 1.7e+12 notation
    table.insert(claimed, tonumber(due[i + 1]))
    table.insert(claimed, fields[2] or '')
  end
end
table.insert(claimed, now)
local first = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
table.insert(claimed, first[2] and tonumber(first[2]) or -1)
return claimed
