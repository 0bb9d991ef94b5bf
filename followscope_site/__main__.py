"""Allow `python -m followscope_site`."""

from followscope_site.cli import main

main()
