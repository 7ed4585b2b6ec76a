"""JupyterLab as the project wants it: no news pop-up, no update check, notebooks trusted, and
Chinese drawn with the font the charts and reports use, on a machine with no CJK font.

The settings go into the virtual environment's own JupyterLab folders (`sys.prefix`), so a
user's personal settings elsewhere are untouched and nothing outside the project changes. The
font is Noto Sans CJK SC cut to every Chinese character the notebooks, the data and the
package's own words can show, served with a stylesheet by the `lab_css` server extension.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from analysis.base.files import atomic_write, atomic_write_text
from analysis.base.paths import DATA_DIR, NOTEBOOKS_DIR
from analysis.report.fonts import ALWAYS, FAMILY, has_cjk, woff_subset

#: JupyterLab's settings overrides: the defaults of this installation.
OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False}
}
#: Plugins switched off for this installation: the news announcements.
PAGE_CONFIG = {"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}}


#: The server's config in the environment: the extension that serves the stylesheet. The Lab
#: loads it only with `--LabApp.custom_css=True`, which `launch` passes (a config file's
#: LabApp section is not read by JupyterLab 4's page).
SERVER_CONFIG = {"ServerApp": {"jpserver_extensions": {"analysis.report.lab_css": True}}}
#: The Lab's own options for the workbook.
LAB_OPTIONS = ["--LabApp.custom_css=True"]
#: The font file the stylesheet loads, beside it.
FONT_FILE = "sdpw-cjk.woff"
#: JupyterLab's default font stacks, with the workbook's CJK face first: its unicode-range
#: limits it to Chinese, so Latin text keeps the Lab's own fonts.
STACKS = {
    "--jp-content-font-family": "system-ui, -apple-system, blinkmacsystemfont, 'Segoe UI', "
    "helvetica, arial, sans-serif",
    "--jp-ui-font-family": "system-ui, -apple-system, blinkmacsystemfont, 'Segoe UI', "
    "helvetica, arial, sans-serif",
    "--jp-code-font-family": "menlo, consolas, 'DejaVu Sans Mono', monospace",
}
#: What the stylesheet's face covers: CJK punctuation and ideographs, full-width forms.
UNICODE_RANGE = "U+2E80-9FFF, U+F900-FAFF, U+FF00-FFEF, U+20000-2FA1F"


def custom_dir(prefix: Path | None = None) -> Path:
    """The folder served as JupyterLab's custom/: the stylesheet and its font."""
    return Path(prefix or sys.prefix) / "share" / "sdpw" / "lab-custom"


def lab_characters(
    notebooks: Path = NOTEBOOKS_DIR, data: Path = DATA_DIR, package: Path | None = None
) -> str:
    """Every Chinese character the Lab can show of the workbook, sorted, each once: the
    notebooks (sources and outputs), the data's tables and the package's own words (headings,
    codes, sentences), so a notebook run for any district in the data draws its Chinese."""
    package = package or Path(__file__).resolve().parents[1]
    files = [
        *sorted(notebooks.glob("*.ipynb")),
        *sorted(data.glob("*.csv")),
        *sorted(package.rglob("*.py")),
    ]
    chars: set[str] = set(ALWAYS)
    for path in files:
        chars.update(c for c in path.read_text(encoding="utf-8-sig") if has_cjk(c))
    return "".join(sorted(chars))


def custom_css() -> str:
    """The stylesheet: the face, and the Lab's font stacks with the face first."""
    # !important: the theme sets the same variables, on :root and on the themed container
    stacks = "".join(f'{var}: "{FAMILY}", {stack} !important;' for var, stack in STACKS.items())
    return (
        f'@font-face{{font-family:"{FAMILY}";src:url("{FONT_FILE}") format("woff");'
        f"font-weight:400;font-style:normal;font-display:block;unicode-range:{UNICODE_RANGE}}}\n"
        f":root, .jp-ThemedContainer{{{stacks}}}\n"
    )


def write_font(prefix: Path | None = None) -> list[Path]:
    """Write the stylesheet and the font subset into the environment's custom folder."""
    folder = custom_dir(prefix)
    font = woff_subset(lab_characters())
    css, woff = folder / "custom.css", folder / FONT_FILE
    atomic_write(woff, lambda tmp: Path(tmp).write_bytes(font))
    atomic_write_text(css, custom_css())
    return [css, woff]


def settings_paths(prefix: Path | None = None) -> tuple[Path, Path]:
    """Where JupyterLab reads installation-wide overrides and page config."""
    prefix = Path(prefix or sys.prefix)
    return (
        prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.json",
        prefix / "etc" / "jupyter" / "labconfig" / "page_config.json",
    )


def server_config_path(prefix: Path | None = None) -> Path:
    """The environment's server config file for the workbook (a `.d` folder: merged, not
    replacing another package's)."""
    return Path(prefix or sys.prefix) / "etc" / "jupyter" / "jupyter_server_config.d" / "sdpw.json"


def write_settings(prefix: Path | None = None) -> list[Path]:
    """Write the overrides, page config and server config, merged into whatever is there
    already, and the stylesheet with its font."""
    written = []
    pairs = [*zip(settings_paths(prefix), (OVERRIDES, PAGE_CONFIG), strict=True)]
    pairs.append((server_config_path(prefix), SERVER_CONFIG))
    for path, wanted in pairs:
        current = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        for key, value in wanted.items():
            current.setdefault(key, {}).update(value)
        atomic_write_text(path, json.dumps(current, indent=2, sort_keys=True) + "\n")
        written.append(path)
    return written + write_font(prefix)


def trust_notebooks(folder: Path = NOTEBOOKS_DIR) -> list[Path]:
    """Sign the committed notebooks, so that JupyterLab shows their outputs as trusted."""
    import nbformat
    from nbformat.sign import NotebookNotary

    notary = NotebookNotary()
    paths = sorted(folder.glob("[0-9][0-9]_*.ipynb"))
    for path in paths:
        notary.sign(nbformat.read(path, as_version=4))
    return paths


def launch(args: list[str]) -> None:
    """Replace this process with JupyterLab on the notebooks (as root too, in a container)."""
    write_settings()
    trust_notebooks()
    command = [
        str(Path(sys.prefix) / "bin" / "jupyter"), "lab", *LAB_OPTIONS, *args, str(NOTEBOOKS_DIR)
    ]  # fmt: skip
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.insert(2, "--allow-root")
    os.execv(command[0], command)
