"""A domain app's template never links to a page by URL name (docs/architecture.md, "Layers").

import-linter sees imports, not templates. Pages are served by the surfaces (the top layer of the
`layers` contract in pyproject.toml); a domain app serves none, and its templates are papers and
messages, whose links must be absolute (`core.links.public_url_for`). So a `{% url %}` tag in a
domain template is a link into a surface from below. Templates under `templates/admin/` override
the admin site's own (a surface spread over the apps, as their admin.py are) and may.
"""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
URL_TAG = re.compile(r"{%-?\s*url\s+([^\s%]+)")


def _top_layer() -> set[str]:
    """The surfaces, as the layers contract names them (one source for both checks)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    layers = next(c for c in config["contracts"] if c["id"] == "layers")["layers"]
    return {name.strip(" ()") for name in layers[0].split("|")}


def url_tags_below_the_surfaces(package: Path, surfaces: set[str]) -> list[str]:
    """`file:line: name` for every {% url %} in the templates of a package not in `surfaces`."""
    found = []
    for templates in sorted(package.glob("*/templates")):
        if templates.parent.name in surfaces:
            continue
        for template in sorted(templates.rglob("*.html")) + sorted(templates.rglob("*.txt")):
            if template.relative_to(templates).parts[0] == "admin":
                continue
            for number, line in enumerate(template.read_text().splitlines(), start=1):
                found += [
                    f"{template.relative_to(package.parent)}:{number}: {name}"
                    for name in URL_TAG.findall(line)
                ]
    return found


def test_no_domain_template_links_to_a_page_by_name() -> None:
    surfaces = _top_layer()
    assert {"portal", "backoffice", "api"} <= surfaces
    assert url_tags_below_the_surfaces(ROOT / "motcua", surfaces) == []


def test_a_domain_template_linking_to_the_back_office_is_found(tmp_path: Path) -> None:
    paper = tmp_path / "motcua" / "reports" / "templates" / "reports" / "page.html"
    paper.parent.mkdir(parents=True)
    paper.write_text("<p>\n<a href=\"{% url 'backoffice:dossier' d.code %}\">{{ d.code }}</a>\n")
    admin = tmp_path / "motcua" / "catalog" / "templates" / "admin" / "change_list.html"
    admin.parent.mkdir(parents=True)
    admin.write_text("{% url 'admin:index' %}")
    page = tmp_path / "motcua" / "backoffice" / "templates" / "reports" / "page.html"
    page.parent.mkdir(parents=True)
    page.write_text("{% url 'backoffice:home' %}")
    assert url_tags_below_the_surfaces(tmp_path / "motcua", _top_layer()) == [
        "motcua/reports/templates/reports/page.html:2: 'backoffice:dossier'"
    ]
