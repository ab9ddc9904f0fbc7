-- wrk script for bench/tracker_load.py: every request is a new attempt, except one in ten, which repeats an
-- earlier one exactly, as a browser retrying after a lost answer would. Counts answers other than 201.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
  now = os.date("!%Y-%m-%dT%H:%M:%SZ")
  ids, distinct, sent, bad = {}, 0, 0, 0
  run = math.random(0, 0xfff)  -- a tag per run, so that runs against one tracker do not reuse ids
end

local function uuid(n)
  return string.format("00000000-0000-4%03x-8000-%012d", run, n)
end

request = function()
  sent = sent + 1
  local body
  if distinct > 0 and math.random(10) == 1 then
    body = ids[math.random(distinct)]  -- the very same attempt again
  else
    distinct = distinct + 1
    body = '{"attempt_id":"' .. uuid(distinct) .. '","module":"test-modul","version":"1.2","answers":{"samtykke-kven":["a"],' ..
      '"melding-kven":["a","b"],"case-a-melde":["a"],"case-a-sant":["usant"]},"finished_at":"' .. now ..
      '","learner":{"employee":"' .. (distinct % 5000) .. '","name":"Person ' .. distinct .. '","unit":"Eining ' .. (distinct % 40) .. '"}}'
    ids[distinct] = body
  end
  return wrk.format("POST", "/api/v1/attempts", {["Content-Type"] = "application/json"}, body)
end

response = function(status)
  if status ~= 201 then bad = bad + 1 end
end

function done(summary, latency, requests)
  local distinct_total, sent_total, bad_total = 0, 0, 0
  for _, thread in ipairs(threads) do
    distinct_total = distinct_total + thread:get("distinct")
    sent_total = sent_total + thread:get("sent")
    bad_total = bad_total + thread:get("bad")
  end
  io.write(string.format("RESULT distinct=%d sent=%d not201=%d\n", distinct_total, sent_total, bad_total))
end
