-- The fields named in ARGV (by RedisKeys.StateField: the status, the time it began, whether it flaps) of each monitor
-- state hash in KEYS: as many replies per key as fields, in order, each nil where the field is missing. One script
-- answers many keys in one round trip.
local replies = {}
local n = #ARGV
for i, key in ipairs(KEYS) do
  local fields = redis.call('HMGET', key, unpack(ARGV))
  for j = 1, n do
    replies[n * (i - 1) + j] = fields[j]
  end
end
return replies
