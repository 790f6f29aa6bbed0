-- wrk script: every request POSTs the same picture as a multipart image query to /api/search.
--   IMAGE=query.jpg wrk -t1 -c1 -d20s --latency -s bench/wrk/image.lua http://127.0.0.1:8098
-- K (default 20) is the page size, as the page asks.
local path = os.getenv("IMAGE") or error("set IMAGE to the picture to send")
local f = assert(io.open(path, "rb"))
local bytes = f:read("*all")
f:close()
local boundary = "mmsearchwrkboundary"
wrk.method = "POST"
wrk.path = "/api/search?k=" .. (os.getenv("K") or "20")
wrk.headers["Content-Type"] = "multipart/form-data; boundary=" .. boundary
wrk.body = "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"q.jpg\"\r\n"
  .. "Content-Type: image/jpeg\r\n\r\n" .. bytes .. "\r\n--" .. boundary .. "--\r\n"

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("status " .. status .. ": " .. body:sub(1, 200) .. "\n")
  end
end
