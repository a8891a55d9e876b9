-- wrk script: before each request a connection waits a random time between 0 and 2 × MEAN_MS (the first script
-- argument), so the offered load is about connections × 1000 / (MEAN_MS + latency) requests per second, arriving
-- spread out rather than in step (the first requests too: wrk also delays a connection's first request). bench/run
-- uses it for "half of the maximum load". wrk times a request from the moment it is written, so the wait is not
-- latency.
local mean = 0

function init(args)
  mean = tonumber(args[1]) or 0
end

function delay()
  return math.random(0, 2 * mean)
end
