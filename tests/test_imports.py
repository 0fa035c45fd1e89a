"The package's import graph: no cycle, function-level imports counted, and none but the one that guards an extra."
import ast, json
from pathlib import Path

PKG = Path(__file__).resolve().parents[1]/'noisenb'
# the only function-level import of a noisenb module: the optional Flower engine, imported when it is asked for
GUARDS = {('cli', 'flower')}

def imports(path:Path) -> dict[str, bool]:
    "The noisenb modules `path` imports, each with whether some import of it sits inside a function."
    tree, found = ast.parse(path.read_text()), {}
    def visit(node, in_func):
        for child in ast.iter_child_nodes(node):
            f = in_func or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            names = []
            if isinstance(child, ast.ImportFrom):
                if child.level == 1: names = [child.module or a.name for a in child.names]
                elif (child.module or '').startswith('noisenb.'): names = [child.module.split('.')[1]]
                elif child.module == 'noisenb': names = [a.name for a in child.names]
            elif isinstance(child, ast.Import):
                names = [a.name.split('.')[1] for a in child.names if a.name.startswith('noisenb.')]
            for n in names:
                n = n.split('.')[0]
                if (PKG/f'{n}.py').exists(): found[n] = found.get(n, False) or f
            visit(child, f)
    visit(tree, False)
    return found

def graph() -> dict[str, dict[str, bool]]:
    return {p.stem: imports(p) for p in sorted(PKG.glob('*.py')) if not p.stem.startswith('_')}

def cycle(g:dict) -> list[str]|None:
    "A cycle of `g` as a list of modules, or None."
    state, stack = {}, []
    def dfs(m):
        state[m] = 'open'; stack.append(m)
        for n in g.get(m, {}):
            if state.get(n) == 'open': return stack[stack.index(n):] + [n]
            if n not in state and (c := dfs(n)): return c
        state[m] = 'done'; stack.pop()
    for m in g:
        if m not in state and (c := dfs(m)): return c

def test_the_checker_finds_cycles_and_function_level_imports(tmp_path):
    (tmp_path/'a.py').write_text('from .b import x\n')
    (tmp_path/'b.py').write_text('def f():\n    from noisenb.a import y\n')
    global PKG
    old, PKG = PKG, tmp_path
    try:
        g = graph()
        assert g == {'a': {'b': False}, 'b': {'a': True}}, g
        assert cycle(g) == ['a', 'b', 'a']
    finally: PKG = old

def test_no_import_cycle():
    g = graph()
    assert {'data', 'train', 'experiment', 'cli'} <= set(g)
    assert cycle(g) is None, f'import cycle: {" -> ".join(cycle(g))}'

def notebook_order() -> list[str]:
    "The modules in the order of their numbered notebooks (nbs/NN_*.ipynb, by `default_exp`)."
    mods = []
    for nb in sorted((PKG.parent/'nbs').glob('[0-9][0-9]_*.ipynb')):
        cells = json.loads(nb.read_text())['cells']
        exp = [l.split()[-1] for c in cells for l in ''.join(c['source']).splitlines() if l.startswith('#| default_exp')]
        mods += exp
    return mods

def test_notebooks_are_numbered_in_import_order():
    "core -> data -> noise -> models -> train -> {fed, privacy} -> metrics -> experiment -> report -> cluster -> {flower, sweep} -> cli"
    order, g = notebook_order(), graph()
    assert sorted(order) == sorted(g), (order, sorted(g))
    for m in order:
        later = [n for n in g[m] if order.index(n) > order.index(m)]
        assert not later, f'{m} imports {later}, whose notebooks come after its own'
    for a, b in [('experiment', 'fed'), ('experiment', 'privacy'), ('flower', 'experiment'), ('sweep', 'experiment'),
                 ('cli', 'sweep'), ('cli', 'experiment'), ('fed', 'train'), ('privacy', 'train'), ('train', 'models'),
                 ('models', 'noise'), ('noise', 'core'), ('data', 'core'), ('sweep', 'cluster'), ('flower', 'cluster'),
                 ('report', 'metrics'), ('cli', 'report'), ('fed', 'core')]:
        assert b in g[a], f'{a} should build on {b}'

def test_one_room_per_job():
    "The grid does not reach up to the command, Flower or git; Ray's module knows no grid; the sweep's notebook stays low."
    g = graph()
    assert not {'cli', 'flower'} & set(g['sweep']), g['sweep']
    assert set(g['cluster']) <= {'core'}, g['cluster']
    assert not {'sweep', 'cli', 'flower'} & set(g['report']), g['report']
    src = lambda m: (PKG/f'{m}.py').read_text()
    assert 'def git_commit' in src('cli') and "'git'" not in src('sweep'), 'git belongs to the command'
    assert 'def run_paper' in src('report') and 'def start_ray' in src('cluster') and 'def start_ray' not in src('flower')
    assert 'def train_epoch' in src('train') and 'opt.step()' not in src('noise'), 'the training step lives in train'
    nb = json.loads((PKG.parent/'nbs'/'sweep_point.ipynb').read_text())
    used = {n for c in nb['cells'] if c['cell_type'] == 'code' for n in
            [l.split()[1].split('.')[1] for l in ''.join(c['source']).splitlines() if l.startswith('from noisenb.')]}
    assert used <= {'core', 'data', 'noise', 'models', 'train', 'fed', 'privacy', 'metrics', 'experiment'}, used

def private_imports(path:Path) -> list[str]:
    "The private names (one leading underscore) that `path` takes from other noisenb modules, as 'module._name'."
    tree, found, mods = ast.parse(path.read_text()), [], {}
    private = lambda n: n.startswith('_') and not n.startswith('__')
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.level == 1 or (node.module or '').startswith('noisenb')):
            src = (node.module or '').split('.')[-1]
            for a in node.names:
                if private(a.name): found.append(f'{src}.{a.name}')
                elif node.module in (None, 'noisenb'): mods[a.asname or a.name] = a.name   # `from . import fed`
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith('noisenb.'): mods[a.asname or a.name] = a.name.split('.')[-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in mods and private(node.attr):
            found.append(f'{mods[node.value.id]}.{node.attr}')
    return found

def test_the_private_import_checker_finds_them(tmp_path):
    (tmp_path/'a.py').write_text('from .b import _hidden, shown\nimport noisenb.c as c\nx = c._inner + c.public\n')
    assert private_imports(tmp_path/'a.py') == ['b._hidden', 'c._inner']
    (tmp_path/'ok.py').write_text('from .b import shown\ndef _mine(): return shown.__doc__\n')
    assert private_imports(tmp_path/'ok.py') == []

def test_no_private_name_crosses_modules():
    found = {p.stem: private_imports(p) for p in sorted(PKG.glob('*.py')) if not p.stem.startswith('_')}
    assert not any(found.values()), {k: v for k, v in found.items() if v}

def test_function_level_imports_only_guard_the_flower_extra():
    late = {(m, n) for m, deps in graph().items() for n, in_func in deps.items() if in_func}
    assert late <= GUARDS, f'function-level imports of noisenb modules: {sorted(late - GUARDS)}'

def test_pyflakes_finds_nothing():
    "No unused import, undefined name or redefinition in the exported package (its notebooks' export cells)."
    import io
    from pyflakes.api import checkPath
    from pyflakes.reporter import Reporter
    out = io.StringIO()
    n = sum(checkPath(str(p), Reporter(out, out)) for p in sorted(PKG.glob('*.py')) if p.name != '_modidx.py')
    assert n == 0, out.getvalue()
