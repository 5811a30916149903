-- wrk script of outside-single-post.sh: every request posts one new day-level value of Kalmar (its own units and
-- indicators, as config/kommuner/0880-kalmar holds them). Thread i posts indicator i; a key never repeats within a
-- run, and OFFSET (an environment variable) moves runs apart so that each posts new keys. The units are every unit
-- of Kalmar's organisation that exists from 2016-01-01 on and has not closed, so that each day since then has a key
-- for each of them.
local units = {"myndighet-barn-och-unga", "familjehemsenheten", "familjeratten", "oppenvard-barn-och-familj",
  "vo-barn-och-familj", "tillstandsenheten", "verksamhetsutveckling", "lednings-och-stodfunktioner",
  "socialforvaltningen", "faltverksamheten", "korttidsvistelse-barn", "mobila-teamet-lss-barn", "vo-vuxen",
  "mottagning-vuxen", "ekonomiskt-bistand", "missbruk-och-beroende", "atv", "boendestod-socialpsykiatri",
  "boende-sol-socialpsykiatri", "vo-funktionsstod-vuxen", "myndighet-funktionsstod-vuxen", "daglig-verksamhet",
  "gruppbostader-lss", "servicebostader-lss", "personlig-assistans"}
local indicators = {"forhandsbedomningar-over-14-dagar", "utredningar-over-fyra-manader"}
local counter = 1
local first_day = os.time({year = 2016, month = 1, day = 1, hour = 12})

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  n = 0
  failed = 0
  offset = tonumber(os.getenv("OFFSET") or "0")
  wrk.method = "POST"
  wrk.headers["Authorization"] = "Bearer " .. (os.getenv("KEY") or "dev-indikatorvakt-local-key")
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  local k = n + offset
  n = n + 1
  local day = first_day + math.floor(k / #units) * 86400
  local body = string.format('{"indicator":"%s","orgUnit":"%s","period":"%s","value":%d}',
    indicators[(id - 1) % #indicators + 1], units[k % #units + 1], os.date("!%Y-%m-%d", day), k % 23)
  return wrk.format(nil, "/api/v1/measurements", nil, body)
end

function response(status, headers, body)
  if status ~= 201 then
    failed = failed + 1
    if failed <= 3 then
      io.stderr:write("answered " .. status .. ": " .. body:sub(1, 300) .. "\n")
    end
  end
end
