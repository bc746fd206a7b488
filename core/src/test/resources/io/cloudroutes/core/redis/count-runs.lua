-- RedisScriptTest's script: counts its runs as the score of member ARGV[1] in KEYS[1] (with ZADD INCR, which the
-- control's Redis user may run), and answers {the count, ARGV[2]}.
local runs = redis.call('ZADD', KEYS[1], 'INCR', 1, ARGV[1])
return {tonumber(runs), ARGV[2]}
