// zhibiao 试算台: plain JavaScript, no library, nothing loaded from elsewhere.
// Every text that comes from the user or the service is put on the page with
// textContent, never parsed as HTML: it is shown as text and never run.
"use strict";

const KINDS = {
  comparison: "比较", range: "范围", deadline: "期限", qualitative: "定性",
  not_applicable: "不适用", compound: "复合",
};
const STATUSES = {
  achieved: "达成", not_achieved: "未达成", not_evaluable: "无法评价", not_applicable: "不适用",
};
const WAIT_MS = 250;

function $(id) { return document.getElementById(id); }

function setText(id, text) { $(id).textContent = text == null ? "" : String(text); }

function token() {
  const value = $("token").value.trim();
  return value ? { Authorization: "Bearer " + value } : {};
}

async function post(path, body) {
  const response = await fetch(path, {
    method: "POST",
    headers: Object.assign({ "Content-Type": "application/json" }, token()),
    body: JSON.stringify(body),
  });
  const version = response.headers.get("X-Zhibiao-Version");
  if (version) setText("version", version);
  return { ok: response.ok, body: await response.json() };
}

function debounce(work) {
  let timer = null;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(work, WAIT_MS);
  };
}

function problemText(problem) {
  const lines = [problem.title + "：" + problem.detail];
  for (const item of problem.problems || []) {
    if (item.message && !problem.detail.includes(item.message)) lines.push(item.message);
  }
  return lines.join("\n");
}

// -- one value: parse and score as you type --------------------------------------------

function showCaret(text, column) {
  // The text with the character at `column` (1-based) marked, and a caret under it.
  const line = $("parse-caret");
  line.replaceChildren();
  const chars = Array.from(text);
  const at = Math.max(0, Math.min(column - 1, chars.length));
  const before = document.createElement("span");
  before.textContent = chars.slice(0, at).join("");
  const bad = document.createElement("mark");
  bad.textContent = chars[at] || " ";
  const after = document.createElement("span");
  after.textContent = chars.slice(at + 1).join("");
  const caret = document.createElement("span");
  caret.className = "caret";
  caret.textContent = "\n" + " ".repeat(width(chars.slice(0, at))) + "^";
  line.append(before, bad, after, caret);
}

function width(chars) {
  // Wide (CJK, full-width) characters take two columns in a monospace font.
  const wide = /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/;
  return chars.reduce((sum, ch) => sum + (wide.test(ch) ? 2 : 1), 0);
}

function showParse(result) {
  const failed = !result.ok;
  $("parse-error").hidden = !failed;
  $("parse-result").hidden = failed;
  const warnings = $("parse-warnings");
  warnings.replaceChildren();
  if (failed) {
    showCaret(result.text, result.error.column);
    setText("parse-message", result.error.message);
    setText("parse-hint", result.error.hint ? "提示：" + result.error.hint : "");
    return;
  }
  setText("parse-kind", (KINDS[result.kind] || result.kind) + "（" + result.kind + "）");
  setText("parse-canonical", result.canonical);
  setText("parse-unit", result.unit || "—");
  for (const warning of result.warnings || []) {
    const item = document.createElement("li");
    item.textContent = "⚠ " + warning.message + (warning.hint ? "；" + warning.hint : "");
    warnings.append(item);
  }
}

function showScore(answer) {
  $("evaluate-error").hidden = answer.ok;
  if (!answer.ok) {
    setText("evaluate-error", problemText(answer.body));
    for (const id of ["score", "score-weight", "status", "explanation"]) setText(id, "—");
    return;
  }
  const outcome = answer.body;
  setText("score", outcome.score);
  setText("score-weight", outcome.weight);
  setText("status", STATUSES[outcome.status] || outcome.status);
  $("status").dataset.status = outcome.status;
  setText("explanation", outcome.explanation);
}

let asked = 0;

async function tryValue() {
  const mine = ++asked;
  const target = $("target").value;
  const body = { target: target, actual: $("actual").value || null, weight: $("weight").value };
  const category = $("category").value.trim();
  if (category) body.category = category;
  try {
    const [parsed, scored] = await Promise.all([
      post("/v1/parse", { texts: [target] }), post("/v1/evaluate", body)]);
    if (mine !== asked) return; // a later keystroke has been answered, or will be
    if (parsed.ok) showParse(parsed.body.results[0]);
    else showScore(parsed);
    showScore(scored);
  } catch (error) {
    if (mine === asked) showScore({ ok: false, body: { title: "无法连接服务", detail: String(error) } });
  }
}

// -- a ruleset and actuals: the 自评表 preview and downloads ----------------------------

let actualsFile = null; // an uploaded workbook is sent as it is

function loadInto(input, textarea, nameInput, binaryOk) {
  input.addEventListener("change", async () => {
    const file = input.files[0];
    if (!file) return;
    nameInput.value = file.name;
    if (binaryOk && file.name.toLowerCase().endsWith(".xlsx")) {
      actualsFile = file;
      textarea.value = "";
      textarea.placeholder = "已选择工作簿 " + file.name + "（原样上传）";
      return;
    }
    if (binaryOk) actualsFile = null;
    textarea.value = await file.text();
  });
}

function scoreForm(format) {
  const form = filesForm();
  form.append("format", format);
  return form;
}

