import policyx


def test_extract_growth_sentence():
    records = policyx.extract("规模以上工业增加值同比增长6.2%。")
    assert [(r.kind, r.text, float(r.value), r.unit) for r in records] == [("growth", "6.2%", 6.2, "%")]


def test_exact_money_value():
    (record,) = policyx.extract("进出口总值6022.9亿元")
    assert record.to_dict()["value"] == 602290000000
    assert isinstance(record.to_dict()["value"], int)


def test_record_fields_follow_spec_order():
    from dataclasses import fields

    from policyx.records import FIELDS, Record

    assert tuple(f.name for f in fields(Record)) == FIELDS
    assert FIELDS == ("doc", "rule", "kind", "text", "start", "end", "line", "col", "value", "value_max",
                      "unit", "approx", "metric", "period", "basis", "status", "sentence")
