-- Releases a lease only while its owner still holds it (the decision ledger's drainer).
-- KEYS[1] the lease, ARGV[1] its owner
-- Returns 1 when released, 0 when the lease is another's or gone.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
