-- Appends a ping's result and remembers the time of the ping in one step: the actioner reads the time to tell a ping
-- it has not folded yet from a missed one.
-- KEYS[1] results stream, KEYS[2] last ping time of the monitor (cr:heartbeat:ping:{monitorId})
-- ARGV[1] stream field, ARGV[2] CheckResult JSON, ARGV[3] time of the ping (epoch ms), ARGV[4] seconds to keep it
redis.call('XADD', KEYS[1], '*', ARGV[1], ARGV[2])
redis.call('SET', KEYS[2], ARGV[3], 'EX', ARGV[4])
return 'OK'
