"""Generate `README.md` from `README.ipynb` without Quarto, check it is current, or print one of its commands.

    python tools/readme.py            # write README.md
    python tools/readme.py --check    # exit 1 if README.md is not what README.ipynb gives
    python tools/readme.py command main|test   # print the README's set-up command (CI runs the test one)

Markdown cells are copied; code cells become ```python blocks without their `#|` directive lines, followed by
their text output; cells marked `#| hide` are left out. The two set-up commands are the first two ```sh blocks."""
import json, os, re, sys, tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

def _source(cell): return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]

def _text_outputs(cell):
    for out in cell.get("outputs", []):
        if out["output_type"] == "stream" and out.get("name") == "stdout": yield "".join(out["text"])
        elif out["output_type"] in ("execute_result", "display_data") and "text/plain" in out.get("data", {}):
            if "image/png" not in out["data"]: yield "".join(out["data"]["text/plain"]) + "\n"

def render(nb_path=ROOT / "README.ipynb") -> str:
    "The markdown of `README.md`."
    nb = json.loads(Path(nb_path).read_text(encoding="utf-8"))
    parts = ["<!-- Generated from README.ipynb by tools/readme.py: edit the notebook, not this file. -->"]
    for cell in nb["cells"]:
        src = _source(cell).strip("\n")
        if cell["cell_type"] == "markdown": parts.append(src)
        elif cell["cell_type"] == "code":
            lines = src.splitlines()
            if any(re.match(r"#\|\s*hide\s*$", l) for l in lines): continue
            code = "\n".join(l for l in lines if not l.startswith("#|")).strip("\n")
            if code: parts.append(f"```python\n{code}\n```")
            text = "".join(_text_outputs(cell)).rstrip("\n")
            if text: parts.append(f"```\n{text}\n```")
    return "\n\n".join(parts) + "\n"

def commands(nb_path=ROOT / "README.ipynb") -> dict:
    "The README's set-up commands: the first ```sh block is `main`, the second `test`."
    text = "\n".join(_source(c) for c in json.loads(Path(nb_path).read_text(encoding="utf-8"))["cells"]
                     if c["cell_type"] == "markdown")
    blocks = re.findall(r"```sh\n(.*?)\n```", text, flags=re.S)
    if len(blocks) < 2: raise SystemExit("README.ipynb must have two ```sh blocks: the main command, then the test command")
    return {"main": blocks[0].strip(), "test": blocks[1].strip()}

def write_atomic(path:Path, text:str):
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as f: f.write(text)
    os.replace(tmp, path)

def main(argv):
    if argv[:1] == ["command"]:
        print(commands()[argv[1]]); return 0
    expected = render()
    if argv[:1] == ["--check"]:
        current = (ROOT / "README.md").read_text(encoding="utf-8") if (ROOT / "README.md").exists() else ""
        if current != expected:
            print("README.md is stale: run `python tools/readme.py` and commit the result", file=sys.stderr); return 1
        print("README.md is up to date"); return 0
    write_atomic(ROOT / "README.md", expected); print("wrote README.md"); return 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
