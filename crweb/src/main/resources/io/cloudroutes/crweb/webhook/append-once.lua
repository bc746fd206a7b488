-- Appends a webhook result unless its delivery was appended before, atomically with remembering the delivery.
-- KEYS[1] delivery marker (cr:delivery:{monitorId}:{deliveryId}), KEYS[2] results stream
-- ARGV[1] seconds to remember the delivery, ARGV[2] stream field, ARGV[3] CheckResult JSON
-- Returns 1 when appended, 0 for a delivery seen before.
if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then
  return 0
end
local added = redis.pcall('XADD', KEYS[2], '*', ARGV[2], ARGV[3])
if type(added) == 'table' and added.err then
  -- Nothing was appended: forget the delivery so that the sender's retry is appended, not taken for a duplicate.
  redis.call('DEL', KEYS[1])
  return redis.error_reply(added.err)
end
return 1
