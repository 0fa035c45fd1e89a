"Helpers shared by the benchmarks: the CPU they ran on, and writing a section of bench/RESULTS.md."
import platform, re
from pathlib import Path
import torch

def machine() -> str:
    cpu = platform.processor() or ''
    try:
        cpu = next(l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name'))
    except (OSError, StopIteration): pass
    dev = torch.cuda.get_device_name() if torch.cuda.is_available() else f'CPU ({cpu}, {torch.get_num_threads()} threads)'
    return f'{dev}; torch {torch.__version__}; python {platform.python_version()}'

def write_section(name: str, body: str, path=Path(__file__).parent/'RESULTS.md'):
    "Replace (or append) the section `## name` of RESULTS.md with `body`."
    text = path.read_text() if path.exists() else '# Benchmark results\n\nEach section is written by the script it names, run as shown; ratios, not absolute times, are what carry over between machines.\n'
    block = f'## {name}\n\n{body.strip()}\n'
    pat = re.compile(rf'^## {re.escape(name)}\n.*?(?=^## |\Z)', re.S | re.M)
    text = pat.sub(block + '\n', text) if pat.search(text) else text.rstrip() + '\n\n' + block
    path.write_text(text)
    print(block)
