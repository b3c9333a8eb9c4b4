-- wrk script of bench/load.py: requests read from a file, one per line (method, path, cookie, body; tab-separated).
-- Each wrk thread takes every Nth line. Mode "cycle" repeats the lines; mode "once" sends each line once and
-- then stops the thread (quiz submissions: an attempt is submitted only once).
-- Usage: wrk ... -s requests.lua URL -- FILE THREADS cycle|once
local threads, counter = {}, 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

-- The sum over the threads of a global counter of theirs.
function total(name)
  local sum = 0
  for _, thread in ipairs(threads) do sum = sum + (thread:get(name) or 0) end
  return sum
end

-- One line "JSON {...}": wrk's summary and latency percentiles (microseconds), plus the given numeric/string fields.
function report(summary, latency, fields)
  local e = summary.errors
  local out = string.format(
    '"requests":%d,"duration_us":%d,"bytes":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,' ..
    '"p50":%d,"p90":%d,"p95":%d,"p99":%d,"max":%d,"mean":%.1f',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(95), latency:percentile(99),
    latency.max, latency.mean)
  for name, value in pairs(fields) do
    if type(value) == "number" then
      out = out .. string.format(',"%s":%d', name, value)
    else
      out = out .. string.format(',"%s":"%s"', name, (tostring(value):gsub('[\\"]', "'")))
    end
  end
  io.write("JSON {" .. out .. "}\n")
end

local items, n, i, got, once = {}, 0, 0, 0, false
extra = 0

function init(args)
  local nthreads = tonumber(args[2])
  once = args[3] == "once"
  local lines = {}
  for line in io.lines(args[1]) do table.insert(lines, line) end
  for k, line in ipairs(lines) do
    -- every Nth line for this thread; every line when there are fewer lines than threads (never for "once")
    if #lines < nthreads or (k - 1) % nthreads == id - 1 then
      local method, path, cookie, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
      local headers = { ["User-Agent"] = "cai-bench-load" }
      if cookie ~= "" then headers["Cookie"] = cookie end
      if method == "POST" then headers["Content-Type"] = "application/x-www-form-urlencoded" end
      n = n + 1
      items[n] = wrk.format(method, path, headers, body ~= "" and body or nil)
    end
  end
  if not once then response = nil end  -- wrk then skips handing bodies to Lua
end

function request()
  i = i + 1
  if i > n then
    if once then
      extra = extra + 1
      return items[n]
    end
    i = 1
  end
  return items[i]
end

function response(status, headers, body)
  got = got + 1
  if once and got >= n then wrk.thread:stop() end
end

function done(summary, latency, requests)
  report(summary, latency, { extra = total("extra") })
end
