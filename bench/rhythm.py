#!/usr/bin/env python
"""The notebook rhythm of nbdev notebooks: lines per export cell, cells of 45+ lines, cells with 3+ definitions, and
test lines per exported line, per notebook and over all of them; beside another project's notebooks, counted the same way.

    python bench/rhythm.py                                  # the library notebooks nbs/[0-9]*.ipynb
    python bench/rhythm.py --compare ../fastcore/nbs --write  # and fastcore's, into bench/RESULTS.md
    python bench/rhythm.py --check                          # exit 1 unless every target is met

What is counted: an export cell is a code cell whose directives include `export` or `exporti`; its lines are its
non-blank lines less the directive lines; its definitions are its top-level `def`s and `class`es (a group of constants
counts as none). Test lines are counted two ways, and the targets hold for both:
- *test statements*: the non-blank lines of the statements of non-exported code cells that call a fastcore `test_*`
  function or assert (a loop of tests counts whole; a demonstration line does not);
- *test cells*: every non-blank line of a non-exported code cell that holds at least one such call (the looser count
  of the issue that set the targets: it measured fastcore at 0.60 and noisenb at 0.24 this way).
"""
import argparse, ast, json, re, statistics, sys
from pathlib import Path

TEST = re.compile(r'\b(test_\w+|test)\(|^\s*assert\b')
TARGETS = dict(mean=15, longest=50, defs=2, tests=0.4)

def cells(nb:Path):
    "The source lines of each code cell of `nb`."
    for c in json.loads(nb.read_text())['cells']:
        if c['cell_type'] == 'code': yield ''.join(c['source']).splitlines()

def test_lines(lines:list[str]) -> int:
    "Non-blank lines of the statements of a cell that test (call `test_*` or assert); by line where it does not parse."
    code = [l if not l.lstrip().startswith(('%', '!', '#|')) else '' for l in lines]
    try: tree = ast.parse('\n'.join(code))
    except SyntaxError: return sum(bool(TEST.search(l)) for l in code)
    def tests(node):
        return any(isinstance(n, ast.Assert) or (isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and
                   (n.func.id == 'test' or n.func.id.startswith('test_'))) for n in ast.walk(node))
    rows = {i for st in tree.body if not isinstance(st, (ast.FunctionDef, ast.ClassDef)) and tests(st)
            for i in range(st.lineno - 1, st.end_lineno)}
    return sum(1 for i in rows if code[i].strip())

def definitions(lines:list[str]) -> int:
    "Top-level `def`s and `class`es of a cell."
    try: tree = ast.parse('\n'.join(l for l in lines if not l.lstrip().startswith(('%', '!'))))
    except SyntaxError: return 0
    return sum(isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) for n in tree.body)

def rhythm(nb:Path) -> dict:
    "The numbers of one notebook, with the raw counts behind them."
    sizes, defs, tests, loose = [], [], 0, 0
    for lines in cells(nb):
        body = [l for l in lines if l.strip() and not re.match(r'\s*#\|', l)]
        if re.search(r'#\|\s*export(i)?\b', ' '.join(l for l in lines if re.match(r'\s*#\|', l))):
            sizes.append(len(body)); defs.append(definitions(lines))
        else:
            t = test_lines(lines); tests += t; loose += len(body) if t else 0
    exported = sum(sizes)
    return dict(cells=len(sizes), exported=exported, mean=exported/len(sizes) if sizes else 0.,
                median=statistics.median(sizes) if sizes else 0, longest=max(sizes, default=0), n45=sum(s >= 45 for s in sizes),
                max_defs=max(defs, default=0), n3defs=sum(d >= 3 for d in defs), tests=tests, loose=loose,
                ratio=tests/exported if exported else 0., ratio_loose=loose/exported if exported else 0.)

def total(rows:dict) -> dict:
    "The numbers over every notebook of `rows`."
    t = {k: sum(r[k] for r in rows.values()) for k in ('cells', 'exported', 'n45', 'n3defs', 'tests', 'loose')}
    return dict(t, mean=t['exported']/max(t['cells'], 1), median='', longest=max(r['longest'] for r in rows.values()),
                max_defs=max(r['max_defs'] for r in rows.values()), ratio=t['tests']/max(t['exported'], 1),
                ratio_loose=t['loose']/max(t['exported'], 1))

HEADER = ('| notebooks | export cells | lines per cell, mean (median) | longest | 45+ lines | most defs | 3+ defs '
          '| test lines per exported line: statements (cells) |\n| --- | --- | --- | --- | --- | --- | --- | --- |')

def row(name:str, r:dict) -> str:
    med = f" ({r['median']:g})" if r['median'] != '' else ''
    return (f"| {name} | {r['cells']} | {r['mean']:.1f}{med} | {r['longest']} | {r['n45']} | {r['max_defs']} | {r['n3defs']} "
            f"| {r['ratio']:.2f} ({r['ratio_loose']:.2f}) |")

def met(t:dict) -> dict:
    "Which targets the totals meet."
    return dict(mean=t['mean'] <= TARGETS['mean'], longest=t['longest'] <= TARGETS['longest'], defs=t['max_defs'] <= TARGETS['defs'],
                tests=min(t['ratio'], t['ratio_loose']) >= TARGETS['tests'])

def notebooks(p:Path) -> list[Path]:
    nbs = [p] if p.suffix == '.ipynb' else sorted(p.glob('[0-9]*.ipynb'))
    if not nbs: sys.exit(f'no notebooks at {p}')
    return nbs

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('path', nargs='?', default='nbs', help='a folder of notebooks (its [0-9]*.ipynb) or one notebook')
    ap.add_argument('--compare', help="another project's notebooks, counted the same way (e.g. fastcore's nbs/)")
    ap.add_argument('--write', action='store_true', help='write the table into bench/RESULTS.md')
    ap.add_argument('--check', action='store_true', help='exit 1 unless every target is met over all the notebooks')
    a = ap.parse_args(argv)
    rows = {nb.stem: rhythm(nb) for nb in notebooks(Path(a.path))}
    t = total(rows); ok = met(t)
    lines = [HEADER] + [row(f'`{k}`', r) for k, r in rows.items()] + [row('**noisenb, all**', t)]
    if a.compare: lines.append(row(f'fastcore, all ({len(notebooks(Path(a.compare)))} notebooks)', total({nb.stem: rhythm(nb) for nb in notebooks(Path(a.compare))})))
    verdict = ('targets (mean export cell <= 15 lines, none over 50, at most 2 definitions per cell, >= 0.4 test lines per '
               'exported line by both counts): ' + ', '.join(f"{k} {'met' if v else 'NOT met'}" for k, v in ok.items()))
    print('\n'.join(lines) + '\n\n' + verdict)
    if a.write:
        sys.path.insert(0, str(Path(__file__).parent)); from common import write_section
        cmd = 'python bench/rhythm.py' + (' --compare PATH/TO/fastcore/nbs' if a.compare else '') + ' --write'
        write_section('Notebook rhythm', f'`{cmd}`, counted as its docstring says.\n\n' + '\n'.join(lines) + '\n\n' + verdict)
    return 0 if all(ok.values()) or not a.check else 1

if __name__ == '__main__': sys.exit(main())
