"""matplotlib is loaded by the first chart, never by starting the bot or the console."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_importing_every_entry_point_does_not_import_matplotlib():
    out = run(
        """
        import sys
        import bot.__main__, bot.wiring, bot.discord_app.client, bot.console.app
        import bot.discord_app.exts.stats._cog, bot.console.stats, bot.services.charts
        print("matplotlib" in sys.modules)
        """
    )
    assert out == "False"


def test_the_first_chart_imports_it_with_the_agg_canvas():
    out = run(
        """
        import sys
        from bot.services.chart_render import AreaBar, render_area_accuracy
        png = render_area_accuracy("t", [AreaBar("a", 0.5, 4)], 70)
        print("matplotlib" in sys.modules, png[:4] == b"\\x89PNG", "matplotlib.pyplot" in sys.modules)
        """
    )
    assert out == "True True False"
