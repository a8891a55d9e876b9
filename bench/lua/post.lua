-- wrk script: POST the JSON body read from the file named by the first script argument (bench/run's licence
-- requests). wrk.init calls init before it formats the request, so every request carries this body.
function init(args)
  local file = assert(io.open(args[1], "rb"))
  wrk.method = "POST"
  wrk.body = file:read("*a")
  file:close()
  wrk.headers["Content-Type"] = "application/json"
end
