"""`make lint` fails on an import that breaks a layer (docs/architecture.md, "Layers").

The test copies the Python source to a temporary folder, adds imports there that break each
contract, and runs `lint-imports` with the project's own `[tool.importlinter]` on the copy: the
working tree is never touched. The unchanged copy must pass, or a failure would prove nothing.
"""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _copy_source(to: Path) -> None:
    for package in ("motcua", "config"):
        shutil.copytree(
            ROOT / package,
            to / package,
            ignore=lambda folder, names: [
                n for n in names if not n.endswith(".py") and not (Path(folder) / n).is_dir()
            ],
        )
    shutil.copy(ROOT / "pyproject.toml", to / "pyproject.toml")


def _lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (our own tool on our own copy)
        [str(LINT_IMPORTS), "--no-cache", str(tree / "pyproject.toml")],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )


# Imports that break a layer, each with the line lint-imports names it by.
LAYER_BREAKERS = [
    # A domain app reaching up into a surface.
    ("motcua/dossiers/constants.py", "motcua.backoffice.views", "motcua.dossiers.constants"),
    # core reaching up into a domain app.
    ("motcua/core/folding.py", "motcua.catalog.models", "motcua.core.folding"),
    # Product code importing the settings package.
    ("motcua/core/money.py", "config.settings", "motcua.core.money"),
]


def _add_import(tree: Path, module: str, imported: str) -> None:
    with (tree / module).open("a") as source:
        source.write(f"\nimport {imported}  # noqa\n")


def test_the_tree_as_it_is_keeps_every_contract(tmp_path: Path) -> None:
    _copy_source(tmp_path)
    result = _lint_imports(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_an_import_up_a_layer_fails_the_lint(tmp_path: Path) -> None:
    _copy_source(tmp_path)
    for module, imported, _ in LAYER_BREAKERS:
        _add_import(tmp_path, module, imported)
    result = _lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Surfaces and the demo above domain apps above core BROKEN" in result.stdout
    assert "nothing in motcua imports it BROKEN" in result.stdout
    for _, imported, importer in LAYER_BREAKERS:
        assert f"{importer} -> {imported}" in result.stdout


def test_a_cycle_between_domain_apps_fails_the_lint(tmp_path: Path) -> None:
    _copy_source(tmp_path)
    _add_import(tmp_path, "motcua/workdays/calendar.py", "motcua.dossiers.models")  # and back
    result = _lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "kept, 1 broken." in result.stdout
    assert "No cycle among the packages of motcua BROKEN" in result.stdout
    assert ".dossiers -> .workdays" in result.stdout or ".workdays -> .dossiers" in result.stdout


def test_an_outside_system_reaching_into_a_domain_app_fails_the_lint(tmp_path: Path) -> None:
    _copy_source(tmp_path)
    _add_import(tmp_path, "motcua/integrations/sms/client.py", "motcua.notify.models")
    result = _lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "integrations import no domain app (notify and the apps call them) BROKEN" in (
        result.stdout
    )
    assert "motcua.integrations.sms.client -> motcua.notify.models" in result.stdout
