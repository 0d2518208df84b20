from lintgoals.cli import main

main()
