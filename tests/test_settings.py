"""Every setting is documented in the README (name, environment variable and default)."""

from techmarket.settings import ROOT, SETTINGS


def test_every_setting_is_documented():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for s in SETTINGS:
        assert s.env in readme and s.name in readme, s.name
