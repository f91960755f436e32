"""Load tests of a served Deskbook (gunicorn on 127.0.0.1): `python -m benchmarks.load run`.

Not part of the test pass; results go to benchmarks/load/results/ and README.md.
"""
