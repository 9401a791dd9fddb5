"""Build the documentation site offline, without Quarto, and check it.

    python tools/build_docs.py             # writes _site/: index.html (from README.ipynb) and one page per notebook

What it needs installed: the package's dev requirements (`pip install -e ".[dev]"`: nbdev, nbconvert) and `npm`
(Node.js), with which it installs KaTeX once into `.cache/docs/` (from the npm registry) so that equations are
typeset with no network at all. Open `_site/index.html` in a browser.

Steps: the landing notebook is made from README.ipynb (`tools/readme.py index`); nbdev processes every notebook as
`nbdev_docs` does before handing it to Quarto (directives applied, hidden cells removed, a `show_doc` API entry
added for every exported function and class); `jupyter nbconvert` renders each to HTML; then every page gets
KaTeX, a navigation bar (previous, contents, next, in reading order) and local links (`NAME.ipynb` and links to
the published site become `NAME.html`). The check: every page has its title, an API entry for each name its module
exports, and every local link and picture it points to exists. (The published site is rendered by Quarto in
`.github/workflows/deploy.yaml`.)"""
import html, json, os, re, shutil, subprocess, sys
from configparser import ConfigParser
from pathlib import Path
import yaml

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "docs"
KATEX_VERSION = "0.16"
ARCHITECTURE = {f"0{i}" for i in range(8)}   # the notebooks that build the model: their pages show its code

def katex() -> Path:
    "The folder of KaTeX's distribution, installed from the npm registry on first use."
    dist = CACHE / "node_modules" / "katex" / "dist"
    if not (dist / "katex.min.js").is_file():
        if not shutil.which("npm"): sys.exit("build_docs needs npm (Node.js) once, to install KaTeX into .cache/docs/")
        subprocess.run(["npm", "install", "--prefix", str(CACHE), "--no-audit", "--no-fund", f"katex@{KATEX_VERSION}"], check=True)
    return dist

def process() -> Path:
    "Write the landing notebook, then run nbdev's docs processing into `_proc/`."
    subprocess.run([sys.executable, str(ROOT / "tools" / "readme.py"), "index"], check=True)
    os.chdir(ROOT)
    from nbdev.serve import proc_nbs
    return Path(proc_nbs(path="nbs", force=True, n_workers=2))

def tidy(nb:Path) -> str:
    "Turn what Quarto would read (front matter, `#| echo: false`, nbdev's own cell keys) into plain nbformat; return the page's file name."
    nb_json, output = json.loads(nb.read_text()), nb.stem + ".html"
    for cell in nb_json["cells"]:
        cell.pop("has_sd", None)
        src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "raw" and src.startswith("---"):
            meta = yaml.safe_load(src.strip().strip("-")) or {}
            output = meta.get("output-file", output)          # nbdev names pages without the number: 04_encoder -> encoder.html
            cell.update(cell_type="markdown", source=f"# {meta.get('title', '')}\n\n*{meta.get('description', '')}*")
            cell.pop("outputs", None); cell.pop("execution_count", None)
        for out in cell.get("outputs", []):  # Quarto's link attributes mean nothing to nbconvert
            md = out.get("data", {}).get("text/markdown")
            if md: out["data"]["text/markdown"] = re.sub(r"\)\{[^}]*\}", ")", "".join(md))
        if cell["cell_type"] == "code" and re.search(r"^#\|\s*echo:\s*false", src, flags=re.M):
            cell.setdefault("metadata", {}).setdefault("tags", []).append("remove_input")
    nb.write_text(json.dumps(nb_json))
    return output

def reading_order(names:dict) -> list:
    "Pages in reading order, from `{notebook stem: page}`: the landing page, then the notebooks by name (`08_…` before `08a_…`)."
    return [names[stem] for stem in sorted(names, key=lambda stem: (stem != "index", stem))]

def published_url() -> str:
    "The address of the published site, from settings.ini (links to it are made local)."
    cfg = ConfigParser(); cfg.read(ROOT / "settings.ini"); d = cfg["DEFAULT"]
    return d.get("doc_host", "").replace("%(user)s", d.get("user", "")).rstrip("/") + d.get("doc_baseurl", "").replace("%(repo)s", d.get("repo", ""))

