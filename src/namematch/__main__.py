"""``python -m namematch``: the command line."""

from namematch.cli import run

if __name__ == "__main__":
    run()
