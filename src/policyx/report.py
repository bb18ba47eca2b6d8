"""The HTML report: every record highlighted where it stands in its article.

:func:`render_report` turns ``(doc name, source text, records)`` triples into one
self-contained page (inline CSS and JavaScript, nothing fetched). Article text and
record fields reach the page only through :func:`html.escape` or as JSON inside a
``<script type="application/json">`` block with ``<``, ``>``, ``&``, U+2028 and
U+2029 escaped, and the page's script writes them with ``textContent`` only, so an
article containing markup shows it as text and runs nothing.
"""
from __future__ import annotations

import html
import json
import math
from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from . import __version__
from .records import Record

BUILTIN_KINDS = ("growth", "share", "money", "count", "quantity", "rank")
OPEN_DOCUMENTS_UP_TO = 3
MAX_LAYER_CLASS = 4
TABLE_FIELDS = ("d", "r", "kind", "text", "line", "start", "end", "value", "value_max",
                "unit", "approx", "metric", "period", "basis", "status", "rule")
TABLE_COLUMNS = ("line", "kind", "text", "value", "unit", "approx", "metric", "period",
                 "basis", "status", "rule")

# (light theme, dark theme) colour per kind class; built-in kinds keep their colour in
# every report, other kinds take the remaining ones in turn.
PALETTE = (
    ("#1a7f37", "#3fb950"),  # growth
    ("#8250df", "#b083f0"),  # share
    ("#b35900", "#f0883e"),  # money
    ("#0969da", "#58a6ff"),  # count
    ("#0e7c86", "#39c5cf"),  # quantity
    ("#cf222e", "#ff7b72"),  # rank
    ("#bf3989", "#f778ba"),
    ("#5a7d0a", "#a5d65a"),
    ("#6639ba", "#d2a8ff"),
    ("#8a6a00", "#e3b341"),
    ("#57606a", "#9da7b3"),
)

Doc = tuple[str, str, Sequence[Record]]


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    row: int


def render_report(docs: Iterable[Doc], title: str | None = None, failures: Sequence[str] = ()) -> str:
    """One HTML page for ``(name, source text, records)`` triples, in the given order.

    ``failures`` lists inputs that could not be read, one message each; the page
    shows them so a reader knows the batch is incomplete.
    """
    batch = [(name, text, list(records)) for name, text, records in docs]
    all_records = [r for _, _, records in batch for r in records]
    classes = kind_classes(r.kind for r in all_records)
    counts = Counter(r.kind for r in all_records)
    if title is None:
        title = f"policyx report — {batch[0][0]}" if len(batch) == 1 else "policyx report"
    open_docs = len(batch) <= OPEN_DOCUMENTS_UP_TO
    sections, row = [], 0
    for index, (name, text, records) in enumerate(batch):
        sections.append(document_html(index, name, text, records, row, classes, open_docs))
        row += len(records)
    return PAGE.format(
        title=esc(title),
        version=esc(__version__),
        css=page_css(),
        heading=esc(title),
        stats=esc(f"{plural(len(all_records), 'indicator')} in {plural(len(batch), 'document')}"),
        legend=legend_html(counts, classes),
        failures=failures_html(failures),
        documents="\n".join(sections) or '<p class="empty">No documents.</p>',
        kind_options=kind_options_html(counts, len(all_records)),
        table_head=table_head_html(multi_doc=len(batch) > 1),
        data=script_json(report_data(batch, classes)),
        script=SCRIPT,
    )


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


def kind_classes(kinds: Iterable[str]) -> dict[str, str]:
    """CSS class (``k0``…) per kind: fixed for the built-in kinds, user kinds in name order."""
    classes = {kind: f"k{i}" for i, kind in enumerate(BUILTIN_KINDS)}
    extra = len(PALETTE) - len(BUILTIN_KINDS)
    for i, kind in enumerate(sorted(set(kinds) - set(BUILTIN_KINDS))):
        classes[kind] = f"k{len(BUILTIN_KINDS) + i % extra}"
    return classes


