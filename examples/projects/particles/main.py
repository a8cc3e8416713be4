"""Particles: read a JSON config, simulate, write a CSV of positions and print a summary."""
import csv
import json
import sys
from pathlib import Path

from physics import advance, energy, make_particles


def main() -> None:
    config = json.loads(Path(__file__).with_name("config.json").read_text())
    ps = make_particles(config["particles"], config["seed"])
    e0 = energy(ps, config["softening"])
    chunks = 4
    history = []
    for k in range(chunks):
        advance(ps, config["steps"] // chunks, config["dt"], config["softening"])
        history.append((k, energy(ps, config["softening"])))
    out = Path(sys.argv[1] if len(sys.argv) > 1 else config["output"])
    with out.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["x", "y", "vx", "vy", "m"])
        for p in ps:
            w.writerow([f"{v:.9f}" for v in p])
    print(f"particles={len(ps)} steps={config['steps']} e0={e0:.12f}")
    for k, e in history:
        print(f"chunk {k}: energy {e:.12f} drift {abs(e - e0) / abs(e0):.3e}")
    print(f"wrote {out.name}")


if __name__ == "__main__":
    main()
