-- Gives a monitor whose live state Redis lost the status of its last transition in PostgreSQL (StateSeeder), unless
-- the actioner has written a state meanwhile: a folded result knows better than PostgreSQL.
-- KEYS[1] the monitor's state hash
-- ARGV[1] status, 2 the status its episode came from, 3 since (epoch ms), 4 heldFor, 5 reason, 6 zone ('' for none),
-- 7 the episode ('' when the transition was recorded without one)
-- Returns 1 when seeded, 0 when the monitor has a state.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('HSET', KEYS[1], 'status', ARGV[1], 'episodeFrom', ARGV[2], 'since', ARGV[3], 'heldFor', ARGV[4],
  'reason', ARGV[5], 'zone', ARGV[6])
if ARGV[7] ~= '' then
  redis.call('HSET', KEYS[1], 'episode', ARGV[7])
end
return 1
