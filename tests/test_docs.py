"The docs' paper sections: executed on a results table, rendered to HTML, opened in headless Chromium, every figure shown."
import json, os, re, shutil, subprocess, sys
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
STUDY = ROOT/'results'/'study'/'results.csv'

def chromium():
    "A headless Chromium driven by Selenium through Debian's chromedriver; skipped off CI when absent."
    paths = shutil.which('chromium'), shutil.which('chromedriver')
    if not all(paths):
        if os.environ.get('CI'): pytest.fail('CI must install chromium and chromium-driver (see .ci/run)')
        pytest.skip('chromium / chromedriver not installed')
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    o = webdriver.ChromeOptions(); o.binary_location = paths[0]
    for a in ('--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
              '--disable-component-update', '--disable-sync', '--no-first-run'): o.add_argument(a)
    return webdriver.Chrome(service=Service(paths[1]), options=o)

def check_verdicts_page(html:str, out:Path):
    "The verdicts page shows a table with a row for each claim of the verdict table it wrote, saying its verdict."
    import pandas as pd
    v = pd.read_csv(out/'figures'/'verdicts.csv')
    rows = [[re.sub(r'<[^>]+>', '', c).strip() for c in re.findall(r'<t[dh][^>]*>(.*?)</t[dh]>', r, re.S)]
            for r in re.findall(r'<tr[^>]*>(.*?)</tr>', html, re.S)]
    assert rows, 'the verdicts page shows no table'
    verdicts = {'holds', 'does not hold', 'inconclusive'}
    for claim in sorted(v.claim.unique()):
        assert any(r and r[0] == str(claim) and verdicts & set(r) for r in rows), f'no verdict for claim {claim}'

def test_the_verdicts_check_fails_on_a_page_without_verdicts(tmp_path):
    (tmp_path/'figures').mkdir()
    (tmp_path/'figures'/'verdicts.csv').write_text('claim,verdict\n1,holds\n2,inconclusive\n')
    check_verdicts_page('<table><tr><td>1</td><td>holds</td></tr><tr><td>2</td><td>inconclusive</td></tr></table>', tmp_path)
    with pytest.raises(AssertionError, match='no verdict for claim 2'):
        check_verdicts_page('<table><tr><td>1</td><td>holds</td></tr></table>', tmp_path)
    with pytest.raises(AssertionError, match='shows no table'):
        check_verdicts_page('<p>1 holds 2 inconclusive</p>', tmp_path)

@pytest.fixture(scope='module')
def rendered(tmp_path_factory):
    from noisenb.report import run_paper
    if not STUDY.exists(): pytest.fail(f'{STUDY} is missing: the docs show the committed study run')
    out = tmp_path_factory.mktemp('paper')
    return out, run_paper(STUDY, out)

def test_every_section_renders_with_its_figures(rendered):
    out, pages = rendered
    assert [p.stem for p in pages] == ['01_centralized', '02_federated', '03_snr_pos_poa', '04_privacy', '05_verdicts', '06_beyond']
    driver = chromium()
    try:
        for page in pages:
            nb = json.loads(page.with_suffix('.ipynb').read_text())
            n_fig = sum('image/png' in o.get('data', {}) for c in nb['cells'] for o in c.get('outputs', []))
            driver.get(page.resolve().as_uri())
            if page.stem == '05_verdicts': check_verdicts_page(driver.page_source, out)   # its evidence is a table
            elif page.stem == '06_beyond' and not (ROOT/'results'/'beyond').is_dir():   # says that its scopes have not run
                assert 'has no results in' in page.read_text() and n_fig == 0, page.stem
            else: assert n_fig >= 1, f'{page.stem}: no figure was drawn'
            shown = driver.execute_script(
                'return Array.from(document.images).filter(i => i.complete && i.naturalWidth > 0).length')
            total = driver.execute_script('return document.images.length')
            assert shown == total == n_fig, f'{page.stem}: {shown} of {total} images shown, {n_fig} figures in the notebook'
            assert 'Traceback' not in driver.page_source
            assert driver.title == page.stem, (driver.title, page)   # nbconvert's page, not a browser error page
    finally: driver.quit()

