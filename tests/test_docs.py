"The docs' paper sections: executed on a results table, rendered to HTML, opened in headless Chromium, every figure shown."
import json, os, shutil, subprocess, sys
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

@pytest.fixture(scope='module')
def rendered(tmp_path_factory):
    from noisenb.sweep import run_paper
    if not STUDY.exists(): pytest.fail(f'{STUDY} is missing: the docs show the committed study run')
    out = tmp_path_factory.mktemp('paper')
    return out, run_paper(STUDY, out)

def test_every_section_renders_with_its_figures(rendered):
    out, pages = rendered
    assert [p.stem for p in pages] == ['01_centralized', '02_federated', '03_snr_pos_poa', '04_privacy', '05_verdicts']
    driver = chromium()
    try:
        for page in pages:
            nb = json.loads(page.with_suffix('.ipynb').read_text())
            n_fig = sum('image/png' in o.get('data', {}) for c in nb['cells'] for o in c.get('outputs', []))
            assert n_fig >= {'05_verdicts': 0}.get(page.stem, 1), f'{page.stem}: no figure was drawn'
            driver.get(page.resolve().as_uri())
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