function filesForm() {
  const form = new FormData();
  form.append("rulesets", new Blob([$("ruleset-text").value]), $("ruleset-name").value || "项目.toml");
  const actuals = actualsFile && !$("actuals-text").value
    ? actualsFile : new Blob([$("actuals-text").value]);
  form.append("actuals", actuals, $("actuals-name").value || "实际值.csv");
  return form;
}

function monitorForm(format) {
  const form = scoreForm(format);
  form.append("as_of", $("as-of").value);
  return form;
}

async function askScore(format, path, form) {
  const response = await fetch(path || "/v1/score",
    { method: "POST", headers: token(), body: form || scoreForm(format) });
  const error = $("report-error");
  error.hidden = response.ok;
  if (!response.ok) {
    error.textContent = problemText(await response.json());
    return null;
  }
  return response;
}

function cell(row, text, tag) {
  const item = document.createElement(tag || "td");
  item.textContent = text == null ? "" : String(text);
  row.append(item);
  return item;
}

const COLUMNS = [
  ["id", "编号"], ["level1", "一级指标"], ["level2", "二级指标"], ["name", "三级指标"],
  ["target_text", "指标值"], ["actual_text", "实际完成值"], ["points", "分值"],
  ["score", "得分"], ["status", "状态"], ["explanation", "说明"],
];

function showReports(answer) {
  const preview = $("report-preview");
  preview.replaceChildren();
  for (const report of answer.reports) {
    const title = document.createElement("h3");
    title.textContent = report.project + "（" + report.year + "）" + " 总分 " + report.total +
      "，等级 " + report.grade;
    const table = document.createElement("table");
    const head = table.createTHead().insertRow();
    for (const [, label] of COLUMNS) cell(head, label, "th");
    const body = table.createTBody();
    for (const row of report.rows) {
      const line = body.insertRow();
      for (const [key] of COLUMNS) {
        const item = cell(line, key === "status" ? STATUSES[row[key]] || row[key] : row[key]);
        if (key === "status") item.dataset.status = row[key];
      }
    }
    const budget = body.insertRow();
    cell(budget, "");
    cell(budget, "预算执行率");
    for (let i = 0; i < 4; i++) cell(budget, "");
    cell(budget, report.budget.points);
    cell(budget, report.budget.score);
    cell(budget, "");
    cell(budget, report.budget.explanation);
    const notes = document.createElement("p");
    notes.className = "notes";
    notes.textContent = report.totals_explanation;
    preview.append(title, table, notes);
  }
  showProblems(answer.problems);
}

function showProblems(problems) {
  if (!problems.length) return;
  const list = document.createElement("ul");
  list.className = "warnings";
  for (const problem of problems) {
    const item = document.createElement("li");
    item.textContent = problem.message;
    list.append(item);
  }
  $("report-preview").append(list);
}

async function preview() {
  const response = await askScore("json");
  if (response) showReports(await response.json());
}

const MONITOR_COLUMNS = [
  ["id", "编号"], ["indicator", "指标"], ["target", "年度指标值"], ["to_date", "截至日期完成"],
  ["projected", "全年预计"], ["deviation", "偏差"], ["likelihood", "完成目标可能性"],
  ["explanation", "说明"],
];

function amount(value) {
  return value && typeof value === "object" ? value.value + value.unit : value;
}

function showMonitor(answer) {
  const preview = $("report-preview");
  preview.replaceChildren();
  for (const report of answer.reports) {
    const title = document.createElement("h3");
    title.textContent = report.project + " 绩效目标执行监控（截至 " + report.as_of + "）";
    const table = document.createElement("table");
    const head = table.createTHead().insertRow();
    for (const [, label] of MONITOR_COLUMNS) cell(head, label, "th");
    const body = table.createTBody();
    for (const row of report.rows) {
      const line = body.insertRow();
      for (const [key] of MONITOR_COLUMNS) cell(line, amount(row[key]));
    }
    const notes = document.createElement("p");
    notes.className = "notes";
    notes.textContent = report.budget.explanation;
    preview.append(title, table, notes);
  }
  showProblems(answer.problems);
}

async function monitorPreview() {
  const response = await askScore("json", "/v1/monitor", monitorForm("json"));
  if (response) showMonitor(await response.json());
}

async function downloadAs(format, path, form, name) {
  const response = await askScore(format, path, form);
  if (!response) return;
  const link = document.createElement("a");
  link.href = URL.createObjectURL(await response.blob());
  link.download = (name || "自评表") + "." + format;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

document.addEventListener("DOMContentLoaded", () => {
  const later = debounce(tryValue);
  for (const id of ["target", "actual", "weight", "category", "token"]) {
    $(id).addEventListener("input", later);
  }
  loadInto($("ruleset-file"), $("ruleset-text"), $("ruleset-name"), false);
  loadInto($("actuals-file"), $("actuals-text"), $("actuals-name"), true);
  $("score-button").addEventListener("click", preview);
  $("xlsx-button").addEventListener("click", () => downloadAs("xlsx"));
  $("html-button").addEventListener("click", () => downloadAs("html"));
  $("monitor-button").addEventListener("click", monitorPreview);
  $("monitor-xlsx-button").addEventListener("click",
    () => downloadAs("xlsx", "/v1/monitor", monitorForm("xlsx"), "绩效目标执行监控表"));
  tryValue();
});
