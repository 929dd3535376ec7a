"""The package installs outside editable mode: the wheel carries what the commands read at run time."""

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_wheel_holds_the_schemas_templates_theme_and_vendored_libraries(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(tmp_path), str(ROOT)],
                   check=True, capture_output=True)
    [wheel] = tmp_path.glob("build_kb-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"build_kb/schema/{p.name}" for p in (ROOT / "schema").glob("*.schema.json")}
    expected |= {f"build_kb/render/templates/{p.name}" for p in (ROOT / "build_kb" / "render" / "templates").iterdir()}
    expected |= {f"build_kb/{p.relative_to(ROOT / 'build_kb')}" for p in (ROOT / "build_kb" / "site" / "theme").rglob("*.html")}
    expected |= {f"build_kb/vendor/vis-network/{name}" for name in ("vis-network.min.js", "LICENSE-MIT", "LICENSE-APACHE-2.0")}
    assert len(expected) > 15
    assert expected - names == set()
