"""The HTML report: structure and escaping from Python, behaviour in real headless Chromium."""
from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

import policyx
from policyx.cli import app
from policyx.records import Record
from policyx.report import render_report

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = [ROOT / "samples" / "industry_news.txt", ROOT / "samples" / "taiwan_power.txt"]
HOSTILE = ("标题</textarea><!-- 注释 -->\n<script>window.__pwned = 1; alert(1)</script>"
           "全年增长6.2%，<img src=x onerror=\"window.__pwned = 2\">出口</script>271.3亿元。")


def sample_docs() -> list[tuple[str, str, list[Record]]]:
    docs = []
    for path in SAMPLES:
        text = path.read_text(encoding="utf-8")
        docs.append((path.name, text, policyx.extract(text, doc=path.name)))
    return docs


def record(text: str, start: int, end: int, kind: str = "growth", value: str | None = "1", **fields: str) -> Record:
    return Record(doc="t", rule=f"{kind}.test", kind=kind, text=text[start:end], start=start, end=end,
                  line=1, col=start + 1, value=None if value is None else Decimal(value), **fields)


class Page(HTMLParser):
    """What a browser builds from the page: highlight elements, the text of each article,
    the records of each character, and the embedded JSON."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.highlights: list[dict[str, str | None]] = []
        self.texts: list[str] = []
        self.covering: list[list[frozenset[str]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.open_details: list[bool] = []
        self._stack: list[tuple[str, str | None]] = []
        self._in_text = 0
        self._script: dict[str, str | None] | None = None
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "script":
            self._script = a
            self.scripts.append((a, ""))
            return
        if tag == "details":
            self.open_details.append("open" in a)
        if self._in_text:
            if "data-start" in a:
                self.highlights.append(a)
            self._stack.append((tag, a.get("data-i")))
            self._in_text += 1
        elif tag == "div" and "text" in (a.get("class") or "").split():
            self.texts.append("")
            self.covering.append([])
            self._stack = [(tag, None)]
            self._in_text = 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None
        elif self._in_text:
            assert self._stack and self._stack[-1][0] == tag, f"misnested </{tag}>"
            self._stack.pop()
            self._in_text -= 1

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            attrs, body = self.scripts[-1]
            self.scripts[-1] = (attrs, body + data)
        elif self._in_text:
            self.texts[-1] += data
            rows = frozenset(i for _, i in self._stack if i is not None)
            self.covering[-1].extend([rows] * len(data))

    def data(self) -> dict:
        (body,) = [body for attrs, body in self.scripts if attrs.get("type") == "application/json"]
        return json.loads(body)


# --- the page as HTML -------------------------------------------------------------------

def test_every_record_is_one_highlight_in_the_verbatim_text():
    docs = sample_docs()
    page = Page(render_report(docs))
    records = [r for _, _, rs in docs for r in rs]
    assert len(records) > 20
    assert len(page.highlights) == len(records)
    assert page.texts == [text for _, text, _ in docs]
    by_row = {int(h["data-i"]): h for h in page.highlights}
    for row, r in enumerate(records):
        h = by_row[row]
        assert (h["data-kind"], int(h["data-start"]), int(h["data-end"])) == (r.kind, r.start, r.end)
        assert h["data-value"] == json.dumps(r.to_dict()["value"])
        assert h["tabindex"] == "0"


def test_overlapping_spans_all_stay_visible():
    text = "甲乙丙丁戊己庚辛壬癸"
    records = [
        record(text, 1, 6),              # encloses the next two
        record(text, 2, 4, "money"),
        record(text, 2, 4, "money"),     # the same span twice
        record(text, 5, 9, "share"),     # crosses the first
        record(text, 7, 7, "rank"),      # empty span
        record(text, 0, 10, "my_kind", value=None),
    ]
    page = Page(render_report([("t.txt", text, records)]))
    assert len(page.highlights) == len(records)
    assert sorted(int(h["data-start"]) for h in page.highlights) == sorted(r.start for r in records)
    assert page.texts == [text]
    for pos, rows in enumerate(page.covering[0]):
        expected = {str(i) for i, r in enumerate(records) if r.start <= pos < r.end}
        assert rows == expected, f"character {pos} {text[pos]}"


def test_markup_in_articles_and_fields_shows_as_text():
    text = HOSTILE
    start = text.index("6.2%")
    records = [record(text, start, start + 4, metric="</script><script>alert(2)</script>",
                      period="<!--", unit="\u2028&amp;")]
    out = render_report([("<b>x</b>.txt", text, records)], failures=["<i>bad</i>.txt: unreadable"])
    page = Page(out)
    assert page.texts == [text]
    assert [attrs.get("type") for attrs, _ in page.scripts] == ["application/json", None]
    assert "<b>x" not in out and "<i>bad" not in out and "<img" not in out and "<!-- " not in out
    data = page.data()
    assert data["docs"] == ["<b>x</b>.txt"]
    row = dict(zip(data["fields"], data["records"][0]))
    assert (row["metric"], row["period"], row["unit"]) == ("</script><script>alert(2)</script>", "<!--", "\u2028&amp;")
    json_block = out.split('id="policyx-data">', 1)[1].split("</script>", 1)[0]
    assert not {"<", ">", "&", "\u2028", "\u2029"} & set(json_block)


def test_many_documents_start_collapsed_with_counts_per_kind():
    text = "收入增长6.2%，占比45.2%，出口271.3亿元。"
    docs = [(f"doc{i}.txt", text, policyx.extract(text)) for i in range(5)]
    out = render_report(docs)
    assert Page(out).open_details == [False] * 5
    assert out.count('<span class="chip k0">growth <b>1</b></span>') == 5
    assert out.count('<span class="chip k2">money <b>1</b></span>') == 5
    assert Page(render_report(docs[:2])).open_details == [True, True]


def test_a_document_without_records_is_listed():
    page = render_report([("empty.txt", "没有数字。", [])])
    assert "no indicators" in page and "没有数字。" in page


# --- the commands -----------------------------------------------------------------------

def test_report_command_writes_one_page_and_reports_failed_inputs(tmp_path):
    out = tmp_path / "report.html"
    missing = tmp_path / "missing.txt"
    result = CliRunner().invoke(app, ["report", *map(str, SAMPLES), str(missing), "-o", str(out)])
    assert result.exit_code == 1
    assert f"policyx: {missing}" in result.stderr
    html = out.read_text(encoding="utf-8")
    assert "1 input could not be read" in html and f"{missing}: no such file" in html
    page = Page(html)
    records = [r for path in SAMPLES for r in policyx.extract(path.read_text(encoding="utf-8"))]
    assert len(page.highlights) == len(records)
    assert page.data()["docs"] == [str(p) for p in SAMPLES]


def test_report_command_succeeds_when_every_input_is_read(tmp_path):
    out = tmp_path / "r.html"
    result = CliRunner().invoke(app, ["report", str(SAMPLES[0]), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("how", [["--format", "html"], []])
def test_extract_writes_the_html_report(tmp_path, how):
    out = tmp_path / "x.html"
    result = CliRunner().invoke(app, ["extract", *map(str, SAMPLES), *how, "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    page = Page(out.read_text(encoding="utf-8"))
    assert page.texts == [p.read_text(encoding="utf-8") for p in SAMPLES]
    assert len(page.highlights) == len(page.data()["records"]) > 20


# --- in a real browser ------------------------------------------------------------------

CHROMIUM = next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-default-apps", "--disable-extensions", "--mute-audio", "--hide-scrollbars"]


def above_4(fd: int) -> int:
    """The same pipe end on a descriptor above 4, so putting the ends on 3 and 4 cannot clobber either."""
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return moved


class Browser:
    """Chromium driven through the DevTools protocol over ``--remote-debugging-pipe``:
    JSON messages ending in NUL, written to the browser's fd 3 and read from its fd 4."""

    def __init__(self, executable: str):
        self.profile = tempfile.TemporaryDirectory(prefix="policyx-chromium-")
        to_browser_r, self.to_browser = os.pipe()
        self.from_browser, from_browser_w = os.pipe()
        to_browser_r, from_browser_w = (above_4(fd) for fd in (to_browser_r, from_browser_w))
        args = [executable, *CHROMIUM_FLAGS, f"--user-data-dir={self.profile.name}",
                "--remote-debugging-pipe", "about:blank"]
        def pipes_on_3_and_4() -> None:
            os.dup2(to_browser_r, 3)
            os.dup2(from_browser_w, 4)

        self.process = subprocess.Popen(args, preexec_fn=pipes_on_3_and_4, close_fds=False, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self.buffer = b""
        self.next_id = 0
        self.events: list[dict] = []

    def send(self, method: str, params: dict | None = None, session: str | None = None, timeout: float = 15) -> dict:
        self.next_id += 1
        message: dict = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        data = json.dumps(message).encode() + b"\0"
        while data:
            data = data[os.write(self.to_browser, data):]
        deadline = time.monotonic() + timeout
        while True:
            reply = self.receive(deadline)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]
            self.events.append(reply)

    def receive(self, deadline: float) -> dict:
        while b"\0" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.from_browser], [], [], left)[0]:
                raise TimeoutError("no answer from Chromium")
            chunk = os.read(self.from_browser, 1 << 16)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def wait_for(self, method: str, session: str, timeout: float = 15) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            for i, event in enumerate(self.events):
                if event.get("method") == method and event.get("sessionId") == session:
                    return self.events.pop(i)
            self.events.append(self.receive(deadline))

    def open(self, url: str, width: int = 1600, height: int = 1000, init_script: str = "") -> "Tab":
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        tab = Tab(self, target, session)
        tab.send("Page.enable")
        tab.send("Emulation.setDeviceMetricsOverride",
                 {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        if init_script:
            tab.send("Page.addScriptToEvaluateOnNewDocument", {"source": init_script})
        tab.send("Page.navigate", {"url": url})
        self.wait_for("Page.loadEventFired", session)
        return tab

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=5)
        except (RuntimeError, TimeoutError, OSError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self.to_browser)
        os.close(self.from_browser)
        self.profile.cleanup()


class Tab:
    def __init__(self, browser: Browser, target: str, session: str):
        self.browser, self.target, self.session = browser, target, session

    def send(self, method: str, params: dict | None = None) -> dict:
        return self.browser.send(method, params, self.session)

    def js(self, expression: str):  # type: ignore[no-untyped-def]
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in result:
            raise AssertionError(result["exceptionDetails"])
        return result["result"].get("value")

    def mouse(self, kind: str, x: float, y: float) -> None:
        params = {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1}
        if kind == "mouseMoved":
            params.update(button="none", clickCount=0)
        self.send("Input.dispatchMouseEvent", params)

    def key(self, key: str, code: str, keycode: int, shift: bool = False) -> None:
        for kind in ("rawKeyDown", "keyUp"):
            self.send("Input.dispatchKeyEvent", {"type": kind, "key": key, "code": code,
                                                 "windowsVirtualKeyCode": keycode, "modifiers": 8 if shift else 0})

    def centre(self, selector: str) -> tuple[float, float]:
        box = self.js(f"""(() => {{ const e = document.querySelector({json.dumps(selector)});
            e.scrollIntoView({{block: "center"}}); const r = e.getClientRects()[0];
            return [r.left + r.width / 2, r.top + r.height / 2]; }})()""")
        return box[0], box[1]

    def screenshot(self, path: Path) -> None:
        path.write_bytes(base64.b64decode(self.send("Page.captureScreenshot", {"format": "png"})["data"]))

    def close(self) -> None:
        self.browser.send("Target.closeTarget", {"targetId": self.target})


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    b = Browser(CHROMIUM)
    try:
        b.send("Browser.getVersion")
        yield b
    finally:
        b.close()


def report_file(tmp_path: Path, docs, name: str = "report.html") -> str:  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_text(render_report(docs), encoding="utf-8")
    return path.as_uri()


TIP_VISIBLE = "!document.getElementById('tip').hidden"
TIP_TEXT = "document.getElementById('tip').textContent"


def test_browser_shows_every_record_and_its_fields(browser, tmp_path):
    docs = sample_docs()
    records = [r for _, _, rs in docs for r in rs]
    tab = browser.open(report_file(tmp_path, docs))
    try:
        assert tab.js("document.querySelectorAll('[data-start]').length") == len(records)
        assert tab.js("document.querySelectorAll('.text mark.hl').length") == len(records)
        assert tab.js("document.querySelectorAll('#records tbody tr').length") == len(records)

        money = next(r for r in records if r.kind == "money")
        selector = f'mark[data-start="{money.start}"][data-kind="money"]'
        assert not tab.js(TIP_VISIBLE)
        tab.mouse("mouseMoved", *tab.centre(selector))
        assert tab.js(TIP_VISIBLE)
        shown = tab.js(TIP_TEXT)
        assert str(money.to_dict()["value"]) in shown and money.unit in shown and money.rule in shown
        assert tab.js(f"document.querySelector('{selector}').dataset.value") == str(money.to_dict()["value"])

        tab.mouse("mouseMoved", 5, 5)
        assert not tab.js(TIP_VISIBLE)
        tab.js("document.getElementById('search').focus()")
        tab.key("Tab", "Tab", 9, shift=True)
        tab.key("Tab", "Tab", 9, shift=True)
        focused = tab.js("document.activeElement.matches('mark.hl') && document.activeElement.dataset.value")
        assert focused and focused in tab.js(TIP_TEXT) and tab.js(TIP_VISIBLE)

        last = records[-1]
        tab.js("document.querySelector('#records th[data-col=\"value\"] button').click()")
        values = tab.js("[...document.querySelectorAll('#records tbody tr td.num:nth-child(5)')].map(td => td.textContent)")
        numbers = [float(v.split(" ")[0]) for v in values if v != "—"]
        assert numbers == sorted(numbers)
        tab.js("document.getElementById('kind-filter').value = 'share';"
               "document.getElementById('kind-filter').dispatchEvent(new Event('change'))")
        assert tab.js("document.querySelectorAll('#records tbody tr').length") == sum(r.kind == "share" for r in records)
        tab.js("document.getElementById('kind-filter').value = '';"
               "document.getElementById('kind-filter').dispatchEvent(new Event('change'));"
               "document.querySelector('#records th[data-col=\"line\"] button').click()")

        row = f'#records tbody tr[data-i="{len(records) - 1}"]'
        tab.js(f"document.querySelector('{row}').scrollIntoView({{block: 'center'}})")
        tab.mouse("mousePressed", *tab.centre(f"{row} td:nth-child(2)"))
        tab.mouse("mouseReleased", *tab.centre(f"{row} td:nth-child(2)"))
        target = f"document.getElementById('m1-{len(docs[1][2]) - 1}')"
        assert tab.js(f"document.activeElement === {target} && {target}.classList.contains('flash')")
        assert tab.js(f"{target}.dataset.start") == str(last.start)
        in_view = f"(() => {{ const r = {target}.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }})()"
        assert tab.js(f"new Promise(done => {{ const t0 = performance.now(); (function poll() {{"
                      f" if ({in_view}) done(true); else if (performance.now() - t0 > 3000) done(false);"
                      f" else requestAnimationFrame(poll); }})(); }})")

        tab.js("document.activeElement.blur(); scrollTo(0, 0); document.querySelector('.table-wrap').scrollTop = 0")
        tab.mouse("mouseMoved", *tab.centre(f'mark[data-start="{docs[0][2][5].start}"]'))
        shot = Path(os.environ.get("POLICYX_REPORT_SCREENSHOT") or tmp_path / "report.png")
        tab.screenshot(shot)
        assert shot.read_bytes().startswith(b"\x89PNG")
    finally:
        tab.close()


def test_browser_runs_nothing_from_the_article(browser, tmp_path):
    text = HOSTILE
    start = text.index("271.3")
    records = policyx.extract(text) + [record(text, start, start + 7, "money", "27130000000",
                                              metric="<img src=x onerror=window.__pwned=3>")]
    url = report_file(tmp_path, [("<script>alert(3)</script>.txt", text, records)], "hostile.html")
    tab = browser.open(url, init_script="window.alert = () => { window.__pwned = 'alert'; };")
    try:
        tab.mouse("mouseMoved", *tab.centre(f'mark[data-start="{start}"]'))
        assert tab.js(TIP_VISIBLE)
        time.sleep(0.2)
        assert tab.js("window.__pwned === undefined")
        assert tab.js("document.querySelectorAll('img, .text script').length") == 0
        assert tab.js("document.querySelector('.text').textContent") == text
        assert "<script>alert(3)</script>.txt" in tab.js("document.querySelector('.doc-name').textContent")
        assert not [e for e in browser.events if e.get("method") == "Page.javascriptDialogOpening"]
    finally:
        tab.close()
