-- One kind of request for wrk, described by the environment (set by benchmarks/http_load.py):
--   WRK_METHOD  GET or POST
--   WRK_COOKIE  the Cookie header, if any
--   WRK_BODIES  form bodies separated by newlines, sent in turn (so a save really changes the answers)
--   WRK_EXPECT  the one status every response must have; any other is counted and reported by done()
local method = os.getenv("WRK_METHOD") or "GET"
local cookie = os.getenv("WRK_COOKIE")
local expect = tonumber(os.getenv("WRK_EXPECT") or "200")
local bodies = {}
for body in string.gmatch(os.getenv("WRK_BODIES") or "", "[^\n]+") do
  table.insert(bodies, body)
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  unexpected = 0
  sent = 0
end

function request()
  local headers = {}
  local body = nil
  if cookie and cookie ~= "" then
    headers["Cookie"] = cookie
  end
  if #bodies > 0 then
    sent = sent + 1
    body = bodies[(sent % #bodies) + 1]
    headers["Content-Type"] = "application/x-www-form-urlencoded"
  end
  return wrk.format(method, nil, headers, body)
end

function response(status, headers, body)
  if status ~= expect then
    unexpected = unexpected + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("unexpected")
  end
  io.write(string.format("unexpected statuses: %d\n", total))
end
