-- Takes the members of a sorted set that are due by Redis' clock: removes them and returns them, atomically, so that
-- of several callers each member is taken by one. The heartbeat watch takes the monitors whose ping deadline passed.
-- KEYS[1] the sorted set, scored by when each member is due (epoch ms)
-- ARGV[1] the most members taken at once
-- "Now" is Redis' own clock (TIME), never the caller's: callers whose clocks disagree still agree on what is due.
-- Returns Redis' now (ms), then each member taken with its score, the longest overdue first.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'WITHSCORES', 'LIMIT', 0, ARGV[1])
for i = 1, #due, 2 do
  redis.call('ZREM', KEYS[1], due[i])
end
table.insert(due, 1, now)
return due
