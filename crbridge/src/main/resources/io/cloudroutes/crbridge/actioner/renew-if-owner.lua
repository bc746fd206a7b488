-- Renews a lease only while its owner still holds it (the decision ledger's drainer).
-- KEYS[1] the lease, ARGV[1] its owner, ARGV[2] its new length (ms)
-- Returns 1 when renewed, 0 when the lease is another's or gone.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
