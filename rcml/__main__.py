"""``python -m rcml``: the ``rcml`` command, where the console script is not on the PATH."""

from rcml.cli import main

if __name__ == "__main__":
    main()
