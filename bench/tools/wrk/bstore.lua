-- wrk script for bench/run. Configured by environment variables:
--   BENCH_METHOD (GET), BENCH_PATH, BENCH_TOKEN (adds "Authorization: Bearer ..."), BENCH_BODY (JSON body),
--   BENCH_ALTERNATE=1: alternate the body between {"quantity":1} and {"quantity":2} (so that every cart PUT writes),
--   BENCH_MIX=1: cycle through the four benchmarked requests instead (needs BENCH_PRODUCT and BENCH_TOKEN),
--   BENCH_MAX_REQUESTS: stop each thread after this many responses (use -t1 for an exact total),
--   BENCH_SERVER_TIMING=1: also report percentiles of the answers' Server-Timing "app" and "dynamodb" durations
--     (the API sends them with BStore__Diagnostics__CountDynamoDbCalls=true).
-- done() prints one line "BENCH_JSON {...}" with req/s, latency percentiles (ms) and error counts.
local method = os.getenv("BENCH_METHOD") or "GET"
local path = os.getenv("BENCH_PATH") or "/"
local token = os.getenv("BENCH_TOKEN")
local body = os.getenv("BENCH_BODY")
local mix = os.getenv("BENCH_MIX") == "1"
local alternate = os.getenv("BENCH_ALTERNATE") == "1"
local product = os.getenv("BENCH_PRODUCT") or ""
local max_requests = tonumber(os.getenv("BENCH_MAX_REQUESTS") or "0")
local server_timing = os.getenv("BENCH_SERVER_TIMING") == "1"

local headers = {}
if token and token ~= "" then headers["Authorization"] = "Bearer " .. token end
if body and body ~= "" then headers["Content-Type"] = "application/json" end

local threads = {}
-- per thread: the Server-Timing durations seen, as "app dynamodb;" pairs (a string crosses from a thread to done())
timings = ""

function setup(thread)
  table.insert(threads, thread)
end

local mixed = {}
local next_index = 1
local responses = 0

function init(args)
  if mix then
    local auth = { ["Authorization"] = "Bearer " .. (token or "") }
    local put = { ["Authorization"] = "Bearer " .. (token or ""), ["Content-Type"] = "application/json" }
    mixed = {
      wrk.format("GET", "/api/products", {}, nil),
      wrk.format("GET", "/api/products/" .. product, {}, nil),
      wrk.format("GET", "/api/cart", auth, nil),
      wrk.format("PUT", "/api/cart/items/" .. product, put, '{"quantity":2}'),
    }
  elseif alternate then
    mixed = { wrk.format(method, path, headers, '{"quantity":1}'), wrk.format(method, path, headers, '{"quantity":2}') }
  else
    mixed = { wrk.format(method, path, headers, body) }
  end
end

function request()
  local r = mixed[next_index]
  next_index = next_index % #mixed + 1
  return r
end

function response(status, hdrs, b)
  responses = responses + 1
  if server_timing then
    local header = hdrs["Server-Timing"] or hdrs["server-timing"] or ""
    local app = header:match("app;dur=([%d%.]+)")
    local dynamodb = header:match("dynamodb;dur=([%d%.]+)")
    if app and dynamodb then timings = timings .. app .. " " .. dynamodb .. ";" end
  end
  if max_requests > 0 and responses >= max_requests then
    wrk.thread:stop()
  end
end

local function percentile(sorted, p)
  if #sorted == 0 then return -1 end
  return sorted[math.max(1, math.ceil(#sorted * p / 100))]
end

-- ',"app_p50_ms":..,"app_p99_ms":..,"dynamodb_p50_ms":..,"timed":n' from every thread's Server-Timing durations
local function server_timing_json()
  local apps, dynamo = {}, {}
  for _, thread in ipairs(threads) do
    for app, dynamodb in string.gmatch(thread:get("timings") or "", "([%d%.]+) ([%d%.]+);") do
      table.insert(apps, tonumber(app))
      table.insert(dynamo, tonumber(dynamodb))
    end
  end
  table.sort(apps)
  table.sort(dynamo)
  return string.format(',"app_p50_ms":%.3f,"app_p90_ms":%.3f,"app_p99_ms":%.3f,"dynamodb_p50_ms":%.3f,"dynamodb_p99_ms":%.3f,"timed":%d',
    percentile(apps, 50), percentile(apps, 90), percentile(apps, 99), percentile(dynamo, 50), percentile(dynamo, 99), #apps)
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"seconds":%.3f,"rps":%.1f,"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}%s}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.connect, e.read, e.write, e.status, e.timeout, server_timing and server_timing_json() or ""))
end