def ordered_kinds(counts: Counter[str]) -> list[str]:
    return [k for k in BUILTIN_KINDS if counts[k]] + sorted(k for k in counts if k not in BUILTIN_KINDS)


def value_text(value: Any) -> str:
    """A record value as its JSON output writes it; empty for null."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    return json.dumps(value)


def clamped_spans(text: str, records: Sequence[Record], first_row: int) -> list[_Span]:
    """Record spans kept inside the text, so a mismatched record still renders."""
    n = len(text)
    spans = []
    for i, r in enumerate(records):
        start = min(max(r.start, 0), n)
        spans.append(_Span(start, min(max(r.end, start), n), first_row + i))
    return spans


def opening_order(spans: Sequence[_Span]) -> list[int]:
    """Records by start, the longer first, so an enclosing span opens before what it encloses."""
    return sorted(range(len(spans)), key=lambda i: (spans[i].start, -spans[i].end, i))


def layer_counts(spans: Sequence[_Span], order: Sequence[int]) -> list[int]:
    """Highlight layers inside each record's element, itself included: an enclosing
    highlight draws its underline below those of the highlights it holds."""
    layers = [1] * len(spans)
    for pos in range(len(order) - 1, -1, -1):
        i = order[pos]
        for j in order[pos + 1:]:
            if spans[j].start >= spans[i].end:
                break
            layers[i] = max(layers[i], layers[j] + 1)
    return layers


def highlighted_text(text: str, records: Sequence[Record], doc_index: int, first_row: int,
                     classes: dict[str, str]) -> str:
    """The escaped text with one ``<mark>`` per record.

    The text is cut at every span boundary; at each cut, the elements of records that
    end there are closed. Crossing spans cannot nest, so a record whose element had to
    close early goes on in a ``<span class="hlc">`` that carries its row but none of the
    ``data-start``/``data-kind``/``data-value`` attributes: each record has exactly one
    element with them, and every character shows all the records that cover it.
    """
    spans = clamped_spans(text, records, first_row)
    order = opening_order(spans)
    layers = layer_counts(spans, order)
    starting: dict[int, list[int]] = {}
    for i in order:
        starting.setdefault(spans[i].start, []).append(i)
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})

    def look(i: int) -> str:
        return f"{classes[records[i].kind]} h{min(layers[i], MAX_LAYER_CLASS)}"

    def mark_open(i: int) -> str:
        r, s = records[i], spans[i]
        return (f'<mark class="hl {look(i)}" id="m{doc_index}-{i}" data-i="{s.row}" tabindex="0" '
                f'data-kind="{esc(r.kind)}" data-value="{esc(value_text(r.to_dict()["value"]))}" '
                f'data-start="{s.start}" data-end="{s.end}">')

    out: list[str] = []
    open_now: list[tuple[int, str]] = []
    pos = 0
    for cut in cuts:
        if cut > pos:
            out.append(esc(text[pos:cut]))
            pos = cut
        ending = [k for k, (i, _) in enumerate(open_now) if spans[i].end <= cut]
        if ending:
            lowest = ending[0]
            out.extend(f"</{tag}>" for _, tag in reversed(open_now[lowest:]))
            carried = [i for i, _ in open_now[lowest:] if spans[i].end > cut]
            del open_now[lowest:]
            for i in carried:
                out.append(f'<span class="hlc {look(i)}" data-i="{spans[i].row}">')
                open_now.append((i, "span"))
        for i in starting.get(cut, ()):
            out.append(mark_open(i))
            if spans[i].end > cut:
                open_now.append((i, "mark"))
            else:
                out.append("</mark>")
    return "".join(out)


def chips_html(counts: Counter[str], classes: dict[str, str]) -> str:
    return "".join(f'<span class="chip {classes[k]}">{esc(k)} <b>{counts[k]}</b></span>'
                   for k in ordered_kinds(counts))


def document_html(index: int, name: str, text: str, records: Sequence[Record], first_row: int,
                  classes: dict[str, str], open_: bool) -> str:
    counts = Counter(r.kind for r in records)
    total = plural(len(records), "indicator") if records else "no indicators"
    return (
        f'<details class="doc" id="d{index}"{" open" if open_ else ""}>'
        f'<summary><span class="doc-name">{esc(name)}</span>'
        f'<span class="doc-counts">{chips_html(counts, classes)}</span>'
        f'<span class="doc-total">{total}</span></summary>'
        f'<div class="text" lang="zh">{highlighted_text(text, records, index, first_row, classes)}</div>'
        f"</details>"
    )


def legend_html(counts: Counter[str], classes: dict[str, str]) -> str:
    items = "".join(
        f'<li><button type="button" class="chip {classes[k]}" data-filter="{esc(k)}" aria-pressed="false">'
        f"{esc(k)} <b>{counts[k]}</b></button></li>"
        for k in ordered_kinds(counts))
    return f'<ul class="legend" aria-label="Kinds (click to filter the table)">{items}</ul>'


def kind_options_html(counts: Counter[str], total: int) -> str:
    options = [f'<option value="">all kinds ({total})</option>']
    options += [f'<option value="{esc(k)}">{esc(k)} ({counts[k]})</option>' for k in ordered_kinds(counts)]
    return "".join(options)


def table_head_html(multi_doc: bool) -> str:
    columns = (("doc",) if multi_doc else ()) + TABLE_COLUMNS
    return "".join(f'<th scope="col" data-col="{c}" aria-sort="none"><button type="button">{c}</button></th>'
                   for c in columns)


def failures_html(failures: Sequence[str]) -> str:
    if not failures:
        return ""
    items = "".join(f"<li>{esc(f)}</li>" for f in failures)
    return (f'<section class="failures" role="alert"><h2>{plural(len(failures), "input")} could not be read</h2>'
            f"<ul>{items}</ul></section>")


def report_data(docs: Sequence[tuple[str, str, list[Record]]], classes: dict[str, str]) -> dict[str, Any]:
    rows = []
    for d, (_, _, records) in enumerate(docs):
        for i, r in enumerate(records):
            fields = r.to_dict()
            fields.update(d=d, r=i, value=value_text(fields["value"]) or None,
                          value_max=value_text(fields["value_max"]) or None)
            rows.append([fields[f] for f in TABLE_FIELDS])
    return {"docs": [name for name, _, _ in docs], "fields": list(TABLE_FIELDS),
            "classes": classes, "records": rows}


def script_json(data: Any) -> str:
    """JSON that cannot end or comment out the ``<script>`` element holding it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text


def rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def page_css() -> str:
    light = "".join(f".k{i}{{--c:{lt};--t:{rgba(lt, .13)};--s:{rgba(lt, .3)}}}" for i, (lt, _) in enumerate(PALETTE))
    dark = "".join(f".k{i}{{--c:{dk};--t:{rgba(dk, .18)};--s:{rgba(dk, .36)}}}" for i, (_, dk) in enumerate(PALETTE))
    return f"{CSS}\n{light}\n@media (prefers-color-scheme: dark){{{dark}}}"


CSS = """
:root{color-scheme:light dark;--bg:#f5f6f8;--panel:#fff;--fg:#1f2328;--muted:#636c76;--line:#d6dbe1;
--hover:#eef2f6;--focus:#0969da;--flash:#ffd33d;--shadow:0 10px 28px rgba(31,35,40,.2);
--sans:system-ui,-apple-system,"Segoe UI","PingFang SC","Hiragino Sans GB","Microsoft YaHei",
"Noto Sans CJK SC","Source Han Sans SC","Noto Sans SC","WenQuanYi Micro Hei",sans-serif}
@media (prefers-color-scheme: dark){:root{--bg:#0d1117;--panel:#161b22;--fg:#e6edf3;--muted:#8d96a0;
--line:#30363d;--hover:#1f2630;--focus:#4493f8;--flash:#9e6a03;--shadow:0 10px 28px rgba(0,0,0,.55)}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.6 var(--sans)}
.page{max-width:1720px;margin:0 auto;padding:20px 28px 60px}
header.top{display:flex;flex-wrap:wrap;align-items:center;gap:10px 22px;margin-bottom:18px}
h1{font-size:20px;margin:0;font-weight:650;overflow-wrap:anywhere}
.stats{color:var(--muted)}
.legend{display:flex;flex-wrap:wrap;gap:8px;list-style:none;margin:0;padding:0}
.chip{display:inline-flex;align-items:center;gap:6px;padding:1px 10px;border-radius:999px;background:var(--t);
color:var(--fg);border:1px solid transparent;font-size:13px;line-height:22px;white-space:nowrap}
.chip::before{content:"";width:8px;height:8px;border-radius:50%;background:var(--c);flex:none}
.chip b{font-weight:600;font-variant-numeric:tabular-nums}
button.chip{font-family:inherit;cursor:pointer}
button.chip:hover{background:var(--s)}
button.chip[aria-pressed=true]{border-color:var(--c);background:var(--s)}
:focus-visible{outline:2px solid var(--focus);outline-offset:2px}
.layout{display:grid;grid-template-columns:minmax(0,1fr);gap:22px;align-items:start}
@media (min-width:1200px){.layout{grid-template-columns:minmax(0,46em) minmax(0,1fr)}
.records{position:sticky;top:16px;max-height:calc(100vh - 32px)}}
.doc{background:var(--panel);border:1px solid var(--line);border-radius:10px;margin:0 0 12px}
.doc>summary{display:flex;flex-wrap:wrap;align-items:center;gap:6px 10px;padding:10px 16px;cursor:pointer;
list-style-position:inside}
.doc>summary::-webkit-details-marker{margin-right:4px}
.doc[open]>summary{border-bottom:1px solid var(--line)}
.doc-name{font-weight:600;overflow-wrap:anywhere;margin-right:auto}
.doc-counts{display:flex;flex-wrap:wrap;gap:6px}
.doc-total{color:var(--muted);font-size:13px}
.text{padding:12px 26px 20px;font-size:17px;line-height:2.15;white-space:pre-wrap;overflow-wrap:anywhere;
text-align:justify}
.hl,.hlc{color:inherit;background:var(--t);border-bottom:2px solid var(--c);padding:1px 0 var(--pad,1px);
cursor:help;-webkit-box-decoration-break:clone;box-decoration-break:clone}
.h2{--pad:5px}.h3{--pad:8px}.h4{--pad:11px}
.hl:empty{display:inline-block;width:3px;height:1.1em;vertical-align:-.15em;background:var(--c);border:0;padding:0}
.hl:hover,.hlc:hover{background:var(--s)}
.hl:focus-visible{outline:2px solid var(--focus);outline-offset:1px;border-radius:2px}
.hl.current{outline:2px solid var(--c);outline-offset:1px;border-radius:2px}
.flash{animation:flash 1.6s ease-in-out}
@keyframes flash{0%,100%{box-shadow:0 0 0 0 transparent}15%,60%{background:var(--flash);box-shadow:0 0 0 4px var(--flash)}}
.records{background:var(--panel);border:1px solid var(--line);border-radius:10px;display:flex;flex-direction:column;
min-height:0;overflow:hidden}
.controls{display:flex;flex-wrap:wrap;align-items:center;gap:8px 12px;padding:12px 14px;border-bottom:1px solid var(--line)}
.controls label{display:flex;align-items:center;gap:6px;color:var(--muted)}
select,input[type=search]{font:inherit;color:var(--fg);background:var(--bg);border:1px solid var(--line);border-radius:6px;
padding:4px 8px}
input[type=search]{flex:1 1 14em;min-width:10em}
#shown{color:var(--muted);font-size:13px;white-space:nowrap}
.table-wrap{overflow:auto;min-height:0;flex:1}
table{border-collapse:collapse;width:100%;font-size:13px}
th{position:sticky;top:0;z-index:1;background:var(--panel);text-align:left;white-space:nowrap;
box-shadow:inset 0 -1px var(--line)}
th button{all:unset;display:block;padding:8px;cursor:pointer;font-weight:600}
th button:focus-visible{outline:2px solid var(--focus);outline-offset:-2px}
th[aria-sort=ascending] button::after{content:" \\25B2";font-size:10px}
th[aria-sort=descending] button::after{content:" \\25BC";font-size:10px}
td{padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top;white-space:nowrap}
td.wrap{white-space:normal;min-width:8em;overflow-wrap:anywhere}
td.doc-cell{max-width:12em;overflow:hidden;text-overflow:ellipsis}
td.num{text-align:right;font-variant-numeric:tabular-nums}
td.nil{color:var(--muted)}
td a{color:inherit;text-decoration:none;border-bottom:2px solid var(--c)}
tbody tr{cursor:pointer}
tbody tr:hover{background:var(--hover)}
.more{margin:10px 14px}
.more button{font:inherit;cursor:pointer}
.note,.empty{color:var(--muted);padding:0 14px}
.failures{background:var(--panel);border:1px solid #cf222e;border-radius:10px;padding:6px 18px;margin:0 0 16px}
.failures h2{font-size:15px;margin:8px 0}
#tip{position:fixed;z-index:10;left:0;top:0;max-width:min(26rem,calc(100vw - 16px));background:var(--panel);
color:var(--fg);border:1px solid var(--line);border-radius:10px;box-shadow:var(--shadow);padding:10px 14px;
font-size:13px;line-height:1.5;pointer-events:none;max-height:calc(100vh - 16px);overflow:hidden}
#tip[hidden]{display:none}
.tip-rec{border-left:3px solid var(--c);padding-left:10px}
.tip-rec+.tip-rec{margin-top:10px}
.tip-head{display:flex;align-items:center;gap:8px;font-size:15px;font-weight:600}
.tip-rec dl{display:grid;grid-template-columns:auto 1fr;gap:1px 14px;margin:6px 0 0}
.tip-rec dt{color:var(--muted)}
.tip-rec dd{margin:0;overflow-wrap:anywhere}
.tip-rec dd.nil{color:var(--muted)}
.hint{color:var(--muted)}
footer{color:var(--muted);font-size:12px;margin-top:24px}
"""

