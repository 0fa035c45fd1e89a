"""The docs site as a reader gets it: built by real Quarto (`nbdev-docs`), every page opened in headless Chromium.

`scripts/test.sh` builds the site into `_docs/` when `quarto` is on PATH (`.ci/run` builds Quarto 1.7.34 with
`../shared/tools/quarto/build.sh`; a user's own Quarto works the same). Without Quarto these tests are skipped, and
say why; on CI they fail instead. Each check is first shown failing on a page made broken on purpose.
"""
import json, os, re, shutil, subprocess, sys
from pathlib import Path
from urllib.parse import urlparse, unquote
import pytest
from test_docs import chromium

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT/'_docs'
WIDTH = 1280   # a laptop's browser window

# In the page: every check of one page, as lists of what is wrong (empty when the page is right).
PAGE_JS = r"""
const main = document.querySelector('main#quarto-document-content') || document.body;
const col = main.getBoundingClientRect(), vw = document.documentElement.clientWidth;
const text = el => (el.innerText || '').trim();
const out = {overflow: [], figures: [], index: [], truncated: [], reprs: [], prose: []};
const scrolls = el => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);   // hidden or clip: cut off
for (const el of main.querySelectorAll('*')) {
  const r = el.getBoundingClientRect();
  if (!r.width || !r.height) continue;
  const wide = el.closest('[class*="column-page"], [class*="column-screen"], [class*="column-body-outset"], .column-margin');
  const [lo, hi] = wide ? [0, vw] : [col.left, col.right];
  const ox = getComputedStyle(el).overflowX, over = el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 2;
  if (over && (ox === 'hidden' || ox === 'clip')) {   // cut off by its own box: no scrolling shows the rest
    out.overflow.push({el, what: el.tagName.toLowerCase() + ` cuts ${el.scrollWidth - el.clientWidth} px off: ` + text(el).slice(0, 60)});
    continue; }
  const spills = over && !scrolls(el);   // its content runs out of its own box
  if (r.left >= lo - 2 && r.right <= hi + 2 && !spills) continue;
  let a = el.parentElement, boxed = false;   // inside a box of its own that scrolls within the column?
  while (a && a !== main) { const ar = a.getBoundingClientRect();
    if (scrolls(a) && ar.left >= lo - 2 && ar.right <= hi + 2) { boxed = true; break; } a = a.parentElement; }
  if (!boxed && !(el.parentElement && out.overflow.some(o => o.el === el.parentElement)))
    out.overflow.push({el, what: el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : '') +
                       ` ${Math.round(r.width)} px wide at ${Math.round(r.left)}: ` + text(el).slice(0, 60)});
}
out.overflow = out.overflow.map(o => o.what);
for (const img of main.querySelectorAll('img')) {   // opening full size on click excuses 1.5x, not an unreadable page
  const most = img.closest('a.lightbox, .lightbox') ? 2 : 1.5;
  if (img.naturalWidth > most * img.clientWidth) out.figures.push(`${img.getAttribute('src')}: drawn ${img.naturalWidth} px, shown ${img.clientWidth}`);
}
for (const t of main.querySelectorAll('table')) {
  const head = t.querySelector('thead tr'), first = [...t.querySelectorAll('tbody tr')].map(r => r.cells[0] ? text(r.cells[0]) : '');
  const counted = head && head.cells[0] && !text(head.cells[0]) && first.length && first.every((v, i) => v === String(i));
  if (t.querySelector('tbody tr > th:first-child') || counted) out.index.push(text(t).slice(0, 80));   // pandas' index, as th or as 0, 1, ...
  for (const c of t.querySelectorAll('td, th')) if (/(\.\.\.|\u2026)$/.test(text(c))) out.truncated.push(text(c).slice(0, 60));
}
for (const o of main.querySelectorAll('.cell-output, table')) {
  const s = text(o);
  for (const [what, re] of [['np.float64(', /np\.float\d+\(/], ['float noise', /\d\.\d*(0{6,}[1-9]|9{6,}\d)\b/], ['NaN', /\bNaN\b|\bnan\b/],
                            ['a truncated table', /^\s*\.\.\.(\s|$)|\s\.\.\.\s*$/m]])
    if (re.test(s)) out.reprs.push(what + ': ' + s.match(re)[0]);
}
const first = [...main.children].find(e => e.id !== 'title-block-header' && text(e));
if (!first || first.tagName !== 'P' || text(first).split(/\s+/).length < 20)
  out.prose.push(first ? first.tagName.toLowerCase() + ': ' + text(first).slice(0, 80) : 'an empty page');
return out;
"""
CHECKS = ('overflow', 'figures', 'index', 'truncated', 'reprs', 'prose')

