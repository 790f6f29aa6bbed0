-- wrk script: GET /api/search?q=<line> rotating over the lines of QUERIES (one query per line).
--   QUERIES=captions.txt wrk -t1 -c2 -d20s --latency -s bench/wrk/text.lua http://127.0.0.1:8098
local path = os.getenv("QUERIES") or error("set QUERIES to a file of queries, one per line")
local queries = {}
for line in io.lines(path) do
  if #line > 0 then queries[#queries + 1] = line end
end
local next = 0

local function escape(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function request()
  next = next % #queries + 1
  return wrk.format("GET", "/api/search?k=" .. (os.getenv("K") or "20") .. "&q=" .. escape(queries[next]))
end

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("status " .. status .. ": " .. body:sub(1, 200) .. "\n")
  end
end
