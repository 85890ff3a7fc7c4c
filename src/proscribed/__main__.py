"""Run the command-line interface: ``python -m proscribed``."""

from ._cli import main

main(prog_name="proscribed")
