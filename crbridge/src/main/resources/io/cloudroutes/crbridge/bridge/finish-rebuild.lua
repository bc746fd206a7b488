-- Ends a rebuild of Redis from PostgreSQL (Rebuilder): writes the epoch only if the rebuild's guard is still there,
-- that is if Redis did not lose its data while the rebuild ran, and removes the guard.
-- KEYS[1] the rebuild's guard, KEYS[2] the epoch
-- ARGV[1] the epoch's value (epoch ms)
-- Returns 1 when the epoch was written, 0 when the guard was gone (the loss watch rebuilds again).
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
redis.call('DEL', KEYS[1])
redis.call('SET', KEYS[2], ARGV[1])
return 1
