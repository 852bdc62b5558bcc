"""The two requirement sets: requirements.txt names every package that the app's code (app.py, nin/ without
nin/lab) imports, and none of the lab's own; requirements-lab.txt adds the lab's on top of it.
(deploy/check_image.sh installs the runtime set alone in a fresh venv and runs the app with it.)"""

import ast
import re
import sys
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
LAB_ONLY = {"torchvision", "tqdm", "pytest", "playwright", "ruff"}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirements(path: Path) -> set[str]:
    found = set()
    for line in path.read_text().splitlines():
        line = line.split("#")[0].strip()
        if line.startswith("-r "):
            found |= requirements(path.parent / line[3:].strip())
        elif line and not line.startswith("-"):
            found.add(canonical(Requirement(line).name))
    return found


def imported_modules(paths) -> set[str]:
    """The top-level modules that these files import (anywhere in them, absolute imports only)."""
    names = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names


def test_the_runtime_set_names_what_the_app_imports_and_nothing_of_the_lab():
    runtime = requirements(ROOT / "requirements.txt")
    assert not runtime & LAB_ONLY
    app_files = [ROOT / "app.py", *sorted((ROOT / "nin").glob("*.py"))]
    modules = imported_modules(app_files) - set(sys.stdlib_module_names) - {"nin", "spaces"}  # spaces: ZeroGPU's own
    providers = metadata.packages_distributions()
    unknown = {module for module in modules if module not in providers}
    assert not unknown, f"imported but not installed: {unknown}"
    needed = {canonical(dist) for module in modules for dist in providers[module]}
    # Packages the runtime's packages bring themselves may be imported without being named (starlette: gradio's).
    named_or_brought = runtime | {canonical(Requirement(r).name) for name in runtime
                                  for r in metadata.requires(name) or []}
    assert not needed & LAB_ONLY, f"the app imports the lab's packages: {needed & LAB_ONLY}"
    assert needed <= named_or_brought, f"requirements.txt lacks {sorted(needed - named_or_brought)}"


def test_the_lab_set_is_the_runtime_set_and_the_lab_packages():
    lab, runtime = requirements(ROOT / "requirements-lab.txt"), requirements(ROOT / "requirements.txt")
    assert runtime < lab and lab - runtime == LAB_ONLY


def test_every_pin_is_what_runs_here():
    for path in ("requirements.txt", "pre-requirements.txt", "requirements-lab.txt"):
        for line in (ROOT / path).read_text().splitlines():
            line = line.split("#")[0].strip()
            if line and not line.startswith("-"):
                requirement = Requirement(line)
                if requirement.marker is None or requirement.marker.evaluate():
                    installed = metadata.version(requirement.name).split("+")[0]
                    assert installed in requirement.specifier, (path, line, installed)
