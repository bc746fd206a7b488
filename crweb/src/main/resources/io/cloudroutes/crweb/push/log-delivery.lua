-- Adds a delivery to a monitor's delivery log, keeping only the latest (DeliveryLog).
-- KEYS[1] the log (cr:deliveries:{monitorId} or cr:deliveries:refused:{monitorId})
-- ARGV[1] the delivery's JSON, ARGV[2] how many deliveries the log keeps, ARGV[3] the log's TTL (s)
-- Returns OK.
redis.call('LPUSH', KEYS[1], ARGV[1])
redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[2]) - 1)
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 'OK'
