"""Render scene.json to a PPM image and print a checksum of the pixels."""
import hashlib
import json
import sys
from pathlib import Path

from tracer import render


def main() -> None:
    scene = json.loads(Path(__file__).with_name("scene.json").read_text())
    width, height = scene["width"], scene["height"]
    pixels = render(width, height, scene["spheres"], scene["light"])
    data = bytes(pixels)
    out = Path(sys.argv[1] if len(sys.argv) > 1 else scene["output"])
    out.write_bytes(b"P6\n%d %d\n255\n" % (width, height) + data)
    print(f"{width}x{height} image, {len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()[:16]}")
    print(f"mean brightness {sum(data) / len(data):.3f}")


if __name__ == "__main__":
    main()
