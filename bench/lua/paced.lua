-- wrk script: each connection waits DELAY_MS before each request (the first script argument), so the offered load
-- is about connections × 1000 / (DELAY_MS + latency) requests per second. bench/run uses it for "half of the
-- maximum load". wrk measures latency from the moment a request is written, so the wait is not counted.
local pause = 0

function init(args)
  pause = tonumber(args[1]) or 0
end

function delay()
  return pause
end
