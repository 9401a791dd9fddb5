"""Time our model as it is now against our model at an earlier commit: same weights, same process, interleaved.

The question "did this change make the model slower?" needs the two versions side by side, since a 2-core machine
shared with other jobs drifts by more than most changes are worth. The earlier `segformer` package is taken from
git (`git archive COMMIT segformer`) into a temporary folder under another name, so both import in one process;
the earlier model gets the current one's weights, and both run the folded route `segformer bench` times.

    python tools/bench_commit.py dcd1756^                      # B0, 512², batch 1, inference
    python tools/bench_commit.py dcd1756^ --mode train --batch 2 --keep-freed-memory
"""
import argparse, io, re, statistics, subprocess, sys, tarfile, tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

def import_at(commit:str, into:Path):
    "The `segformer` package as it was at `commit`, imported as `segformer_<sha>` from a copy in `into`."
    sha = subprocess.run(["git", "rev-parse", "--short", commit], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout.strip()
    archive = subprocess.run(["git", "archive", commit, "segformer"], cwd=ROOT, capture_output=True, check=True).stdout
    tarfile.open(fileobj=io.BytesIO(archive)).extractall(into, filter="data")
    name = f"segformer_{sha}"
    (into / "segformer").rename(into / name)
    for source in (into / name).glob("*.py"):          # absolute imports of the package point at the copy
        text = source.read_text()
        source.write_text(re.sub(r"\b(from|import) segformer\b", rf"\1 {name}", text))
    sys.path.insert(0, str(into))
    return __import__(f"{name}.bench", fromlist=["build_model"]), sha

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("commit", help="the earlier commit, e.g. dcd1756^ or a tag")
    p.add_argument("--variant", default="b0")
    p.add_argument("--size", type=int, default=512)
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--mode", choices=["inference", "train"], default="inference")
    p.add_argument("--repeat", type=int, default=10, help="timed calls of each version per round")
    p.add_argument("--rounds", type=int, default=3, help="rounds, each printed")
    p.add_argument("--keep-freed-memory", action="store_true", help="glibc keeps freed memory: no page faults")
    a = p.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    import torch
    from segformer.bench import build_model, make_step
    from segformer.speed import keep_freed_memory, time_interleaved
    if a.keep_freed_memory and not keep_freed_memory(): sys.exit("--keep-freed-memory needs glibc's malloc")
    with tempfile.TemporaryDirectory() as folder:
        earlier, sha = import_at(a.commit, Path(folder))
        now, then = build_model(a.variant), earlier.build_model(a.variant)
        then.load_state_dict(now.state_dict())
        images = torch.randn(a.batch, 3, a.size, a.size)
        with torch.no_grad(): gap = (now.eval()(images) - then.eval()(images)).abs().max().item()
        print(f"SegFormer-{a.variant.upper()} {a.size}², batch {a.batch}, {a.mode}, {torch.get_num_threads()} threads"
              f"{', freed memory kept' if a.keep_freed_memory else ''}: now against {sha}; "
              f"max |now - {sha}| = {gap:.1e}")
        steps = {sha: make_step(then, images, a.mode), "now": make_step(now, images, a.mode)}
        for _ in range(a.rounds):
            times = time_interleaved(steps, 2, a.repeat)
            old, new = statistics.median(times[sha]), statistics.median(times["now"])
            paired = statistics.median(n / o for o, n in zip(times[sha], times["now"]))
            print(f"{sha} {old * 1e3:7.1f} ms   now {new * 1e3:7.1f} ms   now/{sha} {new / old:.3f}"
                  f"   (paired per-round ratio {paired:.3f})")

if __name__ == "__main__": main()
