"""Take screenshots of the built documentation with headless Chromium, to look at what readers see.

Usage (after ``sphinx-build -b html docs docs/_build/html``)::

    python docs/_scripts/screenshots.py [--html docs/_build/html] [--out docs/_build/screenshots]
                                        [--chromium chromium] [PAGE[#ANCHOR] ...]

Without pages it shoots the home page, one schema table, the diagram and the command-line reference, at
a desktop and a phone width. The site is served from a local HTTP server on 127.0.0.1 (no other network
is touched), and Chromium runs with a fresh profile and with its background networking disabled.
On Debian, ``apt-get install -y chromium`` provides the browser.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1]
DEFAULT_PAGES = (
    "index.html",
    "reference/schema.html#table-designations",
    "reference/diagram.html",
    "reference/cli.html",
)
SIZES = {"desktop": (1400, 1000), "phone": (412, 915)}
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
    "--virtual-time-budget=3000",
)


SCROLL_PARAMETER = "screenshot-anchor"
HIDE_BEFORE = """(id) => {
  const target = document.getElementById(id);
  const article = target.closest("article") || document.body;
  for (let node = target; node && node !== article; node = node.parentElement) {
    for (let before = node.previousElementSibling; before; before = before.previousElementSibling) {
      before.style.display = "none";
    }
  }
}"""
"""Hides what comes before an element of the page's article, so that the element shows at the top."""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site; a page asked for with ``?screenshot-anchor=ID`` starts at the element ID.

    Chromium's ``--screenshot`` does not reliably capture a page scrolled to a URL fragment, so a
    script added to the served copy of the page (the built files are not changed) hides the article's
    content before the element instead.
    """

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002  (the base class's name)
        """Keep the server silent."""

    def do_GET(self) -> None:
        """Serve the file, adding the scrolling script when asked to."""
        path, _, query = self.path.partition("?")
        anchors = urllib.parse.parse_qs(query).get(SCROLL_PARAMETER)
        if not anchors or not path.endswith(".html"):
            super().do_GET()
            return
        page = Path(self.directory) / urllib.parse.unquote(path.lstrip("/"))
        script = f"<script>({HIDE_BEFORE})({json.dumps(anchors[0])});</script>"
        body = page.read_text(encoding="utf-8").replace("</body>", script + "</body>").encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve *folder* on a free local port for the duration of the block; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def shoot(chromium: str, url: str, target: Path, size: tuple[int, int], *, dark: bool = False) -> None:
    """Save a screenshot of *url* at *size* (width, height) to *target*, in dark mode if *dark*."""
    with tempfile.TemporaryDirectory(prefix="proscribed-chromium-") as profile:
        command = [
            chromium,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--window-size={size[0]},{size[1]}",
            *(["--force-dark-mode"] if dark else []),
            f"--screenshot={target}",
            url,
        ]
        subprocess.run(command, check=True, capture_output=True, timeout=120)  # noqa: S603  (fixed flags)
    if not target.is_file():
        raise RuntimeError(f"Chromium wrote no screenshot for {url}")


def _scrolling(page: str) -> str:
    """The URL path of *page*, with its fragment turned into the query that starts the page there."""
    path, _, anchor = page.partition("#")
    return f"{path}?{SCROLL_PARAMETER}={urllib.parse.quote(anchor)}" if anchor else path


def _file_name(page: str, size_name: str) -> str:
    stem = page.replace(".html", "").replace("/", "-").replace("#", "--")
    return f"{stem}-{size_name}.png"


def main(argv: list[str] | None = None) -> int:
    """Shoot the pages; print the files written."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("pages", nargs="*", default=list(DEFAULT_PAGES), help="pages relative to the site root")
    parser.add_argument("--html", type=Path, default=DOCS / "_build" / "html", help="the built site")
    parser.add_argument("--out", type=Path, default=DOCS / "_build" / "screenshots", help="where to write PNGs")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium", help="the browser to run")
    parser.add_argument("--sizes", nargs="+", choices=sorted(SIZES), default=sorted(SIZES), help="viewports")
    parser.add_argument("--dark", action="store_true", help="ask for the dark colour scheme")
    arguments = parser.parse_args(argv)
    if not (arguments.html / "index.html").is_file():
        parser.error(f"no built site at {arguments.html}; run sphinx-build first")
    arguments.out.mkdir(parents=True, exist_ok=True)
    with serve(arguments.html) as base:
        for page in arguments.pages:
            for size_name in arguments.sizes:
                target = arguments.out / _file_name(page, size_name + ("-dark" if arguments.dark else ""))
                shoot(arguments.chromium, base + _scrolling(page), target, SIZES[size_name], dark=arguments.dark)
                print(target)  # noqa: T201  (the script reports what it wrote)
    return 0


if __name__ == "__main__":
    sys.exit(main())
