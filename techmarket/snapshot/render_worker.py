"""Chart rendering in worker processes: vl-convert renders one chart at a time per process, so a pack
of thirty charts uses both cores only from two processes. A worker is a plain subprocess
(`python -m techmarket.snapshot.render_worker`) reading JSON jobs on stdin and writing length-prefixed PNGs on
stdout, so it works the same from the command line, a test or the Streamlit server. Kept tiny so it
starts fast."""

from __future__ import annotations

import json
import struct
import subprocess
import sys

MIN_WIDTH_PX = 1800  # about 170 dpi across A4 landscape


def render_png(spec: dict, scale: float, font_dir: str) -> bytes:
    """PNG at `scale`, or larger for a narrow chart (a pyramid, a facet), so every image prints sharp."""
    import vl_convert as vlc

    vlc.register_font_directory(font_dir)
    png = vlc.vegalite_to_png(spec, scale=scale)
    width = struct.unpack(">I", png[16:20])[0]
    if width < MIN_WIDTH_PX:
        png = vlc.vegalite_to_png(spec, scale=scale * MIN_WIDTH_PX / width * 1.01)
    return png


def render_many(jobs: list[tuple[dict, float]], font_dir: str, workers: int = 2) -> list[bytes]:
    """PNGs of the jobs, in order, from `workers` subprocesses (in process when there are few jobs)."""
    if workers <= 1 or len(jobs) < 4:
        return [render_png(spec, scale, font_dir) for spec, scale in jobs]
    shares = [list(range(i, len(jobs), workers)) for i in range(workers)]
    procs = []
    for share in shares:
        proc = subprocess.Popen([sys.executable, "-m", "techmarket.snapshot.render_worker"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        payload = json.dumps({"font_dir": font_dir, "jobs": [jobs[i] for i in share]}).encode("utf-8")
        procs.append((share, proc, payload))
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(len(procs)) as pool:  # talk to every worker at once, or they run one after another
        outputs = list(pool.map(lambda item: item[1].communicate(item[2])[0], procs))
    out: list[bytes | None] = [None] * len(jobs)
    for (share, proc, _payload), data in zip(procs, outputs, strict=True):
        if proc.returncode:
            raise RuntimeError(f"chart rendering failed in a worker (exit {proc.returncode})")
        pos = 0
        for i in share:
            (size,) = struct.unpack(">Q", data[pos:pos + 8])
            out[i] = data[pos + 8:pos + 8 + size]
            pos += 8 + size
    return [b for b in out if b is not None]


def _serve() -> None:
    request = json.loads(sys.stdin.buffer.read())
    for spec, scale in request["jobs"]:
        png = render_png(spec, scale, request["font_dir"])
        sys.stdout.buffer.write(struct.pack(">Q", len(png)) + png)
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    _serve()
