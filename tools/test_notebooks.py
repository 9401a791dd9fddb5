"""Run every notebook's tests (the README's and each `nbs/` notebook) and print `N passed, M failed`.

nbdev_test only prints "Success."; this runs the same executor (`nbdev.test.test_nb`) one notebook at a time in
worker processes, reports each notebook with its time, and ends with a line that counts them.
By default cells flagged `slow` run too (every test); `--skip slow` leaves them out."""
import argparse, multiprocessing, os, sys, time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

def notebooks(patterns):
    "The notebooks to test: `README.ipynb` and `nbs/*.ipynb` (not hidden, not `_`-prefixed), or those matching `patterns`."
    found = [ROOT / "README.ipynb"] + sorted(p for p in (ROOT / "nbs").rglob("*.ipynb")
                                            if not p.is_symlink() and not any(part.startswith((".", "_")) for part in p.relative_to(ROOT).parts))
    if patterns: found = [p for p in found if any(pat in p.name for pat in patterns)]
    return found

def run_one(path, skip_flags, threads):
    "Run one notebook in this (worker) process; return (name, passed, seconds)."
    os.environ.setdefault("OMP_NUM_THREADS", str(threads))
    import torch; torch.set_num_threads(threads)
    from nbdev.test import test_nb
    passed, seconds = test_nb(path, skip_flags=skip_flags, basepath=ROOT)
    return path.relative_to(ROOT).as_posix(), bool(passed), seconds

def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("patterns", nargs="*", help="only notebooks whose file name contains one of these")
    parser.add_argument("--skip", nargs="*", default=["notest"], help="cell flags to skip (default: notest)")
    parser.add_argument("--workers", type=int, default=2, help="notebooks run at once (default 2)")
    args = parser.parse_args(argv)
    paths = notebooks(args.patterns)
    if not paths: sys.exit(f"no notebook matches {args.patterns}")
    cores = os.cpu_count() or 1
    threads = max(1, cores // args.workers)
    start, results = time.time(), []
    # largest first, so the workers finish together (the training demo's long runs are `notest` cells: not run here)
    paths.sort(key=lambda p: -p.stat().st_size)
    # a fresh process per notebook: notebooks share no state, and IPython's shell cannot clobber the runner
    with ProcessPoolExecutor(args.workers, mp_context=multiprocessing.get_context("spawn"), max_tasks_per_child=1) as pool:
        futures = [pool.submit(run_one, p, args.skip, threads) for p in paths]
        for future in as_completed(futures):
            name, passed, seconds = future.result()
            results.append((name, passed))
            print(f"{'PASS' if passed else 'FAIL'}  {name}  ({seconds:.0f} s)", flush=True)
    failed = [n for n, ok in results if not ok]
    print(f"\n{len(paths)} notebooks in {time.time() - start:.0f} s" + (f"; failed: {', '.join(failed)}" if failed else ""))
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0

if __name__ == "__main__":
    sys.exit(main())
