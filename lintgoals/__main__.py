from lintgoals.cli import run

run()