@pytest.fixture(scope='module')
def site():
    "The built site: `_docs/` as scripts/test.sh built it, or built here."
    if not shutil.which('quarto'):
        if os.environ.get('CI'): pytest.fail('CI must put Quarto on PATH (.ci/run builds it with ../shared/tools/quarto/build.sh)')
        pytest.skip('quarto is not on PATH, so the site is not built: eval "$(../shared/tools/quarto/build.sh ~/.cache/quarto-1.7.34)"')
    if not (SITE/'index.html').exists() or os.environ.get('NOISENB_REBUILD_SITE'):
        exe = Path(sys.executable).parent/'nbdev-docs'
        r = subprocess.run([str(exe) if exe.exists() else 'nbdev-docs'], cwd=ROOT, capture_output=True, text=True)
        assert r.returncode == 0, r.stdout + r.stderr
    pages = sorted(p.relative_to(SITE).as_posix() for p in SITE.rglob('*.html') if '_files' not in p.parts[0])
    assert 'index.html' in pages and len(pages) >= 15, pages
    return pages

@pytest.fixture(scope='module')
def browser():
    d = chromium(); d.set_window_size(WIDTH, 900)
    yield d
    d.quit()

def check_page(driver, url) -> dict:
    "Everything wrong with one page, by check."
    driver.get(url)
    driver.execute_script("return document.fonts ? document.fonts.ready : null")
    driver.execute_async_script("const done = arguments[0]; Promise.all([...document.images].map(i => i.complete ? 1 : "
                                "new Promise(r => { i.onload = i.onerror = r; }))).then(() => done(1))")
    return driver.execute_script(PAGE_JS)

BROKEN = """<html><head><title>broken</title><style>main {{ width: 600px; margin: 0 40px; }}</style></head><body>
<main id="quarto-document-content" class="content"><header id="title-block-header"><h1>Broken</h1></header>
{body}</main></body></html>"""
PROSE = '<p>' + 'A page that opens with a paragraph of prose long enough to say what it is about, as every page should. ' * 2 + '</p>'

@pytest.mark.parametrize('check, body', [
    ('overflow', PROSE + '<pre>' + 'x = 1; ' * 60 + '</pre>'),
    ('overflow', PROSE + '<div style="overflow:hidden"><table style="width:900px"><tr><td>a wide table, cut off</td></tr></table></div>'),
    ('figures', PROSE + '<img src="data:image/svg+xml;utf8,<svg xmlns=%22http://www.w3.org/2000/svg%22 width=%221600%22 height=%2210%22/>" style="max-width:100%">'),
    ('figures', PROSE + '<a class="lightbox"><img src="data:image/svg+xml;utf8,<svg xmlns=%22http://www.w3.org/2000/svg%22 width=%221600%22 height=%2210%22/>" style="max-width:100%"></a>'),
    ('index', PROSE + '<table><thead><tr><th></th><th>acc</th></tr></thead><tbody><tr><th>0</th><td>0.5</td></tr></tbody></table>'),
    ('index', PROSE + '<table><thead><tr><th></th><th>acc</th></tr></thead><tbody><tr><td>0</td><td>0.5</td></tr><tr><td>1</td><td>0.6</td></tr></tbody></table>'),
    ('truncated', PROSE + '<table><tbody><tr><td>higher test accu...</td></tr></tbody></table>'),
    ('reprs', PROSE + '<div class="cell-output"><pre>(np.float64(1.0), 0.8500000000000001)</pre></div>'),
    ('reprs', PROSE + '<table><tbody><tr><td>NaN</td></tr></tbody></table>'),
    ('prose', '<pre>print(1)</pre>' + PROSE),
])
def test_each_check_fails_on_a_broken_page(browser, tmp_path, check, body):
    (tmp_path/'ok.html').write_text(BROKEN.format(body=PROSE + '<pre style="overflow-x:auto">' + 'x = 1; ' * 60 + '</pre>'))
    assert not any(check_page(browser, (tmp_path/'ok.html').as_uri()).values())   # the same page, right
    (tmp_path/'bad.html').write_text(BROKEN.format(body=body))
    found = check_page(browser, (tmp_path/'bad.html').as_uri())
    assert found[check], found

