"""Records of many documents on a Dask cluster (the ``dask`` extra).

    from policyx.dask import read_records, to_parquet
    records = read_records("s3://archive/reports/**/*.txt", storage_options={"anon": True})
    to_parquet(records, "s3://bucket/policyx-records/")

Inputs are paths, directories (their *.txt and *.md files) or globs, local or any
fsspec URL (fsspec and dask come with the extra; :class:`ExtractFiles` and
:func:`list_files` need only fsspec, for use from Spark). Each partition of the bag is a group of files; a worker reads and
decodes them as ``policyx extract`` does and runs the library's
:class:`~policyx.Extractor` on them. The extraction function,
:class:`ExtractFiles`, is picklable and carries the extractor's configuration, not
its compiled rules: each worker process loads and compiles the rules once.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

try:
    import fsspec
    from fsspec.core import url_to_fs
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(f"policyx.dask needs the dask extra: pip install 'policyx[dask]' ({exc})") from exc

if TYPE_CHECKING:
    import dask.bag as db

from .decoding import TEXT_SUFFIXES, InputError, decode_bytes
from .extractor import DEFAULT_TIMEOUT, Extractor
from .records import FIELDS

log = logging.getLogger(__name__)
GLOB_CHARS = "*?["
SPARK_TYPES = {"start": "long", "end": "long", "line": "long", "col": "long", "value": "double", "value_max": "double"}
SPARK_SCHEMA = ", ".join(f"`{name}` {SPARK_TYPES.get(name, 'string')}" for name in FIELDS)


@dataclass(frozen=True)
class ExtractFiles:
    """Records (as dicts) of a list of files: the function each partition runs.

    Picklable: the extractor pickles by its configuration and is rebuilt once per
    worker process. A file that cannot be read or decoded is skipped with a
    warning on the worker's log, like a failed document in ``policyx extract``.
    """

    extractor: Extractor
    encoding: str | None = None
    storage_options: Mapping[str, Any] = field(default_factory=dict)

    def __call__(self, urls: Iterable[str]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for url in urls:
            try:
                with fsspec.open(url, "rb", **self.storage_options) as fh:
                    data = fh.read()
                text, _ = decode_bytes(data, url, self.encoding)
                out.extend(r.to_dict() for r in self.extractor.extract(text, url))
            except (InputError, OSError) as exc:
                log.warning("policyx: %s", exc if isinstance(exc, InputError) else f"{url}: {exc}")
        return out


def list_files(paths: str | Sequence[str], storage_options: Mapping[str, Any] | None = None) -> list[str]:
    """Every input file, in order: files as given, directories as their *.txt and
    *.md files (recursively, sorted), globs as their sorted matches."""
    found: list[str] = []
    for path in [paths] if isinstance(paths, str) else paths:
        fs, inner = url_to_fs(path, **(storage_options or {}))
        if any(ch in inner for ch in GLOB_CHARS):
            names = sorted(fs.glob(inner))
        elif fs.isdir(inner):
            names = sorted(n for n in fs.find(inner) if PurePosixPath(n).suffix.lower() in TEXT_SUFFIXES)
        else:
            names = [inner]
        found += [path if n == inner else _url(fs, n, path) for n in names]
    return found


def _url(fs: Any, name: str, given: str) -> str:
    """``name`` as the user would write it: with the protocol when they gave one."""
    return fs.unstrip_protocol(name) if "://" in given else name


def read_records(
    paths: str | Sequence[str],
    rules: Sequence[str] = (),
    use_defaults: bool = True,
    kinds: Iterable[str] | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    encoding: str | None = None,
    files_per_partition: int = 16,
    storage_options: Mapping[str, Any] | None = None,
) -> db.Bag:
    """A Dask bag of record dicts (the fields of SPEC section 2), in input order.

    ``rules`` are rule files or directories every worker can read (local paths on a
    single machine; a shared path on a cluster).
    """
    import dask.bag as db

    files = list_files(paths, storage_options)
    extract = ExtractFiles(Extractor(rules, use_defaults=use_defaults, kinds=kinds, timeout=timeout),
                           encoding, dict(storage_options or {}))
    if not files:
        return db.from_sequence([], npartitions=1)
    groups = [files[i:i + files_per_partition] for i in range(0, len(files), files_per_partition)]
    return db.from_sequence(groups, npartitions=len(groups)).map_partitions(_flatten_extract, extract)


def _flatten_extract(groups: list[list[str]], extract: ExtractFiles) -> list[dict[str, Any]]:
    return [record for group in groups for record in extract(group)]


def to_jsonl(records: db.Bag, url: str, storage_options: Mapping[str, Any] | None = None, compute: bool = True) -> Any:
    """One JSON Lines file per partition: ``url/part-00000.jsonl`` and on."""
    lines = records.map(lambda r: json.dumps(r, ensure_ascii=False))
    target = url.rstrip("/") + "/part-*.jsonl"
    return lines.to_textfiles(target, name_function=lambda i: f"{i:05d}", encoding="utf-8",
                              storage_options=dict(storage_options or {}), compute=compute)


def to_parquet(records: db.Bag, url: str, storage_options: Mapping[str, Any] | None = None, compute: bool = True) -> Any:
    """One Parquet file per partition (``url/part-00000.parquet`` and on), with the
    schema of ``policyx extract --format parquet``; pandas, Polars and DuckDB read
    the folder as one table."""
    import dask

    options = dict(storage_options or {})
    fs, root = url_to_fs(url, **options)
    fs.makedirs(root, exist_ok=True)
    writes = [dask.delayed(_write_parquet)(part, f"{url.rstrip('/')}/part-{i:05d}.parquet", options)
              for i, part in enumerate(records.to_delayed())]
    return dask.compute(*writes) if compute else writes


def _write_parquet(rows: list[dict[str, Any]], url: str, storage_options: Mapping[str, Any]) -> str:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from .writers import parquet_type

    schema = pa.schema([(name, parquet_type(pa, name)) for name in FIELDS])
    with fsspec.open(url, "wb", **storage_options) as fh:
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), fh)
    return url
