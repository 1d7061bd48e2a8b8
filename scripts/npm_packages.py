"""Install the npm packages of package-lock.json into node_modules/ without needing npm itself: each
package's tarball from the npm registry, checked against the lock file's SHA-512 integrity before it is
unpacked. (`npm ci` does the same where npm is installed.) Today that is axe-core, which the browser
tests inject into the dashboard's pages."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import shutil
import sys
import tarfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = "https://registry.npmjs.org"


def main() -> int:
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    for where, meta in lock["packages"].items():
        if not where.startswith("node_modules/"):
            continue
        name, version = where.removeprefix("node_modules/"), meta["version"]
        target = ROOT / where
        installed = target / "package.json"
        if installed.exists() and json.loads(installed.read_text(encoding="utf-8")).get("version") == version:
            continue
        url = meta.get("resolved") or f"{REGISTRY}/{name}/-/{name.rsplit('/', 1)[-1]}-{version}.tgz"
        with urllib.request.urlopen(url, timeout=60) as r:
            data = r.read()
        algorithm, _, expected = meta["integrity"].partition("-")
        if base64.b64encode(hashlib.new(algorithm, data).digest()).decode() != expected:
            print(f"error: {url} does not match its integrity in package-lock.json; nothing installed", file=sys.stderr)
            return 1
        shutil.rmtree(target, ignore_errors=True)
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            for member in tar.getmembers():  # npm tarballs hold package/...
                if not member.name.startswith("package/") or not (member.isfile() or member.isdir()):
                    continue
                member.name = member.name.removeprefix("package/")
                tar.extract(member, target, filter="data")
        print(f"installed {name} {version} from {url}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
