"""Running an installation: gunicorn workers, their memory, and the start-up doctor.

workers.py  — `deskbook serve`: gunicorn worker processes, each warming its search index
memory.py   — keep a long-running worker's memory flat (fewer arenas, malloc_trim)
doctor.py   — put an installation back in order after a crash (`deskbook doctor`, and
              `deskbook serve` on start)
"""
