"""Drawing a report's charts in a process of its own, beside the one that builds the workbook.

Three charts take matplotlib over a second (importing it, laying out and rendering text in
a CJK font), nearly all of it Python that holds the interpreter: in a thread it would only
take turns with the workbook. So a report starts this process first thing; it loads
matplotlib and the font while the database is read, draws the specs it is sent, and
answers with the PNGs and the warnings drawing gave (a glyph missing from the font), which
the report then gives as its own. It imports nothing of ours but bot.reports.drawing and
bot.reports.fonts.

    python -m bot.reports.chart_process   (stdin: pickled specs; stdout: pickled answer)
"""

from __future__ import annotations

import builtins
import contextlib
import os
import pickle
import subprocess
import sys
import threading
import warnings
from pathlib import Path

from bot.reports.drawing import Spec
from bot.reports.fonts import NoCJKFont

_ROOT = str(Path(__file__).resolve().parents[2])  # holds the bot package


class ChartsFailed(RuntimeError):
    """The charts could not be drawn; the message says why, in Chinese."""


class ChartProcess:
    """One report's charts. Start it early; `draw` the specs when they are known; `result`
    waits for the PNGs, at most TIMEOUT_S. `close` ends the process in any case."""

    COMMAND = (sys.executable, "-m", __name__)
    TIMEOUT_S = 60.0  # three charts take about two seconds

    def __init__(self) -> None:
        # The same code as ours, wherever it was imported from.
        path = os.pathsep.join(filter(None, (_ROOT, os.environ.get("PYTHONPATH"))))
        self._process = subprocess.Popen(
            self.COMMAND,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": path},
        )
        self._talk: threading.Thread | None = None
        self._answer: tuple[bytes, bytes] = (b"", b"")

    def draw(self, specs: dict[str, Spec]) -> None:
        """Sends the specs (file name -> spec); they are drawn while the caller goes on."""
        payload = pickle.dumps(specs)

        def talk() -> None:
            # A process that died before reading them breaks the pipe: its exit says why.
            with contextlib.suppress(OSError, ValueError):
                self._answer = self._process.communicate(payload)

        self._talk = threading.Thread(target=talk, name="report-charts", daemon=True)
        self._talk.start()

    def result(self) -> dict[str, bytes]:
        """The PNGs; ChartsFailed when the process died, hung or found no CJK font."""
        assert self._talk is not None, "draw() first"
        self._talk.join(self.TIMEOUT_S)
        if self._talk.is_alive():
            self.close()
            raise ChartsFailed(f"绘图进程 {self.TIMEOUT_S:.0f} 秒内没有完成")
        out, err = self._answer
        if self._process.returncode != 0 or not out:
            last = err.decode(errors="replace").strip().splitlines()[-1:] or ["无输出"]
            raise ChartsFailed(f"绘图进程异常退出（{self._process.returncode}）：{last[0]}")
        status, pngs, caught = pickle.loads(out)
        for categories, message in caught:
            warnings.warn(message, _category(categories), stacklevel=2)
        if status == "no_font":
            raise ChartsFailed(str(NoCJKFont()))
        return pngs

    def close(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        if self._talk is not None:
            self._talk.join()


def _category(names: list[str]) -> type[Warning]:
    """The warning's own class when it is a builtin one, or the nearest builtin above it
    (matplotlib's classes are not imported here)."""
    for name in names:
        found = getattr(builtins, name, None)
        if isinstance(found, type) and issubclass(found, Warning):
            return found
    return UserWarning


def main() -> int:
    answer = sys.stdout.buffer
    sys.stdout = sys.stderr  # whatever else is printed must not mix with the answer
    from bot.reports import drawing
    from bot.reports.fonts import use_cjk_font

    drawing.load()
    try:
        use_cjk_font()
        status = "ok"
    except NoCJKFont:
        status = "no_font"
    specs: dict[str, Spec] = pickle.load(sys.stdin.buffer)
    pngs: dict[str, bytes] = {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if status == "ok":
            pngs = {name: drawing.draw(spec) for name, spec in specs.items()}
    said: list[tuple[list[str], str]] = [
        ([c.__name__ for c in w.category.__mro__], str(w.message)) for w in caught
    ]
    pickle.dump((status, pngs, said), answer)
    answer.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
