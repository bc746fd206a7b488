-- Replaces a log-in throttle state only if it is still the one read before (RedisThrottleStore's compare-and-set).
-- KEYS[1] the state (cr:throttle:{kind}:{subject})
-- ARGV[1] the state read before ('' when there was none), ARGV[2] the new state, ARGV[3] how long to keep it (ms)
-- Returns 1 when replaced, 0 when it changed meanwhile.
if (redis.call('GET', KEYS[1]) or '') ~= ARGV[1] then
  return 0
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1
