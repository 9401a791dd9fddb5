"""The landing page has one source, `README.ipynb`; this makes everything else from it, without Quarto.

    python tools/readme.py                 # write README.md (and the pictures it shows, in images/)
    python tools/readme.py --check         # exit 1 if README.md or its pictures are not what README.ipynb gives
    python tools/readme.py command main|test   # print the README's set-up command (CI runs the test one)
    python tools/readme.py index [FILE]    # write the docs' landing notebook (default nbs/index.ipynb, not committed)

Markdown cells are copied; code cells become ```python blocks without their `#|` directive lines, followed by
their text output; cells marked `#| hide` are left out, and cells marked `#| echo: false` show only their output.
Pictures in outputs are written to `images/readme-N.png` and linked. The two set-up commands are the first two
```sh blocks. The docs' landing notebook is README.ipynb with its `nbs/NAME.ipynb` links made relative to `nbs/`."""
import base64, json, os, re, sys, tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "images"

def _source(cell): return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]

def _directive(lines, name, value=None):
    "Whether the cell's `#|` lines set `name` (to `value`, when given)."
    for line in lines:
        m = re.match(r"#\|\s*([\w-]+)\s*:?\s*(\S*)", line)
        if m and m[1] == name and (value is None or m[2] == value): return True
    return False

def _outputs(cell, pictures):
    "The cell's text outputs as ``` blocks and its PNG outputs as links; PNG bytes are added to `pictures`."
    parts, text = [], ""
    for out in cell.get("outputs", []):
        data = out.get("data", {})
        if out["output_type"] == "stream" and out.get("name") == "stdout": text += "".join(out["text"])
        elif "image/png" in data:
            name = f"readme-{len(pictures) + 1}.png"
            pictures[name] = base64.b64decode("".join(data["image/png"]))
            parts.append(f"![](images/{name})")
        elif out["output_type"] in ("execute_result", "display_data") and "text/plain" in data:
            text += "".join(data["text/plain"]) + "\n"
    if text.strip(): parts.insert(0, f"```\n{text.rstrip()}\n```")
    return parts

def render(nb_path=ROOT / "README.ipynb"):
    "The markdown of `README.md`, and the pictures it links `{file name: PNG bytes}`."
    nb = json.loads(Path(nb_path).read_text(encoding="utf-8"))
    parts, pictures = ["<!-- Generated from README.ipynb by tools/readme.py: edit the notebook, not this file. -->"], {}
    for cell in nb["cells"]:
        src = _source(cell).strip("\n")
        if cell["cell_type"] == "markdown": parts.append(src); continue
        if cell["cell_type"] != "code": continue
        lines = src.splitlines()
        if _directive(lines, "hide"): continue
        code = "\n".join(l for l in lines if not l.startswith("#|")).strip("\n")
        if code and not _directive(lines, "echo", "false"): parts.append(f"```python\n{code}\n```")
        parts += _outputs(cell, pictures)
    return "\n\n".join(parts) + "\n", pictures

def commands(nb_path=ROOT / "README.ipynb") -> dict:
    "The README's set-up commands: the first ```sh block is `main`, the one that runs `tools/test_notebooks.py` is `test`."
    text = "\n".join(_source(c) for c in json.loads(Path(nb_path).read_text(encoding="utf-8"))["cells"]
                     if c["cell_type"] == "markdown")
    blocks = [b.strip() for b in re.findall(r"```sh\n(.*?)\n```", text, flags=re.S)]
    tests = [b for b in blocks if "tools/test_notebooks.py" in b]
    if not blocks or len(tests) != 1:
        raise SystemExit("README.ipynb must have ```sh blocks: the main command first, and one that runs tools/test_notebooks.py")
    return {"main": blocks[0], "test": tests[0]}

def landing_notebook(nb_path=ROOT / "README.ipynb") -> dict:
    "README.ipynb as the docs' `nbs/index.ipynb`: links to `nbs/NAME.ipynb` become `NAME.ipynb`."
    nb = json.loads(Path(nb_path).read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            cell["source"] = re.sub(r"\]\(nbs/([^)]+)\)", r"](\1)", _source(cell))
    return nb

def write_atomic(path:Path, data:bytes):
    "Write `data` to `path` through a temporary file in the same folder."
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "wb") as f: f.write(data)
    os.chmod(tmp, 0o644); os.replace(tmp, path)

def main(argv):
    if argv[:1] == ["command"]:
        print(commands()[argv[1]]); return 0
    if argv[:1] == ["index"]:
        target = Path(argv[1]) if len(argv) > 1 else ROOT / "nbs" / "index.ipynb"
        write_atomic(target, json.dumps(landing_notebook(), indent=1, ensure_ascii=False).encode()); print(f"wrote {target}")
        return 0
    text, pictures = render()
    if argv[:1] == ["--check"]:
        current = (ROOT / "README.md").read_text(encoding="utf-8") if (ROOT / "README.md").exists() else ""
        stale = [n for n, png in pictures.items() if not (IMAGES / n).is_file() or (IMAGES / n).read_bytes() != png]
        if current != text or stale:
            print("README.md or its pictures are stale: run `python tools/readme.py` and commit the result", file=sys.stderr)
            return 1
        print("README.md is up to date"); return 0
    for name, png in pictures.items(): write_atomic(IMAGES / name, png)
    write_atomic(ROOT / "README.md", text.encode("utf-8")); print(f"wrote README.md and {len(pictures)} picture(s)")
    return 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