def test_figures_and_verdicts_written(rendered):
    out, _ = rendered
    pngs = sorted(p.name for p in (out/'figures').glob('*.png'))
    assert {'central_acc_loss.png', 'snr.png', 'privacy_vs_sigma.png', 'accuracy_vs_auc.png'} <= set(pngs), pngs
    text = (out/'figures'/'verdicts.md').read_text()
    assert text.count('\n| ') >= 4 and all(f'| {k} |' in text for k in (1, 2, 3, 4)), text

def _commands(text:str) -> list[str]:
    "The lines of a page that give the two commands, with what they say they do."
    return [' '.join(l.split()) for l in text.splitlines() if l.strip().startswith(('scripts/main.sh ', 'scripts/test.sh '))]

def test_readme_is_not_regenerated_and_agrees_with_the_home_page(tmp_path):
    # README.md is hand-written: nbdev-readme (and nbdev-prepare, which calls it) must leave it alone ...
    before = (ROOT/'README.md').read_bytes()
    r = subprocess.run([sys.executable, '-c', 'from nbdev.quarto import nbdev_readme; nbdev_readme.__wrapped__()'],
                       cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert (ROOT/'README.md').read_bytes() == before
    # ... and it gives the same two commands as the home page, nbs/index.ipynb
    home = '\n'.join(''.join(c['source']) for c in json.loads((ROOT/'nbs'/'index.ipynb').read_text())['cells'])
    readme = before.decode()
    assert len(_commands(readme)) == 2 and _commands(readme) == _commands(home), (_commands(readme), _commands(home))
    assert 'results/study' in readme and 'results/study' in home

# ---- The site as Quarto reads it: the processed notebooks (`nbdev-proc-nbs`), and each one rendered to HTML by nbconvert.

LIBRARY = 'Library'   # the sidebar section whose pages document the package
TMP_PATH = re.compile(r'(?<![\w.])/(?:tmp|var/folders|private/var)/|pytest-of-|/root/|/home/\w|/work/|[A-Z]:\\Users\\'
                      r'|\btmp[a-z0-9_]{8}\b')   # or a bare tempfile.mkdtemp() name
WARNING_LINE = re.compile(r'\b\w*Warning: |\b(?:WARNING|ERROR)\b|^\s*\[?\d{4}-\d\d-\d\d[ T]\d\d:\d\d', re.M)   # or a dated log line
PLACEHOLDER = re.compile(r'(?:^|(?<=[\s(|:=,]))\?(?=[\s,.;:)|]|$)', re.M)   # a lone "?" where a value should be

def test_the_leak_patterns_catch_what_readers_saw():
    "The defects a reader found on the rendered site, each caught, and ordinary prose and code left alone."
    for text, pat in (('/tmp/ipykernel_123/456.py:3', TMP_PATH), ('saved to /tmp/tmpab12/cli', TMP_PATH),
                      ('priced from the timers of tmpwux14b76: the machine', TMP_PATH),
                      ('/var/folders/x/T/run', TMP_PATH), ('UserWarning: To copy construct from a tensor', WARNING_LINE),
                      ('2026-11-27 10:01:02 failed to converge', WARNING_LINE), ('WARNING :   node unavailable', WARNING_LINE),
                      ('data ?, all training images per class, ? epochs', PLACEHOLDER), ('| ? |', PLACEHOLDER)):
        assert pat.search(text), (pat.pattern, text)
    for text in ("Does noise regularize? The study's answer, with `out='runs/hidden-0.5'`", "x = d.get('k', '?')",
                 'the warnings module', 'ErrorCode.CLIENT_APP_RAISED_EXCEPTION', 'ValueError: disk full'):
        assert not any(p.search(text) for p in (TMP_PATH, WARNING_LINE, PLACEHOLDER)), text

def _yaml(path): import yaml; return yaml.safe_load(Path(path).read_text())

def slug(heading:str) -> str:
    "Pandoc's identifier for a heading (what Quarto's anchors are): text of links, lowercase, [\\w.-] and hyphens."
    s = re.sub(r'\[([^\]]*)\]\([^)]*\)', r'\1', heading)
    s = re.sub(r'[^\w\s.-]', '', re.sub(r'[`*]', '', s)).strip().lower()
    return re.sub(r'^[^a-z]+', '', re.sub(r'\s+', '-', s)) or 'section'

def _md(nb) -> list[str]:
    "Every piece of markdown Quarto renders: markdown cells and the markdown outputs (show_doc's)."
    out = [''.join(c['source']) for c in nb['cells'] if c['cell_type'] == 'markdown']
    return out + [''.join(o['data']['text/markdown']) for c in nb['cells'] for o in c.get('outputs', [])
                  if 'text/markdown' in o.get('data', {})]

def _anchors(nb) -> set[str]:
    ids = set()
    for text in _md(nb):
        for h, own in re.findall(r'^#{1,6}\s+(.*?)\s*(?:\{#([\w.:-]+)[^}]*\})?\s*$', _strip_fences(text), re.M):
            ids.add(own or slug(h))
    return ids

def _strip_fences(text): return re.sub(r'^```.*?^```', '', text, flags=re.M | re.S)

class Page:
    "One page of the site: its processed notebook, front matter, address and nbconvert HTML's text and links."
    def __init__(self, path:Path, proc:Path):
        self.nb = json.loads(path.read_text())
        raw = ''.join(self.nb['cells'][0]['source'])
        import yaml
        self.fm = yaml.safe_load(raw.strip().strip('-')) if self.nb['cells'][0]['cell_type'] == 'raw' else {}
        self.src = path.relative_to(proc).as_posix()
        self.url = (path.parent.relative_to(proc)/self.fm.get('output-file', path.with_suffix('.html').name)).as_posix()

    def outputs(self, with_show_doc=False):
        "The outputs of the page's code cells (by default: not show_doc's API entries)."
        return [o for c in self.nb['cells'] if c['cell_type'] == 'code' and (with_show_doc or 'show_doc(' not in ''.join(c['source']))
                for o in c.get('outputs', [])]

    def output_text(self) -> str:
        parts = []
        for o in self.outputs(with_show_doc=True):
            if o['output_type'] == 'stream': parts.append(''.join(o['text']))
            elif o['output_type'] == 'error': parts.append('Traceback\n' + '\n'.join(o.get('traceback', [])))
            else: parts += [''.join(v) for k, v in o.get('data', {}).items() if k.startswith('text/')]
        return '\n'.join(parts)

@pytest.fixture(scope='module')
def site(tmp_path_factory):
    "The processed notebooks (nbdev-proc-nbs, as the docs build runs it) as pages, each also rendered to HTML."
    exe = Path(sys.executable).parent/'nbdev-proc-nbs'
    r = subprocess.run([str(exe) if exe.exists() else 'nbdev-proc-nbs'], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    proc = ROOT/'_proc'
    pages = [Page(f, proc) for f in sorted(proc.rglob('*.ipynb'))]
    sidebar = _yaml(ROOT/'nbs'/'sidebar.yml')['website']['sidebar']['contents']
    library = next(s['contents'] for s in sidebar if s['section'] == LIBRARY)
    import nbformat
    from nbconvert import HTMLExporter
    from bs4 import BeautifulSoup
    exporter = HTMLExporter()
    keys = {'cell_type', 'id', 'metadata', 'source', 'outputs', 'execution_count', 'attachments'}
    for p in pages:   # nbdev's processor adds keys (`has_sd`, timings) that nbformat refuses
        nb = nbformat.reads(json.dumps(dict(p.nb, cells=[{k: v for k, v in c.items() if k in keys} | {'metadata': {k: v for k, v in c['metadata'].items() if k != 'execution'}}
                                                    for c in p.nb['cells']])), 4)
        soup = BeautifulSoup(exporter.from_notebook_node(nb)[0], 'html.parser')
        for s in soup(['script', 'style']): s.decompose()
        p.html_text, p.html_flat = soup.get_text(' '), re.sub(r'\s+', '', soup.get_text(''))
        p.html_links = [a['href'] for a in soup.find_all('a', href=True)]
    return {p.url: p for p in pages}, set(library)

def test_every_source_has_its_own_page(site):
    pages, library = site
    urls = [p.url for p in pages.values()]
    assert len(pages) == len(list((ROOT/'_proc').rglob('*.ipynb'))), f'two notebooks render to one page: {sorted(urls)}'
    assert {p.src for p in pages.values()} >= library, library - {p.src for p in pages.values()}

def test_every_page_opens_with_its_introduction(site):
    pages, _ = site
    for url, p in pages.items():
        assert p.fm.get('title') and p.fm.get('description'), f'{url}: no title or summary line: {p.fm}'
        md = [''.join(c['source']).strip() for c in p.nb['cells'][1:] if c['cell_type'] == 'markdown']
        md = [m for m in md if m and not m.startswith('<!-- WARNING')]
        assert md and not md[0].startswith(('#', '|', '```', '!')), f'{url}: the page does not open with prose: {md[:1]}'
        words = re.sub(r'\[([^\]]*)\]\([^)]*\)', r'\1', md[0]).replace('`', '').replace('*', '').split()
        assert len(words) >= 20, f'{url}: its opening paragraph is {len(words)} words: {md[0]!r}'
        assert ''.join(words[:8]) in p.html_flat, f'{url}: the introduction is not on the rendered page'
    assert 'paradoxofnoise' in pages['index.html'].html_flat.lower(), 'the home page does not say which study this is'

def test_every_library_page_shows_results(site):
    pages, library = site
    bare = [p.src for p in pages.values() if p.src in library
            and not [o for o in p.outputs() if o['output_type'] in ('execute_result', 'display_data', 'stream')]]
    assert not bare, f'no example on these pages shows its output (run the notebook, commit its outputs): {bare}'

def test_no_page_leaks(site):
    pages, bad = site[0], []
    for url, p in pages.items():
        for where, text in (('outputs', p.output_text()), ('rendered page', p.html_text)):
            for what, pat in (('a temporary or machine path', TMP_PATH), ('a warning or log line', WARNING_LINE),
                              ('a "?" placeholder', PLACEHOLDER), ('a traceback', re.compile('Traceback'))):
                bad += [f'{url}: its {where} show {what}: ' + ' '.join(text[max(m.start() - 60, 0):m.end() + 40].split())
                        for m in pat.finditer(text)]
        if [o for o in p.outputs(True) if o['output_type'] == 'error' or o.get('name') == 'stderr']:
            bad.append(f'{url}: a cell wrote to stderr or raised')
    assert not bad, '\n'.join(bad)

def _site_url(): return _yaml(ROOT/'nbs'/'nbdev.yml')['website']['site-url'].rstrip('/') + '/'

def test_every_internal_link_resolves(site):
    pages, _ = site
    base, by_src = _site_url(), {p.src: p for p in pages.values()}
    anchors = {url: _anchors(p.nb) for url, p in pages.items()}
    bad = []
    for url, p in pages.items():
        links = [l for t in _md(p.nb) for l in re.findall(r'\]\(([^)\s]+)', _strip_fences(t))]
        links += [l for l in p.html_links if not l.startswith('#')]
        for link in dict.fromkeys(links):
            if link.startswith(base): target = link[len(base):]
            elif re.match(r'^[a-z]+:', link): continue   # another site
            else: target = (Path(url).parent/link).as_posix() if not link.startswith('#') else url + link
            target = os.path.normpath(target.split('#')[0]) + ('#' + link.split('#', 1)[1] if '#' in link else '')
            page, _, anchor = target.partition('#')
            page = by_src[page].url if page in by_src else page
            if page not in pages: bad.append(f'{url}: {link} (no page {page})')
            elif anchor and anchor not in anchors[page]: bad.append(f'{url}: {link} (no #{anchor} on {page})')
    assert not bad, '\n'.join(bad)
