"""Every setting is documented in the README's settings table: its name, environment variable and default."""

from techmarket.settings import ROOT, SETTINGS


def test_every_setting_is_documented_with_its_default():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(): line for line in readme.splitlines() if line.startswith("| ") and line.count("|") >= 5}
    for s in SETTINGS:
        assert s.name in rows, f"{s.name} has no row in the README's settings table"
        row = rows[s.name]
        assert f"`{s.env}`" in row, s.name
        default = s.default.replace(str(ROOT) + "/", "")  # paths are documented relative to the repository
        # A computed default (the cores, a path beside the database) is described in words in the default column.
        assert (f"`{default}`" in row) if default else row.split("|")[3].strip(), (s.name, default)
