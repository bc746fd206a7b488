-- Applies an Alertmanager notification to the alerts firing for a monitor and appends one result for the monitor:
-- FAILED while any alert is firing, HEALTHY when none is.
-- KEYS[1] hash of firing alerts (fingerprint -> description), KEYS[2] results stream
-- ARGV[1] stream field, ARGV[2] the HEALTHY result JSON, ARGV[3] and ARGV[4] the FAILED result JSON before and after
-- its reason string, ARGV[5] how many firing alerts the reason lists, then per alert: fingerprint, status, description.
-- Returns {status, firing count, reason}.
for i = 6, #ARGV, 3 do
  if ARGV[i + 1] == 'firing' then
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 2])
  else
    redis.call('HDEL', KEYS[1], ARGV[i])
  end
end
local firing = redis.call('HVALS', KEYS[1])
if #firing == 0 then
  redis.call('XADD', KEYS[2], '*', ARGV[1], ARGV[2])
  return {'HEALTHY', 0, ''}
end
table.sort(firing)
local listed = {}
for i = 1, math.min(#firing, tonumber(ARGV[5])) do
  listed[#listed + 1] = firing[i]
end
local reason = #firing .. (#firing == 1 and ' alert' or ' alerts') .. ' firing: ' .. table.concat(listed, '; ')
if #firing > #listed then
  reason = reason .. '; and ' .. (#firing - #listed) .. ' more'
end
redis.call('XADD', KEYS[2], '*', ARGV[1], ARGV[3] .. cjson.encode(reason) .. ARGV[4])
return {'FAILED', #firing, reason}
