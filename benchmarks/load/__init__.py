"""The load test of the portal (locust against gunicorn): ``make load`` or ``python -m benchmarks.load``.

Not one of the ``make benchmarks`` measurements: it needs a server of its own and several minutes; see
benchmarks/load/run.py.
"""