@pytest.fixture(scope='module')
def checked(site, browser):
    return {p: check_page(browser, (SITE/p).as_uri()) for p in site}

def test_every_page_reads_right(checked):
    bad = [f'{p}: {c}: {w}' for p, f in checked.items() for c in CHECKS for w in f[c][:3]]
    assert not bad, '\n'.join(bad)

SHOTS = ROOT/'docs-shots'
SHOT_PAGES = {'home': 'index.html', 'verdicts': 'paper/verdicts.html', 'centralized': 'paper/centralized.html'}

def test_screenshots_of_the_pages_a_reader_comes_for(site, browser):
    "Whole-page screenshots at a laptop's width, committed under docs-shots/ so that a change of the site can be looked at."
    SHOTS.mkdir(exist_ok=True)
    for name, page in SHOT_PAGES.items():
        assert page in site, page
        browser.get((SITE/page).as_uri())
        height = browser.execute_script('return document.documentElement.scrollHeight')
        browser.set_window_size(WIDTH, min(height, 8000))
        try: png = browser.get_screenshot_as_png()
        finally: browser.set_window_size(WIDTH, 900)
        assert png[:8] == b'\x89PNG\r\n\x1a\n' and int.from_bytes(png[20:24], 'big') >= min(height, 8000) * 0.9, (page, height)
        (SHOTS/f'{name}.png').write_bytes(png)

def _targets(page:str):
    "Internal links of a built page: `(target page, anchor)`."
    from bs4 import BeautifulSoup
    s = BeautifulSoup((SITE/page).read_text(), 'html.parser')
    for a in s.select('main a[href], nav a[href]'):
        u = urlparse(a['href'])
        if u.scheme or u.netloc or not (u.path or u.fragment): continue
        target = os.path.normpath(os.path.join(os.path.dirname(page), unquote(u.path))) if u.path else page
        yield target, u.fragment

def test_every_internal_link_and_anchor_resolves(site):
    from bs4 import BeautifulSoup
    ids, bad = {}, []
    for page in site:
        for target, anchor in _targets(page):
            if not (SITE/target).exists(): bad.append(f'{page}: {target} does not exist'); continue
            if not anchor or not target.endswith('.html'): continue
            if target not in ids: ids[target] = {t['id'] for t in BeautifulSoup((SITE/target).read_text(), 'html.parser').select('[id]')}
            if anchor not in ids[target]: bad.append(f'{page}: {target}#{anchor}: no such anchor')
    assert not bad, '\n'.join(sorted(set(bad)))

def test_search_finds_every_page(site):
    entries = json.loads((SITE/'search.json').read_text())
    from bs4 import BeautifulSoup
    for page in site:
        title = BeautifulSoup((SITE/page).read_text(), 'html.parser').select_one('h1.title')
        if title is None: continue
        hits = [e for e in entries if e['href'].split('#')[0] == page and title.get_text().strip() in e['title']]
        assert hits, f'search does not find {page} by its title {title.get_text()!r}'
