"""The disk cache of loaded rule sets: same rules as loading them, and never stale."""
from __future__ import annotations

import os
import pickle
import time

import pytest

from policyx import resources
from policyx.extractor import Extractor
from policyx.resources import cached_tables, load_table, read_table
from policyx.yamlload import YamlError

RULE = """\
rules:
  - id: tourism.visitors
    kind: visitors
    priority: 100
    unit: 人次
    pattern: '接待游客(?P<num>{{ARABIC}})(?P<mag>{{MAG}})?人次'
"""


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("POLICYX_CACHE_DIR", str(folder))
    monkeypatch.delenv("POLICYX_CACHE", raising=False)
    return folder


def values(extractor: Extractor, text: str) -> list:
    return [(r.rule, float(r.value)) for r in extractor.extract(text)]


def test_a_cached_rule_set_extracts_what_a_fresh_one_does(cache, monkeypatch):
    text = "全年接待游客3200万人次，增长6.2%，营收412.6亿元。"
    first = Extractor()
    assert len(list(cache.glob("rules-*.pickle"))) == 1
    second = Extractor()
    monkeypatch.setenv("POLICYX_CACHE", "0")
    uncached = Extractor()
    assert [r.id for r in second.ruleset.rules] == [r.id for r in uncached.ruleset.rules]
    assert values(second, text) == values(first, text) == values(uncached, text)


def test_editing_a_rule_file_is_seen_at_once(cache, tmp_path):
    rules = tmp_path / "mine.yaml"
    rules.write_text(RULE, encoding="utf-8")
    assert values(Extractor([rules]), "接待游客3200万人次") == [("tourism.visitors", 32000000)]
    rules.write_text(RULE.replace("接待游客", "共接待游客"), encoding="utf-8")
    os.utime(rules, ns=(time.time_ns(), time.time_ns() + 1000))
    changed = Extractor([rules])
    assert changed.ruleset.by_id()["tourism.visitors"].pattern.startswith("共接待游客")


def test_an_unreadable_entry_is_rebuilt(cache):
    Extractor()
    (entry,) = cache.glob("rules-*.pickle")
    entry.write_bytes(b"not a pickle")
    assert values(Extractor(), "增长6.2%") == [("growth.percent", 6.2)]


def test_an_entry_made_for_another_key_is_rebuilt(cache):
    """Entry names are short checksums; the entry's own copy of the key decides."""
    Extractor()
    (entry,) = cache.glob("rules-*.pickle")
    key, (ruleset, scanner) = pickle.loads(entry.read_bytes())
    ruleset.rules = ruleset.rules[:1]
    entry.write_bytes(pickle.dumps((key + "\0another", (ruleset, scanner))))
    rebuilt = Extractor()
    assert len(rebuilt.ruleset.rules) > 1
    assert pickle.loads(entry.read_bytes())[0] == key


def test_the_cache_can_be_turned_off(cache, monkeypatch):
    monkeypatch.setenv("POLICYX_CACHE", "0")
    Extractor()
    assert not cache.exists()


@pytest.fixture
def fresh_tables():
    load_table.cache_clear()
    cached_tables.cache_clear()
    yield
    load_table.cache_clear()
    cached_tables.cache_clear()


def marks(data) -> list:
    """Every mapping's own position and its values' positions, depth first."""
    if isinstance(data, dict):
        return [(data.line, data.col, data.value_marks), *(m for v in data.values() for m in marks(v))]
    if isinstance(data, list):
        return [m for v in data for m in marks(v)]
    return []


def test_cached_tables_are_the_yaml_tables_with_their_positions(cache, fresh_tables):
    first = cached_tables()
    assert len(list(cache.glob("tables-*.pickle"))) == 1
    cached_tables.cache_clear()
    again = cached_tables()
    assert again is not first
    assert sorted(again) == ["context", "directions", "numerals", "qualifiers", "text", "units"]
    for name, table in again.items():
        assert table == read_table(name)
        assert marks(table) == marks(read_table(name))


def test_a_broken_table_is_still_reported_when_used(cache, fresh_tables, tmp_path, monkeypatch):
    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / "good.yaml").write_text("words: [增长]\n", encoding="utf-8")
    (folder / "bad.yaml").write_text("words: [增长\n", encoding="utf-8")
    (folder / "flat.yaml").write_text("- 增长\n", encoding="utf-8")
    monkeypatch.setattr(resources, "tables_dir", lambda: folder)
    assert load_table("good") == {"words": ["增长"]}
    assert sorted(cached_tables()) == ["good"]
    with pytest.raises(YamlError, match=r"bad\.yaml:2:1: "):
        load_table("bad")
    with pytest.raises(ValueError, match=r"flat\.yaml: expected a mapping"):
        load_table("flat")
