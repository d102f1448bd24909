package redisbudget

import "github.com/redis/go-redis/v9"

// The two scripts share three keys per API key and bucket:
//
//	KEYS[1] log    a sorted set: one member per send in the window, scored
//	               by the time (µs, Redis's clock) the server is taken to
//	               have counted it; a send in flight is scored at its permit
//	               time plus the lease, so that it keeps its slot
//	KEYS[2] hold   until when (µs) a 429 or a server's advice holds the bucket
//	KEYS[3] floor  after a 429: no send leaves the window before floor+span
//
// A member is "<permit time µs>:<nonce>", so that Done can put a send that
// got no answer back at its permit time. Every write sets an expiry.

// reserveScript takes a permit, or says how long to wait.
//
// ARGV: limit (0: unlimited), span µs (W+J), lease µs, log expiry ms, nonce.
// Returns {granted 0|1, wait µs, held 0|1, member}.
var reserveScript = redis.NewScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local hold = tonumber(redis.call('GET', KEYS[2]) or '0')
if hold > now then
  return {0, hold - now, 1, ''}
end
local limit = tonumber(ARGV[1])
if limit == 0 then
  return {1, 0, 0, ''}
end
local span = tonumber(ARGV[2])
local floor = tonumber(redis.call('GET', KEYS[3]) or '0')
if now >= floor + span then
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - span)
end
local n = redis.call('ZCARD', KEYS[1])
if n < limit then
  local member = string.format('%.0f', now) .. ':' .. ARGV[5]
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), member)
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
  return {1, 0, 0, member}
end
local first = redis.call('ZRANGE', KEYS[1], n - limit, n - limit, 'WITHSCORES')
local at = tonumber(first[2])
if at > now then
  return {0, math.floor(span / 100), 0, ''}
end
return {0, math.max(at, floor) + span - now, 0, ''}
`)

// doneScript records how a send ended and returns how long the bucket is
// held from now (µs, 0 if it is not).
//
// ARGV: member (” for an unlimited bucket), outcome (ok: a response other
// than 429; limited: a 429; lost: no response), hold µs (0: none), span µs,
// log expiry ms.
var doneScript = redis.NewScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local member, outcome = ARGV[1], ARGV[2]
local holdFor, span = tonumber(ARGV[3]), tonumber(ARGV[4])
if member ~= '' then
  local at = now
  if outcome ~= 'ok' then
    at = tonumber(string.match(member, '^(%d+):'))
  end
  redis.call('ZADD', KEYS[1], at, member)
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
end
if holdFor > 0 then
  local untilT = now + holdFor
  local ttl = math.ceil(holdFor / 1000) + 1
  if untilT > tonumber(redis.call('GET', KEYS[2]) or '0') then
    redis.call('SET', KEYS[2], string.format('%.0f', untilT), 'PX', ttl)
  end
  if outcome == 'limited' and untilT - span > tonumber(redis.call('GET', KEYS[3]) or '0') then
    redis.call('SET', KEYS[3], string.format('%.0f', untilT - span), 'PX', ttl)
  end
end
local hold = tonumber(redis.call('GET', KEYS[2]) or '0')
if hold > now then
  return hold - now
end
return 0
`)
