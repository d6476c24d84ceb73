-- Drives `archlint lsp` from Neovim's built-in LSP client (headless), as .ci/check-lsp runs it.
-- Asserts, on specs/navlab/development.yaml:
--   1. the diagnostics are exactly `archlint check --format json`'s findings and errors for
--      the file (line, column, code, severity, message);
--   2. definition from the instance's `security_groups: [dev-bastion]` lands on the group's
--      `name:` line;
--   3. hover on the SG001 finding explains the rule;
--   4. the quick fix offered on the ENC001 finding, applied by Neovim, removes that finding
--      and no other (unsaved);
--   5. a misspelt key inserted without saving gives its error on that line.
-- Any mismatch or timeout exits non-zero with a message.

local file = "specs/navlab/development.yaml"
local binary = os.getenv("ARCHLINT_BINARY")
local expected_path = os.getenv("ARCHLINT_EXPECTED")
local wait_ms = 20000

local function fail(message)
  io.stderr:write("check-lsp: " .. message .. "\n")
  vim.cmd("cquit 1")
end

local function say(message)
  io.stdout:write("check-lsp: " .. message .. "\n")
end

-- The last diagnostics the server published for each URI, as it sent them (LSP positions).
local published = {}
local publishes = 0
vim.lsp.handlers["textDocument/publishDiagnostics"] = function(err, result, ctx, config)
  published[result.uri] = result.diagnostics
  publishes = publishes + 1
end

-- Set when the server process ends, so a crash fails at once rather than at a deadline.
server_exited = false
local root = vim.fn.getcwd()
local client_id = vim.lsp.start_client({
  name = "archlint",
  cmd = { binary, "lsp" },
  root_dir = root,
  on_exit = function(code)
    server_exited = true
    if code ~= 0 then io.stderr:write("check-lsp: the server exited with status " .. code .. "\n") end
  end,
})
if not client_id then fail("could not start " .. binary .. " lsp") end

vim.cmd("edit " .. file)
local buffer = vim.api.nvim_get_current_buf()
local uri = vim.uri_from_bufnr(buffer)
vim.lsp.buf_attach_client(buffer, client_id)

local started = vim.loop.hrtime()
if not vim.wait(wait_ms, function() return published[uri] ~= nil or server_exited end, 10) or server_exited then
  fail(server_exited and "the server exited before publishing diagnostics" or ("no diagnostics for " .. file .. " within " .. wait_ms .. " ms"))
end
say(string.format("first diagnostics after %.0f ms (server start included)", (vim.loop.hrtime() - started) / 1e6))

-- archlint's column counts Unicode scalars from 1; LSP's counts UTF-16 units from 0.
local function lsp_character(line, column)
  local text = vim.api.nvim_buf_get_lines(buffer, line - 1, line, false)[1] or ""
  local scalars = vim.str_utfindex(text)
  local byte = vim.str_byteindex(text, math.min(column - 1, scalars))
  local _, utf16 = vim.str_utfindex(text, byte)
  return utf16
end

-- 1. Exactly check's findings and errors for the file.
local report = vim.fn.json_decode(table.concat(vim.fn.readfile(expected_path), "\n"))
local severities = { error = 1, warning = 2, info = 3 }
local want = {}
for _, finding in ipairs(report.findings) do
  if finding.file == file then
    local severity, message = severities[finding.severity], finding.message
    if finding.waived then
      severity, message = 4, message .. " (waived: " .. finding.waiver.reason .. ")"
    end
    table.insert(want, string.format("%d:%d %s %d %s", finding.line - 1, lsp_character(finding.line, finding.column), finding.rule, severity, message))
  end
end
for _, problem in ipairs(report.errors) do
  if problem.file == file then
    table.insert(want, string.format("%d:%d load 1 %s", problem.line - 1, lsp_character(problem.line, problem.column), problem.message))
  end
end
local got = {}
local sg001
for _, diagnostic in ipairs(published[uri]) do
  local start = diagnostic.range.start
  table.insert(got, string.format("%d:%d %s %d %s", start.line, start.character, diagnostic.code, diagnostic.severity, diagnostic.message))
  if diagnostic.code == "SG001" then sg001 = diagnostic end
end
table.sort(want)
table.sort(got)
if #want == 0 then fail("check reports nothing for " .. file .. "; the comparison would prove nothing") end
if table.concat(want, "\n") ~= table.concat(got, "\n") then
  fail("diagnostics differ from archlint check's:\n--- check\n" .. table.concat(want, "\n") .. "\n--- lsp\n" .. table.concat(got, "\n"))
