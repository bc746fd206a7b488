-- Applies an Alertmanager notification to the alerts firing for a monitor and appends one result for the monitor:
-- FAILED while any alert is firing, HEALTHY when none is.
-- KEYS[1] hash of firing alerts (fingerprint -> {"n": name, "s": summary, "l": {label: value}, "t": last seen, s}),
-- KEYS[2] results stream
-- ARGV[1] stream field, ARGV[2] the HEALTHY result JSON, ARGV[3] and ARGV[4] the FAILED result JSON before and after
-- its reason string, ARGV[5] how many firing alerts the reason lists, ARGV[6] how many labels it shows per alert,
-- ARGV[7] seconds after which an alert no notification repeated is forgotten, ARGV[8] most alerts kept,
-- then per alert: fingerprint, status, stored JSON (empty when resolved).
-- Returns {status, firing count, reason}.
-- Times are Redis's own (TIME), so that every crweb agrees on an alert's age.
local now = tonumber(redis.call('TIME')[1])
local function seen_now(value)
  local ok, alert = pcall(cjson.decode, value)
  if ok and type(alert) == 'table' then
    alert.t = now
    return cjson.encode(alert)
  end
  return value
end
for i = 9, #ARGV, 3 do
  if ARGV[i + 1] == 'firing' then
    redis.call('HSET', KEYS[1], ARGV[i], seen_now(ARGV[i + 2]))
  else
    redis.call('HDEL', KEYS[1], ARGV[i])
  end
end

-- Bounded: Alertmanager repeats every firing alert of a group at least every repeat_interval, so an alert no
-- notification named for longer than ARGV[7] lost its 'resolved' on the way; past ARGV[8] alerts the longest unseen go.
local entries = redis.call('HGETALL', KEYS[1])
local kept = {}
for j = 1, #entries, 2 do
  local ok, alert = pcall(cjson.decode, entries[j + 1])
  local at = ok and type(alert) == 'table' and tonumber(alert.t) or nil
  if at == nil then
    -- kept before alerts carried the time they were seen: its age counts from now
    redis.call('HSET', KEYS[1], entries[j], seen_now(entries[j + 1]))
    at = now
  end
  if now - at > tonumber(ARGV[7]) then
    redis.call('HDEL', KEYS[1], entries[j])
  else
    table.insert(kept, {entries[j], at})
  end
end
local most = tonumber(ARGV[8])
if #kept > most then
  table.sort(kept, function(a, b)
    if a[2] ~= b[2] then return a[2] < b[2] end
    return a[1] < b[1]
  end)
  for j = 1, #kept - most do
    redis.call('HDEL', KEYS[1], kept[j][1])
  end
end
local stored = redis.call('HVALS', KEYS[1])
if #stored == 0 then
  redis.call('XADD', KEYS[2], '*', ARGV[1], ARGV[2])
  return {'HEALTHY', 0, ''}
end

-- Decode; an entry kept before labels were stored is its description as it was.
local alerts = {}
local byName = {}
for _, value in ipairs(stored) do
  local ok, alert = pcall(cjson.decode, value)
  if ok and type(alert) == 'table' and type(alert.n) == 'string' then
    if type(alert.l) ~= 'table' then alert.l = {} end
    if type(alert.s) ~= 'string' then alert.s = '' end
    byName[alert.n] = byName[alert.n] or {}
    table.insert(byName[alert.n], alert)
  else
    alert = {text = value}
  end
  table.insert(alerts, alert)
end

-- The labels whose values differ between firing alerts of the same name, instance and job first; for an alert
-- alone under its name, its instance or else its job.
local function distinguishing(group, limit)
  local keys, seen = {}, {}
  for _, alert in ipairs(group) do
    for key, _ in pairs(alert.l) do
      if not seen[key] then seen[key] = true; table.insert(keys, key) end
    end
  end
  local differing = {}
  for _, key in ipairs(keys) do
    local first = group[1].l[key]
    for _, alert in ipairs(group) do
      if alert.l[key] ~= first then table.insert(differing, key); break end
    end
  end
  local rank = function(key) return key == 'instance' and 0 or (key == 'job' and 1 or 2) end
  table.sort(differing, function(a, b)
    if rank(a) ~= rank(b) then return rank(a) < rank(b) end
    return a < b
  end)
  if #group == 1 then
    if group[1].l.instance then return {'instance'} end
    if group[1].l.job then return {'job'} end
    return {}
  end
  local shown = {}
  for i = 1, math.min(#differing, limit) do shown[i] = differing[i] end
  return shown
end

local shownKeys = {}
for name, group in pairs(byName) do
  shownKeys[name] = distinguishing(group, tonumber(ARGV[6]))
end

local descriptions = {}
for _, alert in ipairs(alerts) do
  local text = alert.text
  if not text then
    text = alert.n
    local pairsShown = {}
    for _, key in ipairs(shownKeys[alert.n]) do
      if alert.l[key] then table.insert(pairsShown, key .. '=' .. alert.l[key]) end
    end
    if #pairsShown > 0 then text = text .. ' (' .. table.concat(pairsShown, ', ') .. ')' end
    if alert.s ~= '' then text = text .. ': ' .. alert.s end
  end
  table.insert(descriptions, text)
end
table.sort(descriptions)
local listed = {}
for i = 1, math.min(#descriptions, tonumber(ARGV[5])) do
  listed[#listed + 1] = descriptions[i]
end
local reason = #descriptions .. (#descriptions == 1 and ' alert' or ' alerts') .. ' firing: ' .. table.concat(listed, '; ')
if #descriptions > #listed then
  reason = reason .. '; and ' .. (#descriptions - #listed) .. ' more'
end
redis.call('XADD', KEYS[2], '*', ARGV[1], ARGV[3] .. cjson.encode(reason) .. ARGV[4])
return {'FAILED', #descriptions, reason}