SCRIPT = r"""
(() => {
  "use strict";
  const data = JSON.parse(document.getElementById("policyx-data").textContent);
  const rows = data.records.map((values, i) => {
    const r = { i };
    data.fields.forEach((f, j) => { r[f] = values[j]; });
    r.doc = data.docs[r.d];
    r.id = "m" + r.d + "-" + r.r;
    r.num = r.value === null ? null : Number(r.value);
    r.hay = [r.doc, r.kind, r.text, r.value, r.unit, r.approx, r.metric, r.period, r.basis, r.status, r.rule]
      .filter((v) => v !== null).join("\n").toLowerCase();
    return r;
  });
  const LIMIT = 500;
  const tbody = document.querySelector("#records tbody");
  const heads = [...document.querySelectorAll("#records th")];
  const columns = heads.map((th) => th.dataset.col);
  const kindSelect = document.getElementById("kind-filter");
  const search = document.getElementById("search");
  const shown = document.getElementById("shown");
  const more = document.getElementById("more");
  const tip = document.getElementById("tip");
  const collator = new Intl.Collator("zh-Hans-CN", { numeric: true });
  const reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  let sortColumn = null, sortDirection = 1, limit = LIMIT, anchor = null;

  const element = (tag, className, text) => {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const kindClass = (kind) => data.classes[kind] || "k0";
  const valueText = (r) => r.value === null ? null : (r.value_max === null ? r.value : r.value + " – " + r.value_max);
  const cellText = (r, column) => column === "value" ? valueText(r) : r[column];
  const sortKey = (r, column) => column === "value" ? r.num : r[column];

  function magnitude(n) {
    const a = Math.abs(n);
    if (!(a >= 1e4)) return "";
    const [unit, size] = a >= 1e8 ? ["亿", 1e8] : ["万", 1e4];
    return " ≈ " + Number((n / size).toFixed(4)) + unit;
  }

  function compare(column, direction) {
    return (a, b) => {
      const x = sortKey(a, column), y = sortKey(b, column);
      const xNull = x === null || x === undefined, yNull = y === null || y === undefined;
      if (xNull || yNull) return xNull && yNull ? a.i - b.i : (xNull ? 1 : -1);
      const c = typeof x === "number" && typeof y === "number" ? x - y : collator.compare(String(x), String(y));
      return c ? c * direction : a.i - b.i;
    };
  }

  function matching() {
    const kind = kindSelect.value, query = search.value.trim().toLowerCase();
    const list = rows.filter((r) => (!kind || r.kind === kind) && (!query || r.hay.includes(query)));
    return sortColumn ? list.sort(compare(sortColumn, sortDirection)) : list;
  }

  function rowElement(r) {
    const tr = element("tr");
    tr.dataset.i = r.i;
    for (const column of columns) {
      const td = element("td");
      const value = cellText(r, column);
      if (column === "kind") {
        td.append(element("span", "chip " + kindClass(r.kind), r.kind));
      } else if (column === "text") {
        const link = element("a", kindClass(r.kind), r.text);
        link.href = "#" + r.id;
        td.append(link);
      } else if (value === null || value === undefined || value === "") {
        td.textContent = "—";
        td.className = "nil";
      } else {
        td.textContent = String(value);
      }
      if (column === "doc") { td.textContent = r.doc.split(/[\\/]/).pop(); td.title = r.doc; td.className = "doc-cell"; }
      if (column === "metric") td.classList.add("wrap");
      if (column === "line" || column === "value") td.classList.add("num");
      tr.append(td);
    }
    return tr;
  }

  function render() {
    const list = matching();
    const fragment = document.createDocumentFragment();
    for (const r of list.slice(0, limit)) fragment.append(rowElement(r));
    tbody.replaceChildren(fragment);
    shown.textContent = list.length === rows.length ? rows.length + " records"
      : list.length + " of " + rows.length + " records";
    more.hidden = list.length <= limit;
    if (!more.hidden) more.querySelector("span").textContent = "Showing the first " + limit + " of " + list.length + ". ";
    for (const button of document.querySelectorAll("[data-filter]")) {
      button.setAttribute("aria-pressed", String(button.dataset.filter === kindSelect.value));
    }
  }

  function reveal(r) {
    const mark = document.getElementById(r.id);
    if (!mark) return;
    const details = mark.closest("details");
    if (details && !details.open) details.open = true;
    mark.scrollIntoView({ block: "center", behavior: reduceMotion ? "auto" : "smooth" });
    mark.focus({ preventScroll: true });
    for (const old of document.querySelectorAll(".text .current")) old.classList.remove("current");
    mark.classList.add("current");
    mark.classList.remove("flash");
    void mark.offsetWidth;
    mark.classList.add("flash");
  }

  function layers(el) {
    const list = [];
    for (let e = el; e && !e.classList.contains("text"); e = e.parentElement) {
      if (e.dataset.i !== undefined && !list.includes(rows[+e.dataset.i])) list.push(rows[+e.dataset.i]);
    }
    return list;
  }

  function tipCard(r) {
    const card = element("div", "tip-rec " + kindClass(r.kind));
    const head = element("div", "tip-head");
    head.append(element("span", "chip " + kindClass(r.kind), r.kind), element("span", "", r.text));
    const list = element("dl");
    for (const field of ["value", "unit", "approx", "metric", "period", "basis", "status", "rule"]) {
      const value = field === "value" ? valueText(r) : r[field];
      const dd = element("dd", value === null ? "nil" : "", value === null ? "—" : String(value));
      if (field === "value" && r.num !== null) dd.append(element("span", "hint", magnitude(r.num)));
      list.append(element("dt", "", field), dd);
    }
    card.append(head, list);
    return card;
  }

  function placeTip() {
    if (!anchor || tip.hidden) return;
    const rects = anchor.getClientRects();
    const a = rects.length ? rects[0] : anchor.getBoundingClientRect();
    const t = tip.getBoundingClientRect();
    const width = document.documentElement.clientWidth, height = document.documentElement.clientHeight;
    let top = a.bottom + 10;
    if (top + t.height > height - 8) {
      top = a.top - t.height - 10 >= 8 ? a.top - t.height - 10 : Math.max(8, height - t.height - 8);
    }
    tip.style.left = Math.max(8, Math.min(a.left, width - t.width - 8)) + "px";
    tip.style.top = top + "px";
  }

  function showTip(el) {
    if (anchor && anchor !== el) anchor.removeAttribute("aria-describedby");
    anchor = el;
    tip.replaceChildren(...layers(el).map(tipCard));
    tip.hidden = false;
    if (el.classList.contains("hl")) el.setAttribute("aria-describedby", "tip");
    placeTip();
  }

  function hideTip() {
    if (anchor) anchor.removeAttribute("aria-describedby");
    anchor = null;
    tip.hidden = true;
  }

  document.addEventListener("mouseover", (e) => {
    const el = e.target.closest ? e.target.closest(".text .hl, .text .hlc") : null;
    if (el) { if (el !== anchor) showTip(el); }
    else if (anchor && !anchor.matches(":focus-visible")) hideTip();
  });
  document.addEventListener("focusin", (e) => { if (e.target.matches(".text .hl")) showTip(e.target); });
  document.addEventListener("focusout", (e) => { if (e.target === anchor) hideTip(); });
  document.addEventListener("keydown", (e) => { if (e.key === "Escape") hideTip(); });
  window.addEventListener("scroll", () => requestAnimationFrame(placeTip), { passive: true, capture: true });
  window.addEventListener("resize", placeTip);

  tbody.addEventListener("click", (e) => {
    const tr = e.target.closest("tr");
    if (!tr) return;
    e.preventDefault();
    reveal(rows[+tr.dataset.i]);
  });
  for (const th of heads) {
    th.querySelector("button").addEventListener("click", () => {
      const column = th.dataset.col;
      sortDirection = sortColumn === column ? -sortDirection : 1;
      sortColumn = column;
      for (const h of heads) h.setAttribute("aria-sort", "none");
      th.setAttribute("aria-sort", sortDirection > 0 ? "ascending" : "descending");
      render();
    });
  }
  for (const button of document.querySelectorAll("[data-filter]")) {
    button.addEventListener("click", () => {
      kindSelect.value = kindSelect.value === button.dataset.filter ? "" : button.dataset.filter;
      limit = LIMIT;
      render();
    });
  }
  kindSelect.addEventListener("change", () => { limit = LIMIT; render(); });
  let pending = 0;
  search.addEventListener("input", () => {
    clearTimeout(pending);
    pending = setTimeout(() => { limit = LIMIT; render(); }, 120);
  });
  more.querySelector("button").addEventListener("click", () => { limit += 1000; render(); });
  render();
})();
"""

PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="policyx {version}">
<title>{title}</title>
<style>{css}</style>
</head>
<body>
<div class="page">
<header class="top">
<h1>{heading}</h1>
<span class="stats">{stats}</span>
{legend}
</header>
{failures}
<div class="layout">
<main class="documents">
{documents}
</main>
<section class="records" aria-label="All indicators">
<div class="controls">
<label>kind <select id="kind-filter">{kind_options}</select></label>
<input id="search" type="search" placeholder="search text, metric, period, unit…" aria-label="Search the records">
<span id="shown" aria-live="polite"></span>
</div>
<noscript><p class="note">The table, sorting, filters and hover details need JavaScript; the highlighted text above does not.</p></noscript>
<div class="table-wrap">
<table id="records"><thead><tr>{table_head}</tr></thead><tbody></tbody></table>
<p class="more" id="more" hidden><span></span><button type="button">Show 1000 more</button></p>
</div>
</section>
</div>
<footer>Generated by policyx {version}. Hover or focus (Tab) a highlight for its fields; click a table row to find it in the text.</footer>
</div>
<div id="tip" role="tooltip" hidden></div>
<script type="application/json" id="policyx-data">{data}</script>
<script>{script}</script>
</body>
</html>
"""