end
say(#got .. " diagnostics, exactly check's")
-- The rule page each diagnostic links to exists (beside the binary, or in the workspace).
local href = sg001 and sg001.codeDescription and sg001.codeDescription.href or ""
if not href:match("/docs/rules/SG001%.md$") or vim.fn.filereadable(vim.uri_to_fname(href)) ~= 1 then
  fail("the SG001 diagnostic does not link to a readable rule page: " .. href)
end
say("SG001 links to " .. href)

local lines = vim.api.nvim_buf_get_lines(buffer, 0, -1, false)

-- 2. Definition from the instance's security group reference.
local reference_line, group_line, in_groups
for index, text in ipairs(lines) do
  if text:match("^security_groups:") then in_groups = true
  elseif text:match("^%S") then in_groups = false end
  if in_groups and not group_line and text:match("^%s*%- name: dev%-bastion%s*$") then group_line = index - 1 end
  if text:match("security_groups: %[dev%-bastion%]") then reference_line = index - 1 end
end
if not reference_line or not group_line then fail(file .. " no longer has the instance's security_groups: [dev-bastion] and the group") end
local reference_text = lines[reference_line + 1]
local character = select(2, vim.str_utfindex(reference_text, reference_text:find("dev%-bastion") + 2))
local responses = vim.lsp.buf_request_sync(buffer, "textDocument/definition", {
  textDocument = { uri = uri }, position = { line = reference_line, character = character },
}, wait_ms)
local answer = responses and responses[client_id] and responses[client_id].result
if answer and answer[1] then answer = answer[1] end
if not answer or not answer.range then fail("no definition for dev-bastion at line " .. (reference_line + 1)) end
if answer.uri ~= uri or answer.range.start.line ~= group_line then
  fail(string.format("definition of dev-bastion is %s line %d, not the group's name line %d", answer.uri, answer.range.start.line + 1, group_line + 1))
end
say("definition of dev-bastion: line " .. (group_line + 1))

-- 3. Hover on the SG001 finding.
if not sg001 then fail("no SG001 diagnostic in " .. file) end
responses = vim.lsp.buf_request_sync(buffer, "textDocument/hover", {
  textDocument = { uri = uri }, position = sg001.range.start,
}, wait_ms)
local hover = responses and responses[client_id] and responses[client_id].result
local text = hover and hover.contents and (hover.contents.value or hover.contents) or ""
if type(text) ~= "string" or not text:find("SG001", 1, true) or not text:find("admin%-port%-open%-to%-world") or not text:find("Fix:", 1, true) then
  fail("hover on the SG001 finding does not explain the rule: " .. vim.inspect(hover))
end
say("hover on SG001 explains the rule")

-- 4. The quick fix on a finding `check --fix` fixes, applied by the editor without saving.
local enc001
for _, diagnostic in ipairs(published[uri]) do
  if diagnostic.code == "ENC001" then enc001 = diagnostic end
end
if not enc001 then fail("no ENC001 diagnostic in " .. file) end
responses = vim.lsp.buf_request_sync(buffer, "textDocument/codeAction", {
  textDocument = { uri = uri }, range = enc001.range, context = { diagnostics = { enc001 } },
}, wait_ms)
local actions = responses and responses[client_id] and responses[client_id].result or {}
local fix
for _, action in ipairs(actions) do
  if action.kind == "quickfix" and action.edit and action.title:find("encrypted: true", 1, true) then fix = action end
end
if not fix then fail("no quick fix for ENC001: " .. vim.inspect(actions)) end
local function summary(diagnostics)
  local list = {}
  for _, diagnostic in ipairs(diagnostics) do table.insert(list, diagnostic.code .. " " .. diagnostic.message) end
  table.sort(list)
  return list
end
local wanted = {}
local removed = false
for _, entry in ipairs(summary(published[uri])) do
  if not removed and entry == "ENC001 " .. enc001.message then removed = true else table.insert(wanted, entry) end
end
local publishes_before_fix = publishes
vim.lsp.util.apply_workspace_edit(fix.edit, "utf-16")
if not vim.wait(wait_ms, function()
  return (publishes > publishes_before_fix and table.concat(summary(published[uri]), "\n") == table.concat(wanted, "\n")) or server_exited
end, 10) or server_exited then
  fail("after the ENC001 quick fix the diagnostics are not check's less that finding:\n--- want\n" .. table.concat(wanted, "\n")
    .. "\n--- got\n" .. table.concat(summary(published[uri]), "\n"))
end
say("quick fix '" .. fix.title .. "' removed ENC001 and nothing else")
lines = vim.api.nvim_buf_get_lines(buffer, 0, -1, false)

-- 5. A misspelt key, inserted without saving.
local database_line
for index, text in ipairs(lines) do
  if text:match("^databases:") then database_line = index end
end
if not database_line then fail(file .. " has no databases:") end
-- After the first database's `- name:` line (database_line is that line's 0-based index).
vim.api.nvim_buf_set_lines(buffer, database_line + 1, database_line + 1, false, { "    encrpyted: true" })
local inserted = database_line + 1
local before = publishes
local found
local function misspelt_reported()
  if publishes == before then return false end
  for _, diagnostic in ipairs(published[uri] or {}) do
    if diagnostic.range.start.line == inserted and diagnostic.code == "load" and diagnostic.message:find("encrpyted", 1, true) then
      found = diagnostic
      return true
    end
  end
  return false
end
started = vim.loop.hrtime()
if not vim.wait(wait_ms, function() return misspelt_reported() or server_exited end, 10) or not found then
  fail("no error for the misspelt key on line " .. (inserted + 1) .. "; got " .. vim.inspect(published[uri]))
end
if vim.bo[buffer].modified ~= true then fail("the buffer was saved; the check is about unsaved text") end
say(string.format("unsaved misspelt key reported on line %d after %.0f ms: %s", inserted + 1, (vim.loop.hrtime() - started) / 1e6, found.message))

vim.lsp.stop_client(client_id)
vim.wait(2000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 10)
vim.cmd("qall!")
