-- Two fields of each monitor state hash in KEYS (ARGV[1], ARGV[2]: the status and the time it began, named by
-- RedisKeys.StateField): two replies per key, in order, each nil where the field is missing. One script answers many
-- keys in one round trip.
local replies = {}
for i, key in ipairs(KEYS) do
  local fields = redis.call('HMGET', key, ARGV[1], ARGV[2])
  replies[2 * i - 1] = fields[1]
  replies[2 * i] = fields[2]
end
return replies
