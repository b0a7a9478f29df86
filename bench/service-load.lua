-- wrk script for bench/service-load.sh: GET /v1/users/{id}/recommendations rotating over the
-- benchmark's users; with WRITE_EVERY = n > 0, every n-th request of a thread instead POSTs one
-- rating for a random user (invalidating that user's cached adaptation). Prints one JSON object.
-- Environment: USERS_FILE (one user id a line), ITEMS_FILE (item ids to rate), K, WRITE_EVERY, API_KEY.

local users, items = {}, {}
local function read_lines(path, into)
  for line in io.lines(path) do
    if line ~= "" then into[#into + 1] = line end
  end
end

local threads = {}
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_index", thread_count)
  threads[#threads + 1] = thread
end

local counter, k, write_every, api_key
writes = 0 -- global: done() reads it from each thread with thread:get

function init(args)
  read_lines(os.getenv("USERS_FILE"), users)
  read_lines(os.getenv("ITEMS_FILE"), items)
  k = os.getenv("K") or "10"
  write_every = tonumber(os.getenv("WRITE_EVERY") or "0")
  api_key = os.getenv("API_KEY") or ""
  -- threads start at different users so they do not walk the same users in step
  counter = math.floor((thread_index - 1) * #users / 2)
  writes = 0
  math.randomseed(7919 * thread_index)
end

function request()
  counter = counter + 1
  if write_every > 0 and counter % write_every == 0 then
    -- a random user (not the rotation's next one, whose slots could line up with the write slots)
    writes = writes + 1
    local user = users[math.random(#users)]
    local item = items[math.random(#items)]
    local body = string.format('{"ratings":[{"item":"%s","rating":%d}]}', item, math.random(5))
    return wrk.format("POST", "/v1/users/" .. user .. "/ratings",
      { ["Content-Type"] = "application/json", ["X-API-Key"] = api_key }, body)
  end
  local user = users[(counter % #users) + 1]
  return wrk.format("GET", "/v1/users/" .. user .. "/recommendations?k=" .. k)
end

function done(summary, latency, requests)
  local total_writes = 0
  for _, thread in ipairs(threads) do
    total_writes = total_writes + (thread:get("writes") or 0)
  end
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    '{"requests":%d,"writes":%d,"duration_s":%.3f,"requests_per_s":%.1f,'
      .. '"latency_ms":{"mean":%.3f,"p50":%.3f,"p90":%.3f,"p99":%.3f,"p999":%.3f,"max":%.3f},'
      .. '"errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d,"non_2xx":%d}}\n',
    summary.requests, total_writes, seconds, summary.requests / seconds,
    latency.mean / 1e3, latency:percentile(50) / 1e3, latency:percentile(90) / 1e3,
    latency:percentile(99) / 1e3, latency:percentile(99.9) / 1e3, latency.max / 1e3,
    e.connect, e.read, e.write, e.timeout, e.status))
end
