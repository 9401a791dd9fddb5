"""Build the documentation site offline, without Quarto: nbdev's own notebook processing, then nbconvert to HTML.

    python tools/build_docs.py            # writes _site/*.html (index.html from README.ipynb)
    MATHJAX=/path/to/mathjax/MathJax.js python tools/build_docs.py   # equations typeset offline too
                                          # (MathJax 2, e.g. `npm install mathjax@2`); default: the CDN

nbdev processes each notebook exactly as `nbdev_docs` does before handing it to Quarto: directives applied,
hidden cells removed, and a `show_doc` API entry added and rendered for every exported function and class.
`jupyter nbconvert` turns the result into HTML. The script then checks every page: it has its title and an API
entry for each name its module exports. (The deployed site is rendered by Quarto in the GitHub workflow.)"""
import html, json, os, re, shutil, subprocess, sys
import yaml
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

def process():
    "Run nbdev's docs processing into `_proc/`."
    os.chdir(ROOT)
    from nbdev.serve import proc_nbs
    return Path(proc_nbs(path="nbs", force=True, n_workers=2))

def tidy(nb:Path):
    "Turn what Quarto would read (front matter, `#| echo: false`, nbdev's own cell keys) into plain nbformat."
    nb_json = json.loads(nb.read_text())
    for cell in nb_json["cells"]:
        cell.pop("has_sd", None)
        src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "raw" and src.startswith("---"):
            meta = yaml.safe_load(src.strip().strip("-")) or {}
            cell.update(cell_type="markdown", source=f"# {meta.get('title', '')}\n\n*{meta.get('description', '')}*")
            cell.pop("outputs", None); cell.pop("execution_count", None)
        for out in cell.get("outputs", []):  # Quarto's link attributes mean nothing to nbconvert
            md = out.get("data", {}).get("text/markdown")
            if md: out["data"]["text/markdown"] = re.sub(r"\)\{[^}]*\}", ")", "".join(md))
        if cell["cell_type"] == "code" and re.search(r"^#\|\s*echo:\s*false", src, flags=re.M):
            cell.setdefault("metadata", {}).setdefault("tags", []).append("remove_input")
    nb.write_text(json.dumps(nb_json))

def render(proc:Path, site:Path):
    "Render every processed notebook to `site/NAME.html`."
    if site.exists(): shutil.rmtree(site)
    site.mkdir()
    nbs = sorted(proc.glob("*.ipynb"))
    for nb in nbs: tidy(nb)
    mathjax = [f"--HTMLExporter.mathjax_url=file://{os.environ['MATHJAX']}?config=TeX-AMS_CHTML-full"] if os.environ.get("MATHJAX") else []
    subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "html", "--output-dir", str(site), *mathjax,
                    "--TagRemovePreprocessor.remove_input_tags=remove_input", "--no-prompt", "--log-level", "WARN",
                    *map(str, nbs)], check=True)
    return sorted(site.glob("*.html"))

def exported_names(nb:Path):
    "Names listed in `__all__` of the module this notebook exports, if any."
    src = json.loads(nb.read_text())["cells"][0]["source"]
    m = re.search(r"#\|\s*default_exp\s+(\S+)", "".join(src))
    if not m or m.group(1) == "__init__": return []
    mod = ROOT / "segformer" / (m.group(1).replace(".", "/") + ".py")
    import importlib, inspect
    module = importlib.import_module("segformer." + m.group(1))
    return [n for n in getattr(module, "__all__", []) if inspect.isclass(getattr(module, n)) or inspect.isfunction(getattr(module, n))]

def check(pages):
    "Every page has a title and a rendered API entry for each exported name; return the problems."
    problems = []
    for page in pages:
        text = page.read_text()
        if "<h1" not in text: problems.append(f"{page.name}: no title")
        nb = ROOT / "nbs" / (page.stem + ".ipynb")
        if not nb.exists(): continue
        for name in exported_names(nb):
            if not re.search(rf"<h[234][^>]*>\s*{re.escape(html.escape(name))}\s*<", text) and f">{name}</" not in text:
                problems.append(f"{page.name}: no API entry for {name}")
    return problems

if __name__ == "__main__":
    pages = render(process(), ROOT / "_site")
    problems = check(pages)
    for p in pages: print(f"  {p.relative_to(ROOT)}  ({p.stat().st_size // 1024} KiB)")
    if problems:
        print("\n".join(problems)); sys.exit(1)
    print(f"{len(pages)} pages, each with its title and API entries")
