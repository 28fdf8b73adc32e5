"""Run every benchmark of the package in one throwaway database; exit 1 if any misses its target.

A benchmark is a module here with ``run() -> bool`` (True when within its target); a module with only
``main()`` is run too and counts as passed unless it raises. The load test (benchmarks/load: gunicorn and
locust, several minutes) is not among them: ``make load`` or ``python -m benchmarks.load``.
"""

import importlib
import pkgutil
import sys

import benchmarks
from benchmarks import django_setup, throwaway_database


def main() -> int:
    django_setup()
    names = sorted(
        module.name for module in pkgutil.iter_modules(benchmarks.__path__) if not module.name.startswith("_")
    )
    failed = []
    with throwaway_database():
        for name in names:
            module = importlib.import_module(f"benchmarks.{name}")
            print(f"\n== {name} ==")
            if hasattr(module, "run"):
                passed = module.run() is not False
            elif hasattr(module, "main"):
                module.main()
                passed = True
            else:
                continue
            if not passed:
                failed.append(name)
    if failed:
        print(f"\nНе уложились в норму: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
