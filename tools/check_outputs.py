"""Stored notebook outputs hold no path of the machine that ran them and no warning.

    python tools/check_outputs.py          # exit 1 and name each offending cell

Outputs that teach (shapes, tables, pictures) stay in the notebooks; a path such as `/home/me/.venv/lib/…` or a
`DeprecationWarning` printed by a library says nothing to a reader and differs from machine to machine."""
import ast, json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MACHINE_PATH = re.compile(r"(?<![\w.])/(?:work|tmp|home|root|usr|opt|Users|var|private)/[\w.-]+|site-packages|[A-Z]:\\\\Users")
WARNING = re.compile(r"\b\w*Warning\b|^W\d{4} |\bwarnings?\.warn", re.M)

def output_text(output) -> str:
    "The text of one stored output: streams, plain text and HTML (pictures are not read)."
    if "text" in output: return "".join(output["text"])
    data = output.get("data", {})
    return "".join("".join(data[k]) for k in ("text/plain", "text/html", "text/markdown") if k in data) + "".join(output.get("traceback", []))

def problems(path:Path):
    "(cell number, what) for each output of the notebook at `path` that holds a machine path or a warning."
    for i, cell in enumerate(json.loads(path.read_text()).get("cells", [])):
        for output in cell.get("outputs", []):
            text = output_text(output)
            if m := MACHINE_PATH.search(text): yield i, f"a path of the machine: {m.group(0)!r}"
            if m := WARNING.search(text): yield i, f"a warning: {text[max(0, m.start() - 40):m.end() + 60].strip()!r}"
            if output.get("output_type") == "error": yield i, "an error"

def mixed_imports(path:Path):
    "(cell number, what) for each code cell that imports and does more: nbdev's docs build runs it, out of order."
    for i, cell in enumerate(json.loads(path.read_text()).get("cells", [])):
        lines = "".join(cell["source"]).splitlines() if cell["cell_type"] == "code" else []
        if not lines or "nbdev_export()" in "".join(lines) or re.match(r"#\|\s*(export|exports|exporti|echo:\s*false)\b", lines[0]): continue
        try: tree = ast.parse("\n".join(l for l in lines if not l.lstrip().startswith(("%", "!"))))
        except SyntaxError: continue
        imports = any(isinstance(node, (ast.Import, ast.ImportFrom)) for node in ast.walk(tree))   # nbdev's own test
        if imports and {type(node) for node in tree.body} - {ast.Import, ast.ImportFrom, ast.FunctionDef, ast.ClassDef}:
            yield i, "imports beside other code: nbdev's docs build runs such a cell alone; give the imports a cell"

def main():
    notebooks = [ROOT / "README.ipynb", *sorted((ROOT / "nbs").glob("*.ipynb"))]
    found = [(p, i, what) for p in notebooks if p.name != "index.ipynb" for check in (problems, mixed_imports)
             for i, what in check(p)]
    for p, i, what in found: print(f"{p.relative_to(ROOT)} cell {i}: {what}")
    print("ok: no stored output holds a machine path or a warning, no cell mixes imports with other code" if not found
          else f"FAIL: {len(found)} cells to clean")
    return 1 if found else 0

if __name__ == "__main__": sys.exit(main())
