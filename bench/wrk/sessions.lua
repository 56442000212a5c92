-- wrk script: each request carries one of the sessions prepared beforehand (round robin), and
-- for a POST the form body with that session's CSRF token. Every response whose status is not in
-- WRK_EXPECT is counted and reported by done(): wrk itself only counts statuses >= 400.
--
-- Each wrk thread cycles through a share of the sessions of its own (session i goes to thread
-- i mod WRK_THREADS), so two threads never send the same respondent's requests at once: one
-- respondent does not save the same page twice at the same moment.
--
-- Environment: WRK_SESSIONS  file of lines "cookie<TAB>urlencoded body" (body empty for a GET)
--              WRK_THREADS   wrk's -t (how many shares; default 1)
--              WRK_METHOD    GET (default) or POST
--              WRK_EXPECT    accepted statuses, e.g. "200" (default) or "302,303"

local method = os.getenv("WRK_METHOD") or "GET"
local expected = {}
for code in string.gmatch(os.getenv("WRK_EXPECT") or "200", "%d+") do
  expected[tonumber(code)] = true
end

local sessions = {}
local path = os.getenv("WRK_SESSIONS")
if path and path ~= "" then
  for line in io.lines(path) do
    local cookie, body = line:match("^([^\t]*)\t?(.*)$")
    sessions[#sessions + 1] = { cookie = cookie, body = body }
  end
end

local threads = {}
local shares = tonumber(os.getenv("WRK_THREADS") or "1")
local per_share = math.max(1, math.floor(#sessions / shares))

function setup(thread)
  threads[#threads + 1] = thread
  thread:set("share", (#threads - 1) % shares)
end

function init(args)
  counter = 0
  unexpected = 0
  statuses = ""
end

function request()
  if #sessions == 0 then
    return wrk.format(method, wrk.path)
  end
  counter = counter + 1
  local session = sessions[(counter % per_share) * shares + share + 1]
  local headers = { Cookie = session.cookie }
  local body = nil
  if method == "POST" then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    body = session.body
  end
  return wrk.format(method, wrk.path, headers, body)
end

function response(status, headers, body)
  if not expected[status] then
    unexpected = unexpected + 1
    if #statuses < 60 then
      statuses = statuses .. status .. " "
    end
  end
end

function done(summary, latency, requests)
  local total = 0
  local seen = ""
  for _, thread in ipairs(threads) do
    total = total + thread:get("unexpected")
    seen = seen .. thread:get("statuses")
  end
  io.write(string.format("unexpected_status %d %s\n", total, seen))
end
