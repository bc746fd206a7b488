-- Takes one use of a sliding-window rate limit if the window has room, atomically (RateWindow).
-- KEYS[1] the window: sorted set of uses scored by when (epoch ms), with a TTL of the window
-- ARGV[1] now (epoch ms), ARGV[2] window (ms), ARGV[3] limit (uses per window), ARGV[4] the use's member (unique)
-- Returns {1, 0} when taken, {0, ms until a use frees} when the window is full.
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[3]) then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], window)
  return {1, 0}
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {0, tonumber(oldest[2]) + window - now}
