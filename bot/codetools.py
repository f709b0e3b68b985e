"""``python -m bot codes build|info``: build the ICD-10-CM index cache ahead of first use, and
say which code set is installed and where its cache lives."""

from __future__ import annotations

import argparse
import sys
import time

from .config import Settings
from .core.clock import utcnow
from .core.codes.questions import current_fiscal_year
from .services.codes_data import CodeDataError, build_cache, cache_path, find_data_files, load_code_data


def add_codes_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    codes = sub.add_parser("codes", help="the ICD-10-CM index cache (CERTCOACH_CODES_CACHE)")
    action = codes.add_subparsers(dest="codes_command", required=True)
    action.add_parser("build", help="parse the bundled FY tabular and write the index cache now")
    action.add_parser("info", help="the installed code set, its cache file and whether it is current")


def cmd_codes(settings: Settings, args: argparse.Namespace) -> int:
    try:
        if args.codes_command == "build":
            started = time.perf_counter()
            path = build_cache(settings.codes_cache_dir)
            print(f"built {path} in {time.perf_counter() - started:.1f} s")
            return 0
        files = find_data_files()
        data = load_code_data(settings.codes_cache_dir)
    except (CodeDataError, OSError) as exc:
        print(f"CertCoach cannot build the ICD-10-CM index: {exc}", file=sys.stderr)
        return 2
    version = data.tab.version
    current = current_fiscal_year(utcnow().date())
    print(f"code set: {version.label} (CDC tabular, {version.release}; {version.source})")
    print(f"reportable codes: {data.tab.count_billable():,}; index entries: {len(data.index):,}")
    print(f"cache: {cache_path(settings.codes_cache_dir, files)}")
    if version.fiscal_year < current:
        print(f"note: FY{current} is in effect (since October 1, {current - 1}); this data is older")
    return 0
