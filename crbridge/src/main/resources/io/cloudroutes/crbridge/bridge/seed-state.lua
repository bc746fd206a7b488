-- Gives a monitor whose live state Redis lost the status of its last transition in PostgreSQL, so that the next result
-- continues that episode instead of starting one from UNKNOWN. Never overwrites a state the actioner has written.
-- KEYS[1] = state hash; ARGV: 1 status, 2 episodeFrom, 3 since (ms), 4 heldFor, 5 reason, 6 zone.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('HSET', KEYS[1], 'status', ARGV[1], 'episodeFrom', ARGV[2], 'since', ARGV[3], 'heldFor', ARGV[4],
  'reason', ARGV[5], 'zone', ARGV[6])
return 1