def title_of(page:Path) -> str:
    m = re.search(r"<h1[^>]*>(.*?)</h1>", page.read_text(), flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>|¶", "", m[1])).strip() if m else page.stem

def finish(page:Path, order:list, titles:dict, site_url:str, names:dict):
    "Local links, KaTeX instead of the MathJax CDN, and the navigation bar."
    text = page.read_text()
    text = re.sub(r"<script[^>]*>[^<]*MathJax[^<]*</script>|<script[^>]*src=\"[^\"]*mathjax[^\"]*\"[^>]*></script>", "", text, flags=re.I)
    if site_url: text = text.replace(f'href="{site_url}/', 'href="')
    text = re.sub(r'href="(?:nbs/)?([\w.-]+)\.ipynb(#[^"]*)?"',
                  lambda m: f'href="{names[m[1]].name if m[1] in names else m[1] + ".html"}{m[2] or ""}"', text)
    i = order.index(page)
    link = lambda p, label: f'<a href="{p.name}">{label}</a>' if p else "<span></span>"
    contents = "".join(f'<li{" class=here" if p == page else ""}><a href="{p.name}">{html.escape(titles[p])}</a></li>' for p in order)
    nav = (f'<nav class="book">{link(order[i - 1] if i else None, "← " + (html.escape(titles[order[i - 1]]) if i else ""))}'
           f'<details><summary>Contents</summary><ol>{contents}</ol></details>'
           f'{link(order[i + 1] if i + 1 < len(order) else None, (html.escape(titles[order[i + 1]]) + " →") if i + 1 < len(order) else "")}</nav>')
    head = ('<link rel="stylesheet" href="katex/katex.min.css"><script defer src="katex/katex.min.js"></script>'
            '<script defer src="katex/contrib/auto-render.min.js" onload="renderMathInElement(document.body, {delimiters: ['
            '{left: \'$$\', right: \'$$\', display: true}, {left: \'$\', right: \'$\', display: false}], throwOnError: false})"></script>'
            '<style>nav.book{display:flex;justify-content:space-between;align-items:flex-start;gap:1em;padding:.6em 1em;'
            'border-bottom:1px solid #ddd;font:14px sans-serif;position:sticky;top:0;background:#fff;z-index:10}'
            'nav.book details{max-width:30em} nav.book li.here{font-weight:bold}'
            'pre:has(> code.language-sh),pre:has(> code.language-bash){border:1px solid #ddd;border-radius:4px;'
            'background:#f7f7f7;padding:.5em .7em;margin-bottom:1em}</style>')
    text = text.replace("</head>", head + "</head>", 1)
    text = re.sub(r"(<body[^>]*>)", lambda m: m[1] + nav, text, count=1)
    page.write_text(text)

def render(proc:Path, site:Path) -> dict:
    "Render every processed notebook to its page in `site/`, finish each page; return `{notebook stem: page}`."
    if site.exists(): shutil.rmtree(site)
    site.mkdir()
    shutil.copytree(katex(), site / "katex")
    nbs = sorted(proc.glob("*.ipynb"))
    outputs = {nb.stem: tidy(nb) for nb in nbs}
    subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "html", "--output-dir", str(site),
                    "--TagRemovePreprocessor.remove_input_tags=remove_input", "--no-prompt", "--log-level", "WARN",
                    *map(str, nbs)], check=True)
    for extra in ("images",):                               # pictures the README links
        if (ROOT / extra).is_dir(): shutil.copytree(ROOT / extra, site / extra)
    names = {stem: (site / f"{stem}.html").rename(site / page) for stem, page in outputs.items()}
    order = reading_order(names)
    titles = {p: title_of(p) for p in order}
    for page in order: finish(page, order, titles, published_url(), names)
    return names

def exported_names(nb:Path) -> list:
    "Classes and functions in `__all__` of the module this notebook exports and defined there (not names it re-exports)."
    m = re.search(r"#\|\s*default_exp\s+(\S+)", "".join(json.loads(nb.read_text())["cells"][0]["source"]))
    if not m or m.group(1) == "__init__": return []
    import importlib, inspect
    module = importlib.import_module("segformer." + m.group(1))
    return [n for n in getattr(module, "__all__", []) if (inspect.isclass(getattr(module, n)) or inspect.isfunction(getattr(module, n)))
            and getattr(module, n).__module__ == module.__name__]

def check(names:dict) -> list:
    "Every page has a title, an API entry for each exported name (and its code, for 00–07), no raw Markdown in code, no broken link."
    problems = []
    for stem, page in names.items():
        text = page.read_text()
        if "<h1" not in text: problems.append(f"{page.name}: no title")
        for target in sorted(set(re.findall(r'(?:href|src)="([^"#:?]+)(?:[#?][^"]*)?"', text))):
            if not (page.parent / target).exists(): problems.append(f"{page.name}: broken link to {target}")
        if stem != "index":
            plain = html.unescape(re.sub(r"<[^>]+>", "", text))              # the page's text, highlighting removed
            for name in exported_names(ROOT / "nbs" / f"{stem}.ipynb"):
                if not re.search(rf"<h[234][^>]*>\s*{re.escape(html.escape(name))}\s*<", text) and f">{name}</" not in text:
                    problems.append(f"{page.name}: no API entry for {name}")
                built = rf"\b(def|class) {re.escape(name)}\b|(^|,\s*){re.escape(name)}\b[\w, ]*=(?!=)"   # or assigned
                if stem[:2] in ARCHITECTURE and not re.search(built, plain, flags=re.M):
                    problems.append(f"{page.name}: the code of {name} is not on its page (use #| exports)")
            if stem[:2] in ARCHITECTURE and "arxiv.org/abs/2105.15203" not in text:
                problems.append(f"{page.name}: no link to the paper (arXiv 2105.15203)")
        for code in re.findall(r"<(?:code|pre)[^>]*>(.*?)</(?:code|pre)>", text, flags=re.S):
            if "](" in html.unescape(re.sub(r"<[^>]+>", "", code)): problems.append(f"{page.name}: raw Markdown link in code: {code[:80]!r}")
    return problems

if __name__ == "__main__":
    names = render(process(), ROOT / "_site")
    problems = check(names)
    for page in reading_order(names): print(f"  {page.relative_to(ROOT)}  ({page.stat().st_size // 1024} KiB)")
    if problems:
        print("\n".join(problems)); sys.exit(1)
    print(f"{len(names)} pages in reading order, each with its title, API entries, navigation and working local links")
